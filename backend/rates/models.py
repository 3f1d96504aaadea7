"""Rate rows with provenance (append-only), the payloads they came from, and provider health."""

from typing import Any

from django.conf import settings
from django.db import models

from backend.common.models import UUIDModel


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a stored rate row."""


class RateSource(models.TextChoices):
    """Who published a rate."""

    BAM = "bam", "Bank Al-Maghrib (transfer rate)"
    ECB = "ecb", "European Central Bank (euro reference rate)"


class PayloadFormat(models.TextChoices):
    """The formats a saved answer can be imported from (`import_rates --source`)."""

    BAM = "bam", "Bank Al-Maghrib CoursVirement JSON"
    ECB_XML = "ecb-xml", "ECB eurofxref XML"
    ECB_CSV = "ecb-csv", "ECB SDMX csvdata"


class PayloadOrigin(models.TextChoices):
    """How a payload reached us."""

    FETCH = "fetch", "Fetched from the provider"
    FILE = "file", "Imported from a file"
    UPLOAD = "upload", "Uploaded by a regulator"


class PayloadStatus(models.TextChoices):
    """What became of a payload."""

    STORED = "stored", "Stored"
    QUARANTINED = "quarantined", "Quarantined"


class RateQuote(models.TextChoices):
    """How a stored value reads."""

    MAD_PER_UNITS = "mad_per_units", "MAD for `unit` units of the currency"
    UNITS_PER_EUR = "units_per_eur", "Units of the currency per one euro"


class RatePayload(UUIDModel):
    """One answer of a source (fetched or imported): its hash, what it held, or why quarantined."""

    source = models.CharField(max_length=8, choices=RateSource.choices)
    payload_format = models.CharField(max_length=8, choices=PayloadFormat.choices)
    origin = models.CharField(max_length=8, choices=PayloadOrigin.choices)
    status = models.CharField(max_length=12, choices=PayloadStatus.choices)
    sha256 = models.CharField(max_length=64, db_index=True)
    received_at = models.DateTimeField()
    filename = models.CharField(max_length=255, blank=True)
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)
    rows_new = models.PositiveIntegerField(default=0)
    rows_revised = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)
    # Quarantine only: the stable reason code, what was wrong, and the body for a regulator to read.
    reason = models.CharField(max_length=40, blank=True)
    detail = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Null until the processing room has re-converted (and re-screened) what the stored rows
    # change: the outbox marker the processing sweep reads.
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-received_at", "-id")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="rates_payload_status_idx"),
            models.Index(
                fields=["received_at"],
                name="rates_payload_unapplied_idx",
                condition=models.Q(status="stored", applied_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.status} {self.received_at:%Y-%m-%d %H:%M}"


class RateRow(UUIDModel):
    """One published rate as the source quoted it; a correction is a new revision, never an edit."""

    payload = models.ForeignKey(RatePayload, on_delete=models.PROTECT, related_name="rows")
    source = models.CharField(max_length=8, choices=RateSource.choices)
    currency = models.CharField(max_length=3)
    published_on = models.DateField()
    quote = models.CharField(max_length=16, choices=RateQuote.choices)
    value = models.DecimalField(max_digits=22, decimal_places=10)
    unit = models.PositiveIntegerField()
    # `value / unit`, exact (units are powers of ten), kept for lookups and the batch path.
    per_unit = models.DecimalField(max_digits=24, decimal_places=12)
    fetched_at = models.DateTimeField()
    payload_sha256 = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(default=1)
    # A revision names the row it revises (which stays, for the record).
    revises = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revised_by"
    )

    class Meta:
        ordering = ("source", "currency", "-published_on", "-revision")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "currency", "published_on", "revision"],
                name="rates_row_revision_unique",
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="rates_row_positive"),
            models.CheckConstraint(condition=models.Q(unit__gt=0), name="rates_unit_positive"),
        ]
        indexes = [
            models.Index(
                fields=["currency", "source", "published_on"], name="rates_row_lookup_idx"
            ),
            models.Index(fields=["published_on"], name="rates_row_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.currency} {self.published_on} r{self.revision}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("rate rows are append-only; store a new revision")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("rate rows are append-only")


class NonPublicationOrigin(models.TextChoices):
    """Who confirmed that a source published nothing on a business day."""

    AUTO = "auto", "The next publication arrived without it"
    REGULATOR = "regulator", "Marked by a regulator"


class NonPublicationDay(UUIDModel):
    """A business day on which a source published nothing, confirmed: a carry-forward may
    cross it. Until it is confirmed, such a day is awaited and declarations of it wait."""

    source = models.CharField(max_length=8, choices=RateSource.choices)
    day = models.DateField()
    origin = models.CharField(max_length=12, choices=NonPublicationOrigin.choices)
    # The regulator's words; empty when the next publication confirmed it.
    reason = models.TextField(blank=True, max_length=1000)
    # The publication that arrived without this day (origin `auto`).
    payload = models.ForeignKey(
        RatePayload, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField()
    # Null until processing re-converted what a regulator's marking changes (the outbox marker;
    # an automatic confirmation rides with its payload's).
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("source", "day")
        constraints = [
            models.UniqueConstraint(fields=["source", "day"], name="rates_non_publication_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.day} ({self.origin})"


class ProviderHealth(models.Model):
    """The last attempt, success and error of one provider, and when it runs next."""

    source = models.CharField(max_length=8, choices=RateSource.choices, primary_key=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("source",)

    def __str__(self) -> str:
        return f"{self.source} health"


class Conversion(UUIDModel):
    """A declaration's amount in MAD, with the rate, its date, source, method and rate rows used."""

    declaration = models.OneToOneField(
        "declarations.Declaration", on_delete=models.PROTECT, related_name="conversion"
    )
    amount_mad = models.DecimalField(max_digits=24, decimal_places=2)
    mad_per_unit = models.DecimalField(max_digits=24, decimal_places=12)
    rate_date = models.DateField()
    source = models.CharField(max_length=16)
    method = models.CharField(max_length=16)
    rate_rows = models.ManyToManyField(RateRow, related_name="conversions", blank=True)
    converted_at = models.DateTimeField()

    class Meta:
        ordering = ("-converted_at", "-id")

    def __str__(self) -> str:
        return f"{self.amount_mad} MAD ({self.method} {self.rate_date})"


class HeldReconversion(models.Model):
    """A re-converted declaration whose re-screening was handed to the workers: its conversion
    and verdicts before, its conversion after and why, kept until the chunk that re-screens its
    participant records the audit event (with the verdicts after) and removes it."""

    declaration = models.ForeignKey(
        "declarations.Declaration", on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # The re-screening run (screening room) whose chunk re-screens the participant.
    run_id = models.UUIDField()
    before = models.JSONField()
    after = models.JSONField()
    held_at = models.DateTimeField()

    class Meta:
        ordering = ("run_id", "participant", "id")
        indexes = [models.Index(fields=["run_id", "participant"], name="rates_held_run_idx")]

    def __str__(self) -> str:
        return f"{self.declaration_id} held for run {self.run_id}"
