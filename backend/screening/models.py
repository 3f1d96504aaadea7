"""Screening results and jobs: evaluations with their findings, verdict changes, flags,
re-screening runs, backtests and parameter sweeps.

Evaluations and findings are high-volume internal rows (big integer keys, no public id); what
regulators address through the API (flags, runs, backtests, sweeps) has a UUID.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.common.models import UUIDModel

HASH_LENGTH = 64  # a SHA-256 hex digest
RULE_ID_LENGTH = 100


class Verdict(models.TextChoices):
    """A declaration's verdict under one rulebook version (API.md `verdicts[].verdict`)."""

    COMPLIANT = "compliant", "Compliant"
    BREACH = "breach", "Breach"
    NEEDS_REVIEW = "needs_review", "Needs review"
    PENDING_RATE = "pending_rate", "Pending rate"


class FactsSnapshot(models.Model):
    """The inputs of one participant window's screening, enough to rebuild its facts exactly.

    Declarations are immutable versions, so the facts are the listed declaration ids, the
    documents attached by `taken_at`, and the participant traits stored here; a conversion a late
    or revised publication changed since is rebuilt from its re-conversion's audit event.
    `facts_hash` proves a rebuild is the same input.
    """

    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    facts_start = models.DateField()
    facts_hash = models.CharField(max_length=HASH_LENGTH)
    declaration_ids = models.JSONField()
    traits = models.JSONField()
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "facts_start", "facts_hash"],
                name="screening_snapshot_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"facts {self.facts_hash[:12]} of {self.participant_id}"


class Coverage(models.Model):
    """A run of one participant's declarations screened by one rulebook version: every
    declaration of the facts snapshot valued in [date_from, date_to] was screened by this
    version, and is compliant unless a current `Evaluation` row holds another verdict.

    Most screened declarations are compliant: storing their verdicts as a few runs per
    participant and year, instead of a row per declaration and version, is what keeps a
    re-screening of a million declarations within seconds. A run never crosses 1 January (a
    screening window starts on one) nor a change of the governing rulebook.
    """

    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="screening_coverage"
    )
    rulebook_version = models.ForeignKey(
        "rulebooks.RulebookVersion", on_delete=models.PROTECT, related_name="+"
    )
    date_from = models.DateField()
    date_to = models.DateField()
    # Whether this version governs the participant on these dates (issue 5, item 6).
    governing = models.BooleanField()
    declarations = models.PositiveIntegerField()
    facts_snapshot = models.ForeignKey(FactsSnapshot, on_delete=models.PROTECT, related_name="+")
    engine_version = models.CharField(max_length=20)
    as_of = models.DateField()
    evaluated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "rulebook_version", "date_from"],
                name="screening_coverage_unique",
            ),
            models.CheckConstraint(
                condition=Q(date_to__gte=models.F("date_from")),
                name="screening_coverage_ordered",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.participant_id} × {self.rulebook_version_id}: {self.date_from}..{self.date_to}"
        )


class InputsFingerprint(models.Model):
    """What a participant's latest screening read, from its window start on, as one hash: a
    re-screening that finds the same hash has nothing to evaluate or write for it.

    One row per participant, replaced by every screening of it (from any window start), so a
    hash never vouches for results another screening has rewritten since.
    """

    participant = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    since = models.DateField()
    fingerprint = models.CharField(max_length=HASH_LENGTH)
    screened_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"inputs {self.fingerprint[:12]} of {self.participant_id} from {self.since}"


class Evaluation(models.Model):
    """One declaration screened by one rulebook version with a verdict other than compliant
    (compliant ones are implied by a `Coverage` run): its verdict and provenance."""

    # No single-column indexes on these two: the unique (declaration, version) constraint and the
    # (participant, value date) index lead with them.
    declaration = models.ForeignKey(
        "declarations.Declaration",
        on_delete=models.PROTECT,
        related_name="evaluations",
        db_index=False,
    )
    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rulebook_version = models.ForeignKey(
        "rulebooks.RulebookVersion", on_delete=models.PROTECT, related_name="evaluations"
    )
    value_date = models.DateField()
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    # Whether this version governs the participant on the value date (issue 5, item 6).
    governing = models.BooleanField()
    # False once the declaration was withdrawn or amended: kept for the record, never shown live.
    is_current = models.BooleanField(default=True)
    engine_version = models.CharField(max_length=20)
    facts_snapshot = models.ForeignKey(FactsSnapshot, on_delete=models.PROTECT, related_name="+")
    facts_hash = models.CharField(max_length=HASH_LENGTH)
    # Hash of the non-compliant findings: a re-run compares it and writes nothing when equal.
    findings_hash = models.CharField(max_length=HASH_LENGTH)
    as_of = models.DateField()
    rate_row_ids = models.JSONField(default=list)
    evaluated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "rulebook_version"], name="screening_evaluation_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "value_date"], name="screening_eval_part_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} × {self.rulebook_version_id}: {self.verdict}"


