"""Cases on flagged payments, their requests to startups, internal notes, and who is available
to take new cases."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.common.models import UUIDModel
from backend.reviews.states import CaseState

TEXT_MAX_LENGTH = 5000


class Outcome(models.TextChoices):
    """What a regulator decided: outcomes of a sandbox, not of a fraud inquiry."""

    CLEARED = "cleared", "Cleared"
    BREACH_CONFIRMED = "breach_confirmed", "Breach confirmed"
    ALLOWED_UNDER_SANDBOX = "allowed_under_sandbox", "Allowed under the sandbox"
    ESCALATED = "escalated", "Escalated"


class Priority(models.IntegerChoices):
    """How soon a case should be looked at (1 is the most urgent)."""

    URGENT = 1, "Urgent"
    HIGH = 2, "High"
    NORMAL = 3, "Normal"
    LOW = 4, "Low"


STATE_CHOICES = [(s.value, s.value.replace("_", " ").capitalize()) for s in CaseState]


class CaseKind(models.TextChoices):
    """What a case follows: one payment, or one breach of a cumulative rule in one window."""

    PER_PAYMENT = "per_payment", "Per payment"
    CUMULATIVE = "cumulative", "Cumulative"


class Case(UUIDModel):
    """A regulator's review of a breach: one flagged payment (its per-payment flags), or one
    participant's breach of a cumulative rule in one window, holding every payment that
    breached it there."""

    kind = models.CharField(max_length=12, choices=CaseKind.choices, default=CaseKind.PER_PAYMENT)
    # The payment that opened the case (a cumulative case holds more: see `payments`).
    declaration = models.ForeignKey(
        "declarations.Declaration", on_delete=models.PROTECT, related_name="review_cases"
    )
    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # The breach a cumulative case follows (empty on a per-payment case): the rulebook, not its
    # version, so that a new version of the same rule keeps adding to the same case.
    rulebook = models.ForeignKey(
        "rulebooks.Rulebook", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_id = models.CharField(max_length=100, blank=True)
    window_start = models.DateField(null=True, blank=True)
    window_end = models.DateField(null=True, blank=True)
    flags = models.ManyToManyField("screening.Flag", related_name="cases")
    # How many payments the case holds (the queue shows it without counting rows).
    payment_count = models.PositiveIntegerField(default=1)
    # Cases grouped into this one when cases became one per breach: their trail is this one's.
    merged_case_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=20, choices=STATE_CHOICES, default=CaseState.OPEN.value)
    severity = models.CharField(max_length=10)
    # The MAD total of the payments the case holds: priority and sorting need it without a join.
    amount_mad = models.DecimalField(max_digits=24, decimal_places=2)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    due_at = models.DateTimeField()
    overdue = models.BooleanField(default=False)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    # Set while the case waits for the startup: that time does not count against the SLA.
    awaiting_since = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    rationale = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    waiver_evidence = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    # Bumped by every change: the ETag, so a stale If-Match can never overwrite newer work.
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("priority", "due_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=CaseState.DECIDED) | ~Q(outcome=""),
                name="reviews_decided_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | ~Q(rationale=""),
                name="reviews_outcome_has_rationale",
            ),
            # A payment's per-payment flags make one case.
            models.UniqueConstraint(
                fields=["declaration"],
                condition=Q(kind=CaseKind.PER_PAYMENT),
                name="reviews_one_case_per_payment",
            ),
            # One breach of a cumulative rule makes one case: participant × rule × window.
            models.UniqueConstraint(
                fields=["participant", "rulebook", "rule_id", "window_start", "window_end"],
                condition=Q(kind=CaseKind.CUMULATIVE),
                name="reviews_one_case_per_breach",
            ),
            models.CheckConstraint(
                condition=Q(kind=CaseKind.PER_PAYMENT)
                | (
                    Q(rulebook__isnull=False, window_start__isnull=False, window_end__isnull=False)
                    & ~Q(rule_id="")
                ),
                name="reviews_cumulative_has_key",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "priority", "due_at"], name="reviews_queue_idx"),
            models.Index(fields=["assignee", "state"], name="reviews_assignee_idx"),
            models.Index(fields=["participant", "state"], name="reviews_participant_idx"),
            models.Index(fields=["overdue", "due_at"], name="reviews_overdue_idx"),
            # The queue's orderings (`selectors.ORDERINGS`, id breaking ties, either direction):
            # a page is the first rows of one of these, not a sort of every case.
            models.Index(fields=["priority", "id"], name="reviews_order_priority_idx"),
            models.Index(fields=["due_at", "id"], name="reviews_order_due_idx"),
            models.Index(fields=["opened_at", "id"], name="reviews_order_opened_idx"),
            models.Index(fields=["amount_mad", "id"], name="reviews_order_amount_idx"),
            models.Index(fields=["updated_at", "id"], name="reviews_order_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.state})"

    @property
    def etag(self) -> str:
        """The entity tag of this state of the case (id and version: never reused)."""
        return f'"{self.pk}.{self.version}"'


class CasePayment(models.Model):
    """A payment a case holds: the one that opened it, or a later one of the same breach."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    declaration = models.ForeignKey(
        "declarations.Declaration", on_delete=models.PROTECT, related_name="case_payments"
    )
    # The flag that brought the payment to the case.
    flag = models.ForeignKey(
        "screening.Flag", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attached_at = models.DateTimeField()
    # The payment's MAD amount when attached (the case total is the sum of these).
    amount_mad = models.DecimalField(max_digits=24, decimal_places=2)

    class Meta:
        ordering = ("attached_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["case", "declaration"], name="reviews_payment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} in {self.case_id}"


class RequestKind(models.TextChoices):
    """What a regulator asks a startup for."""

    DOCUMENTS = "documents", "Documents"
    EXPLANATION = "explanation", "Explanation"


class RequestStatus(models.TextChoices):
    """Whether the startup still owes an answer."""

    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CaseRequest(UUIDModel):
    """A regulator's question to the startup on a case, and the startup's answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    message = models.TextField(max_length=TEXT_MAX_LENGTH)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default="open")
    answer_text = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    answer_documents = models.ManyToManyField(
        "declarations.DeclarationDocument", blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-asked_at", "-id")
        indexes = [models.Index(fields=["case", "status"], name="reviews_request_case_idx")]

    def __str__(self) -> str:
        return f"{self.kind} request on {self.case_id} ({self.status})"


class CaseNote(UUIDModel):
    """A regulator's internal note on a case: never shown to the startup."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"note on {self.case_id} by {self.author_id}"


class ReviewerAvailability(models.Model):
    """Whether a regulator takes new cases, and when they last got one (for round-robin)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review_availability",
    )
    available = models.BooleanField(default=True)
    # Position in the round-robin: the regulator with the lowest number gets the next case.
    assignment_seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("user",)

    def __str__(self) -> str:
        return f"{self.user_id}: {'available' if self.available else 'away'}"
