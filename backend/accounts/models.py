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


class ParticipantFact(models.TextChoices):
    """The participant facts exchange rules read; each is known-true, known-false or unknown."""

    LABELLED = "labelled", "Labelled startup (and since when)"
    HAS_FX_ACCOUNT = "has_fx_account", "Foreign-currency account"
    CATEGORISED_OPERATOR = "categorised_operator", "Categorised operator"
    CERTIFIED_ACCOUNTS = "certified_accounts", "Certified accounts"
    INCORPORATED_ON = "incorporated_on", "Incorporation date (company age)"
    TAX_PAID_LAST_FY = "tax_paid_last_fy", "Tax paid last financial year"
    PRE_REVENUE = "pre_revenue", "Pre-revenue"
    CLUSTER = "is_cluster_member", "Cluster membership"


class ParticipantProfile(models.Model):
    """The facts about a startup that exchange rules depend on. A null fact is unknown, never
    false: a rule that needs it answers needs_review naming it. `fact_sources` keeps, per fact,
    the date it is known as of and where it comes from."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="participant", primary_key=True
    )
    labelled = models.BooleanField(
        null=True, blank=True, help_text="Labelled or listed as a startup by the ADD."
    )
    labelled_on = models.DateField(null=True, blank=True)
    incorporated_on = models.DateField(null=True, blank=True)
    has_fx_account = models.BooleanField(
        null=True, blank=True, help_text="Holds a foreign-currency account."
    )
    categorised_operator = models.BooleanField(null=True, blank=True)
    certified_accounts = models.BooleanField(null=True, blank=True)
    tax_paid_last_fy = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Corporate tax or minimum contribution paid in the last fiscal year, MAD.",
    )
    pre_revenue = models.BooleanField(
        null=True, blank=True, help_text="Has no revenue yet (the startup is pre-revenue)."
    )
    sector = models.CharField(max_length=100)
    cluster = models.CharField(
        max_length=20,
        choices=Cluster.choices,
        default=Cluster.NONE,
        blank=True,
        help_text="Empty: cluster membership unknown.",
    )
    region = models.CharField(max_length=100)
    # {fact: {"as_of": "YYYY-MM-DD", "source": "..."}} for the facts of ParticipantFact.
    fact_sources = models.JSONField(default=dict, blank=True)
    # Set with a change of facts, cleared once the participant is screened again on them (the
    # durable trace of the "participant facts changed" event, swept like the others).
    screening_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(labelled=True) | models.Q(labelled_on__isnull=False),
                name="participant_labelled_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(tax_paid_last_fy__gte=0)
                | models.Q(tax_paid_last_fy__isnull=True),
                name="participant_tax_non_negative",
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
