"""Declarations (versioned), their supporting documents, bulk-import jobs and idempotency keys."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backend.common.models import UUIDModel
from backend.declarations.categories import CATEGORIES, DOCUMENT_KINDS

# 17 integer digits and 3 decimals: room for any ISO 4217 minor unit used in practice (KWD 3).
AMOUNT_MAX_DIGITS = 20
AMOUNT_DECIMAL_PLACES = 3


class Direction(models.TextChoices):
    """Whether money leaves or enters Morocco."""

    OUTGOING = "outgoing", "Outgoing"
    INCOMING = "incoming", "Incoming"


class Channel(models.TextChoices):
    """How the payment was made."""

    CARD = "card", "Card"
    TRANSFER = "transfer", "Transfer"
    OTHER = "other", "Other"


class PaymentKind(models.TextChoices):
    """Whether an outgoing service payment settles a performed service or pays in advance."""

    SETTLEMENT = "settlement", "Settlement"
    ADVANCE = "advance", "Advance"


class ReceiptStatus(models.TextChoices):
    """Where a receipt from a foreign client stands: the money arrived, or it is expected."""

    EXPECTED = "expected", "Expected"
    RECEIVED = "received", "Received"


class DeclarationStatus(models.TextChoices):
    """Where a declaration is in the conversion and screening pipeline."""

    RECEIVED = "received", "Received"
    CONVERTED = "converted", "Converted"
    SCREENED = "screened", "Screened"
    PENDING_RATE = "pending_rate", "Pending rate"
    WITHDRAWN = "withdrawn", "Withdrawn"


CATEGORY_CHOICES = [(c.code, c.label_en) for c in CATEGORIES]
DOCUMENT_KIND_CHOICES = [(d.code, d.label_en) for d in DOCUMENT_KINDS]


class Declaration(UUIDModel):
    """One version of a declared cross-border payment; an amendment is a new row superseding it."""

    # Every index costs each of the 100,000 rows of an import: the organisation is covered by the
    # composite indexes below, and users, tokens and import jobs are deactivated, never deleted.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="declarations",
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Set when a machine client pushed the declaration; the user is then the token's owner.
    api_token = models.ForeignKey(
        "accounts.ApiToken",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    import_job = models.ForeignKey(
        "declarations.DeclarationImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
        db_index=False,
    )
    reference = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    is_current = models.BooleanField(default=True)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    category = models.CharField(max_length=32, choices=CATEGORY_CHOICES)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    amount = models.DecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES)
    currency = models.CharField(max_length=3)
    value_date = models.DateField()
    counterparty_name = models.CharField(max_length=200)
    counterparty_country = models.CharField(max_length=2)
    description = models.TextField(blank=True, max_length=1000)
    service_performance_date = models.DateField(null=True, blank=True)
    expected_repatriation_date = models.DateField(null=True, blank=True)
    # A receipt declared ahead is `expected`: its value date is then the day the money is
    # expected, so it sorts and is screened there until a new version records its arrival.
    receipt_status = models.CharField(
        max_length=10, choices=ReceiptStatus.choices, blank=True, default=""
    )
    payment_kind = models.CharField(
        max_length=10, choices=PaymentKind.choices, default=PaymentKind.SETTLEMENT
    )
    # An advance's contract total, in the payment's currency (the share paid ahead is exact).
    contract_amount = models.DecimalField(
        max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES, null=True, blank=True
    )
    subscription_months = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.RECEIVED
    )
    withdrawal_reason = models.TextField(blank=True, max_length=1000)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Hand-off marker: set in the transaction that accepts the declaration, cleared by the
    # pipeline once conversion and screening are done; the sweep re-sends what stays set.
    processing_requested_at = models.DateTimeField(null=True, blank=True)
    processing_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=models.Q(is_current=True),
                name="declaration_reference_unique_current",
            ),
            models.UniqueConstraint(
                fields=["organisation", "reference", "version"],
                name="declaration_reference_version_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="declaration_amount_pos"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="declaration_version_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(payment_kind=PaymentKind.SETTLEMENT)
                | models.Q(contract_amount__isnull=False, contract_amount__gte=models.F("amount")),
                name="declaration_advance_within_contract",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-value_date"], name="decl_org_value_date_idx"),
            models.Index(fields=["-value_date", "-id"], name="decl_value_date_idx"),
            # The list's other orderings over every participant (a regulator's view).
            models.Index(fields=["-created_at", "-id"], name="decl_created_at_idx"),
            models.Index(fields=["-amount", "-id"], name="decl_amount_idx"),
            models.Index(
                fields=["processing_requested_at"],
                condition=models.Q(processing_requested_at__isnull=False),
                name="decl_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version}"


class DeclarationDocument(UUIDModel):
    """A supporting document (PDF, PNG, JPEG) attached to one version of a declaration."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="documents")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=DOCUMENT_KIND_CHOICES)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # A random name under MEDIA_ROOT: the uploader's file name never reaches the file system.
    storage_name = models.CharField(max_length=255, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.original_name


class ImportStatus(models.TextChoices):
    """Where a bulk import job is."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class DeclarationImport(UUIDModel):
    """A CSV/XLSX upload: its file, progress, summary and row-level report."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    api_token = models.ForeignKey(
        "accounts.ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4)  # csv | xlsx
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    # [[row, column, code, message], ...]; rows numbered as a spreadsheet shows them (header = 1).
    report = models.JSONField(default=list, blank=True)
    report_truncated = models.BooleanField(default=False)
    failure_detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="declaration_import_progress_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"


class IdempotencyKey(models.Model):
    """The stored outcome of a create request sent with an `Idempotency-Key` header."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="idempotency_key_unique_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.key
