"""Evidence packs (a manifest with its content hash and the hashes of its data files), export
jobs producing a downloadable file from a pack, and the admin's disclosure policy."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.common.models import UUIDModel
from backend.evidence.conf import MIN_PARTICIPANTS_FLOOR

HASH_LENGTH = 64  # a SHA-256 hex digest


class DisclosurePolicy(models.Model):
    """An admin's raise of the suppression threshold (the latest row applies)."""

    min_participants = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_PARTICIPANTS_FLOOR)],
        help_text="Cells built from fewer participants are hidden from advocates. "
        "It can raise the configured threshold, never lower it.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "disclosure policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants__gte=MIN_PARTICIPANTS_FLOOR),
                name="evidence_policy_k_floor",
            ),
        ]

    def __str__(self) -> str:
        return f"k = {self.min_participants}"


class Audience(models.TextChoices):
    """Who a pack is built for: advocates get disclosure control, regulators exact figures."""

    ADVOCATE = "advocate", "Advocate"
    REGULATOR = "regulator", "Regulator"


class PackStatus(models.TextChoices):
    """Whether a pack's inputs are frozen and its files built."""

    PENDING = "pending", "Pending"
    BUILT = "built", "Built"
    FAILED = "failed", "Failed"


class EvidencePack(UUIDModel):
    """What a pack was asked for (filters, audience, disclosure) and, once built, its inputs
    frozen at its cut-off (a file of the facts and verdicts read, kept on the server with its
    hash), its manifest and the SHA-256 of every file it holds."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    filters = models.JSONField(default=dict)
    disclosure = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.PENDING)
    # Empty until built; then the manifest of the files (its hash is the pack's identity).
    manifest = models.JSONField(default=dict, blank=True)
    manifest_hash = models.CharField(max_length=HASH_LENGTH, blank=True, db_index=True)
    # File name -> SHA-256, the manifest.json included; set when the pack is built.
    file_hashes = models.JSONField(default=dict, blank=True)
    cutoff = models.DateTimeField(null=True, blank=True)
    # The frozen inputs: a random name under MEDIA_ROOT/evidence/inputs/, and their SHA-256.
    inputs_name = models.CharField(max_length=100, blank=True)
    inputs_sha256 = models.CharField(max_length=HASH_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_ok = models.BooleanField(null=True, blank=True)
    # What had changed in the live data since the cut-off, as the last verification found it
    # (declarations added, removed, changed; verdicts changed); None until verified.
    last_current_data = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="evidence_pack_org_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="built") | (Q(cutoff__isnull=False) & ~Q(manifest_hash="")),
                name="evidence_pack_built_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"evidence pack {self.manifest_hash[:12] or self.pk}"


class ExportFormat(models.TextChoices):
    """What an export job produces."""

    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
    PNG = "png", "PNG charts (zip)"
    PACK = "pack", "Evidence pack (zip)"


class ExportStatus(models.TextChoices):
    """Where an export job is."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class EvidenceExport(UUIDModel):
    """A background job building one file of a pack, then downloadable by its organisation."""

    pack = models.ForeignKey(EvidencePack, on_delete=models.PROTECT, related_name="exports")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    # A random name under MEDIA_ROOT/evidence/: never guessable, never the user's input.
    storage_name = models.CharField(max_length=100, blank=True)
    # The name the file is downloaded as: the period and filters (``evidence-2026-all.csv``).
    download_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=HASH_LENGTH, blank=True)
    failure_detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="evidence_export_progress"),
        ]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="evidence_export_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.format} export ({self.status})"


class EvidenceAggregate(models.Model):
    """A calendar year's evidence cubes as last computed (for advocates protected, for
    regulators exact), stored so that the dashboard slices them instead of reading every
    declaration; with the mark of the audit trail they were read at, which says when they are
    out of date."""

    year = models.PositiveSmallIntegerField()
    # "exact", or "published:k=<threshold>" (a change of threshold is another variant).
    variant = models.CharField(max_length=40)
    # The audit trail when the inputs were read: the last event id, and how many events that
    # could change the evidence were recorded since `since` up to it (see aggregates.freshness).
    audit_high = models.BigIntegerField()
    audit_since = models.DateTimeField()
    audit_window = models.IntegerField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long the computation took.")
    declarations = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "variant"], name="evidence_aggregate_once")
        ]

    def __str__(self) -> str:
        return f"evidence {self.year} {self.variant} ({self.computed_at:%Y-%m-%d %H:%M})"
