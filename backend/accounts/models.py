"""Organisations, participants, users, memberships and machine tokens."""

import uuid
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from backend.common.models import UUIDModel
from backend.common.roles import OrganisationKind, Role


class Cluster(models.TextChoices):
    """Industrial clusters federated by Maroc Clusters (a subset; extend as members join)."""

    SOLAIRE = "SOLAIRE", "Cluster Solaire"
    C2TM = "C2TM", "C2TM — textiles techniques"
    MDC = "MDC", "Morocco Denim & Casual wear"
    CE3M = "CE3M", "CE3M — électronique, mécatronique, mécanique"
    MNC = "MNC", "Morocco Numeric Cluster"
    NONE = "NONE", "Hors cluster"


class Organisation(UUIDModel):
    """A startup, a regulator or an advocacy body."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ParticipantProfile(models.Model):
    """The facts about a startup that exchange rules depend on."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="participant", primary_key=True
    )
    labelled = models.BooleanField(help_text="Labelled or listed as a startup by the ADD.")
    labelled_on = models.DateField(null=True, blank=True)
    incorporated_on = models.DateField()
    has_fx_account = models.BooleanField(help_text="Holds a foreign-currency account.")
    categorised_operator = models.BooleanField(default=False)
    certified_accounts = models.BooleanField(default=False)
    tax_paid_last_fy = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Corporate tax or minimum contribution paid in the last fiscal year, MAD.",
    )
    sector = models.CharField(max_length=100)
    cluster = models.CharField(max_length=20, choices=Cluster.choices, default=Cluster.NONE)
    region = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(labelled=False) | models.Q(labelled_on__isnull=False),
                name="participant_labelled_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(tax_paid_last_fy__gte=0), name="participant_tax_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Participant {self.organisation}"


class User(AbstractUser):
    """A person (or, through tokens, a machine acting for them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Membership(models.Model):
    """The organisation a user acts for, and the role they hold in it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} — {self.role} @ {self.organisation}"


class ApiToken(UUIDModel):
    """A bearer credential for machine clients: only a hash is stored; shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise the token.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, *, now: datetime | None = None) -> bool:
        """Not revoked and not expired."""
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment
