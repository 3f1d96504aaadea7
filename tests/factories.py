"""Test data builders that go through the same services as production code."""

from datetime import date
from decimal import Decimal
from itertools import count

from backend.accounts.models import Organisation, ParticipantProfile, User
from backend.accounts.services import membership_set
from backend.common.roles import OrganisationKind, Role

PASSWORD = "correct-horse-battery-staple"
_seq = count(1)

KIND_FOR_ROLE = {
    Role.STARTUP: OrganisationKind.STARTUP,
    Role.REGULATOR: OrganisationKind.REGULATOR,
    Role.ADVOCATE: OrganisationKind.ADVOCACY,
    Role.ADMIN: OrganisationKind.REGULATOR,
}


def make_organisation(
    *, kind: str = OrganisationKind.STARTUP, name: str = "", **profile: object
) -> Organisation:
    """An organisation; a startup gets a participant profile (labelled, no FX account, every
    fact a rule reads known unless `profile` says None)."""
    organisation = Organisation.objects.create(name=name or f"Org {next(_seq)}", kind=kind)
    if kind == OrganisationKind.STARTUP:
        defaults: dict[str, object] = {
            "labelled": True,
            "labelled_on": date(2024, 1, 15),
            "incorporated_on": date(2023, 6, 1),
            "has_fx_account": False,
            "categorised_operator": False,
            "certified_accounts": False,
            "pre_revenue": False,
            "tax_paid_last_fy": Decimal("50000.00"),
            "sector": "Logiciel",
            "cluster": "MNC",
            "region": "Casablanca-Settat",
        }
        defaults.update(profile)
        ParticipantProfile.objects.create(organisation=organisation, **defaults)
    return organisation


def make_user(
    *, role: str = Role.STARTUP, organisation: Organisation | None = None, username: str = ""
) -> User:
    """A user with a membership (and a fresh organisation of the right kind unless given one)."""
    organisation = organisation or make_organisation(kind=KIND_FOR_ROLE[Role(role)])
    user = User.objects.create_user(username=username or f"user{next(_seq)}", password=PASSWORD)
    from django.db import transaction

    with transaction.atomic():
        membership_set(actor=None, user=user, organisation=organisation, role=role)
    return user