class Finding(models.Model):
    """A non-compliant outcome of one rule for one evaluation.

    Compliant outcomes are not stored row by row: a declaration meets about five rules per
    rulebook, so storing them would multiply the table tenfold for no decision; the verdict says
    the rest was checked, and headroom shows the cumulative position.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    rule_id = models.CharField(max_length=RULE_ID_LENGTH)
    rule_kind = models.CharField(max_length=30)
    outcome = models.CharField(max_length=20, choices=Verdict.choices)
    measured_minor = models.BigIntegerField(null=True)
    limit_minor = models.BigIntegerField(null=True)
    unit = models.CharField(max_length=10)
    window_start = models.DateField(null=True)
    window_end = models.DateField(null=True)
    # The latest few payments making up a cumulative total or structuring window (at most
    # rule_engine.CONTRIBUTING_SAMPLE ids) and how many make it up: the whole list grows with the
    # square of a participant's declarations, so it is computed on demand when a case needs it.
    contributing = models.JSONField(default=list)
    contributing_count = models.PositiveIntegerField(default=0)
    # The unknown participant facts the outcome hangs on (rule engine names), e.g. tax paid.
    missing_facts = models.JSONField(default=list, blank=True)
    explanation_fr = models.TextField()
    explanation_en = models.TextField()
    severity = models.CharField(max_length=10)
    confidence = models.CharField(max_length=15)
    citation = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "rule_id"], name="screening_finding_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.outcome}"


class VerdictChange(models.Model):
    """A verdict that changed on re-screening (before → after), with why."""

    declaration = models.ForeignKey(
        "declarations.Declaration", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    rulebook_version = models.ForeignKey(
        "rulebooks.RulebookVersion", on_delete=models.PROTECT, related_name="+"
    )
    before = models.CharField(max_length=20)
    # Empty when the declaration left the screening (withdrawn or amended).
    after = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=200)
    run = models.ForeignKey(
        "screening.ScreeningRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-changed_at", "-id")
        indexes = [models.Index(fields=["declaration", "-changed_at"], name="screening_change_idx")]

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.before} → {self.after or '—'}"


class FlagStatus(models.TextChoices):
    """Whether a flag still needs a regulator's attention."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Flag(UUIDModel):
    """A breach of a flag-raising rulebook version, for regulators (one per declaration × rule ×
    version); a later case refers to it by its id."""

    declaration = models.ForeignKey(
        "declarations.Declaration", on_delete=models.PROTECT, related_name="flags"
    )
    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    rulebook_version = models.ForeignKey(
        "rulebooks.RulebookVersion", on_delete=models.PROTECT, related_name="flags"
    )
    rule_id = models.CharField(max_length=RULE_ID_LENGTH)
    # The rule's kind and the window its finding measured: a cumulative rule's breach in one
    # window is one case, whichever payments of the window breach it.
    rule_kind = models.CharField(max_length=30, blank=True)
    window_start = models.DateField(null=True, blank=True)
    window_end = models.DateField(null=True, blank=True)
    value_date = models.DateField()
    severity = models.CharField(max_length=10)
    confidence = models.CharField(max_length=15)
    explanation_fr = models.TextField()
    explanation_en = models.TextField()
    measured_minor = models.BigIntegerField(null=True)
    limit_minor = models.BigIntegerField(null=True)
    unit = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=300, blank=True)
    times_reopened = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-opened_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "rulebook_version", "rule_id"], name="screening_flag_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=FlagStatus.OPEN) | Q(closed_at__isnull=False),
                name="screening_flag_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="screening_flag_status_idx"),
            models.Index(fields=["participant", "value_date"], name="screening_flag_part_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} on {self.declaration_id} ({self.status})"


class JobStatus(models.TextChoices):
    """Where a background job is."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ScreeningRun(UUIDModel):
    """A batch re-screening, partitioned by participant into chunks run by the workers."""

    reason = models.CharField(max_length=200)
    since = models.DateField(null=True, blank=True)
    rulebook_version = models.ForeignKey(
        "rulebooks.RulebookVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)
    evaluations_written = models.PositiveIntegerField(default=0)
    verdicts_changed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"re-screening {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def progress(self) -> int:
        """Percent of chunks done."""
        if self.chunks_total == 0:
            return 100 if self.status == JobStatus.DONE else 0
        return self.chunks_done * 100 // self.chunks_total


class ScreeningRunChunk(models.Model):
    """One task's share of a run: a set of whole participants."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    participant_ids = models.JSONField()
    done = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("run", "number")
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="screening_chunk_unique"),
        ]

    def __str__(self) -> str:
        return f"chunk {self.number} of {self.run_id}"


class AnalysisJob(UUIDModel):
    """A rulebook version run over a period of history in the background, never touching live
    verdicts (a backtest or a sweep): what it runs, where it is, who asked for it."""

    rulebook_version = models.ForeignKey(
        "rulebooks.RulebookVersion", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    failure_detail = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_max"
            ),
        ]


class Backtest(AnalysisJob):
    """A version compared with a baseline over a period, and its report."""

    # Compared against: this version, or (null) the in-force version of each value date.
    baseline_version = models.ForeignKey(
        "rulebooks.RulebookVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"backtest {self.rulebook_version_id} {self.period_start}..{self.period_end}"

    @property
    def report_or_none(self) -> dict | None:
        """The report once there is one."""
        return self.report or None


class BacktestTransition(models.Model):
    """One declaration whose verdict differs between the baseline and the backtested version."""

    backtest = models.ForeignKey(Backtest, on_delete=models.CASCADE, related_name="transitions")
    declaration = models.ForeignKey(
        "declarations.Declaration", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=64)
    value_date = models.DateField()
    category = models.CharField(max_length=32)
    amount_mad = models.DecimalField(max_digits=24, decimal_places=2, null=True)
    before = models.CharField(max_length=20)
    after = models.CharField(max_length=20)
    rules_before = models.JSONField(default=list)
    rules_after = models.JSONField(default=list)

    class Meta:
        ordering = ("backtest", "value_date", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["backtest", "declaration"], name="screening_transition_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.before} → {self.after}"


class Sweep(AnalysisJob):
    """One numeric parameter of one rule varied over a range: the resulting curve."""

    rule_id = models.CharField(max_length=RULE_ID_LENGTH)
    parameter = models.CharField(max_length=50)
    values = models.JSONField()  # decimal strings, in the order asked
    results = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"sweep {self.rule_id}.{self.parameter}"
