"""Roles and organisation kinds: the vocabulary authorisation is written in."""

from django.db import models


class Role(models.TextChoices):
    """What a member may do."""

    STARTUP = "startup", "Startup"
    REGULATOR = "regulator", "Regulator"
    ADVOCATE = "advocate", "Advocate"
    ADMIN = "admin", "Administrator"


class OrganisationKind(models.TextChoices):
    """What an organisation is."""

    STARTUP = "startup", "Startup"
    REGULATOR = "regulator", "Regulator"
    ADVOCACY = "advocacy", "Advocacy"


# The only role each kind of organisation may grant (admins may belong to any organisation).
ROLE_FOR_KIND: dict[str, str] = {
    OrganisationKind.STARTUP.value: Role.STARTUP.value,
    OrganisationKind.REGULATOR.value: Role.REGULATOR.value,
    OrganisationKind.ADVOCACY.value: Role.ADVOCATE.value,
}
