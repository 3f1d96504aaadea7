"""Rulebooks, their numbered versions (draft → published → retired) and sandbox cohorts."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from backend.common.models import UUIDModel

# A SHA-256 hex digest of the canonical JSON of a document.
CONTENT_HASH_LENGTH = 64


class ImmutableVersionError(RuntimeError):
    """Raised when code tries to change the content of a published or retired version."""


class RulebookKind(models.TextChoices):
    """The rules in force, or a proposal trialled in the sandbox."""

    IN_FORCE = "in_force", "Rules in force"
    PROPOSED = "proposed", "Proposal"


class VersionStatus(models.TextChoices):
    """Where a version is in its lifecycle."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class CohortStatus(models.TextChoices):
    """Where a cohort is in its trial."""

    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class FlagPolicy(models.TextChoices):
    """Which breaches of a cohort's participants raise a flag for regulators (issue item 6)."""

    # The cohort's proposal governs inside the window; in-force breaches there are evidence only.
    GOVERNING_ONLY = "governing_only", "Breaches of the governing rulebook"
    BOTH = "both", "Breaches of either rulebook"
    # The trial is observed only: the rules in force still raise the flags.
    IN_FORCE_ONLY = "in_force_only", "Breaches of the rules in force"


class Rulebook(UUIDModel):
    """A named set of exchange-control rules, in force or proposed, with numbered versions."""

    name = models.CharField(max_length=200, unique=True)
    # The name as people read it, in each language (`name` stays the rulebook's stable key).
    name_fr = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=RulebookKind.choices)
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class RulebookVersion(UUIDModel):
    """One numbered version of a rulebook: a validated document; frozen once published."""

    rulebook = models.ForeignKey(Rulebook, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    document = models.JSONField()
    content_hash = models.CharField(max_length=CONTENT_HASH_LENGTH)
    effective_from = models.DateField()
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_edited_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("rulebook__name", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["rulebook", "number"], name="rulebook_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="rulebook_version_number_gte_1"
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False),
                name="rulebook_version_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=VersionStatus.RETIRED) | Q(retired_at__isnull=False),
                name="rulebook_version_retired_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-effective_from"], name="rulebook_version_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rulebook} v{self.number} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The last line of defence behind the services: a published document never changes.
        if not self._state.adding:
            stored = (
                RulebookVersion.objects.filter(pk=self.pk)
                .values("status", "document", "content_hash", "effective_from")
                .first()
            )
            if stored is not None and stored["status"] != VersionStatus.DRAFT:
                changed = (
                    stored["document"] != self.document
                    or stored["content_hash"] != self.content_hash
                    or stored["effective_from"] != self.effective_from
                    or self.status == VersionStatus.DRAFT
                )
                if changed:
                    raise ImmutableVersionError(
                        f"version {self.pk} is {stored['status']}: its content cannot change"
                    )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status != VersionStatus.DRAFT:
            raise ImmutableVersionError("a published or retired version is never deleted")
        return super().delete(*args, **kwargs)


class Cohort(UUIDModel):
    """Startups trialling a proposed rulebook version during a test window."""

    name = models.CharField(max_length=200, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    proposed_version = models.ForeignKey(
        RulebookVersion, on_delete=models.PROTECT, related_name="cohorts"
    )
    participants = models.ManyToManyField(
        "accounts.Organisation", related_name="cohorts", blank=True
    )
    status = models.CharField(
        max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED
    )
    flag_policy = models.CharField(
        max_length=20, choices=FlagPolicy.choices, default=FlagPolicy.GOVERNING_ONLY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-starts_on", "name")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cohort_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: Any) -> bool:
        """Whether the test window includes this date (both ends inclusive)."""
        return bool(self.starts_on <= day <= self.ends_on)
