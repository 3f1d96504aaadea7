"""Output shapes of screening: the `verdicts` of a declaration (API.md, stable), flags, runs,
backtests, sweeps and headroom; input shapes of the jobs regulators start."""

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from backend.accounts.models import ParticipantFact
from backend.common.serializers import StrictSerializer
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.rulebooks.models import RulebookKind
from backend.screening.models import JobStatus, Verdict

BP_PER_PERCENT = 100
UNIT_LABEL = {"mad_minor": "MAD", "bp": "percent", "days": "days", "count": "count", "none": ""}


def measure_text(value: int | None, unit: str) -> str | None:
    """A measured value or limit as a decimal string in its unit (MAD, percent, days, count)."""
    if value is None or unit == "none":
        return None
    if unit == "mad_minor":
        return str((Decimal(value) / MINOR_PER_MAD).quantize(Decimal("0.01")))
    if unit == "bp":
        return str((Decimal(value) / BP_PER_PERCENT).quantize(Decimal("0.01")))
    return str(value)


class RulebookRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=["in_force", "proposed"])


class VersionRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField()


class WindowSerializer(serializers.Serializer):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)


class FindingOutputSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    rule_kind = serializers.CharField()
    # Compliant outcomes are not stored as findings (see Finding), so never listed here; `open`
    # is a deadline still running (its due date is the window's end).
    outcome = serializers.ChoiceField(choices=["breach", "needs_review", "pending_rate", "open"])
    measured = serializers.CharField(allow_null=True)
    limit = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    window = WindowSerializer()
    contributing = serializers.ListField(
        child=serializers.UUIDField(),
        help_text=(
            "The latest payments (at most 10) making up a cumulative total or structuring window; "
            "a case lists them all at /cases/{id}/contributing/."
        ),
    )
    contributing_count = serializers.IntegerField(
        help_text="How many payments make up that total or window (0 for other findings)."
    )
    missing_facts = serializers.ListField(
        child=serializers.ChoiceField(choices=ParticipantFact.choices),
        help_text="The unknown participant facts the outcome hangs on (needs_review).",
    )
    explanation = serializers.CharField()
    explanation_fr = serializers.CharField()
    explanation_en = serializers.CharField()
    citation = serializers.CharField()
    confidence = serializers.ChoiceField(choices=["official", "press", "secondary", "illustrative"])
    illustrative = serializers.BooleanField()
    severity = serializers.CharField()


class RuleOutcomeOutputSerializer(serializers.Serializer):
    """Which rule a verdict's finding is about and its outcome (the finding itself, with its
    figures, explanation and citation, is in the declaration's own answer)."""

    rule_id = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["breach", "needs_review", "pending_rate", "open"])


class RulebookSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["in_force", "proposed"])


class VerdictSummaryOutputSerializer(serializers.Serializer):
    """A verdict in a list row: the rulebook, its version, the verdict, whether it governs and
    the outcome of each rule not met. A page of a list then weighs the same whatever the
    findings say; `GET /declarations/{id}/` has the findings in full (API.md's shape)."""

    rulebook = RulebookSummarySerializer()
    version = VersionRefSerializer()
    verdict = serializers.ChoiceField(choices=Verdict.values)
    governing = serializers.BooleanField()
    rules = RuleOutcomeOutputSerializer(many=True, source="findings")


class VerdictOutputSerializer(serializers.Serializer):
    rulebook = RulebookRefSerializer()
    version = VersionRefSerializer()
    verdict = serializers.ChoiceField(choices=Verdict.values)
    governing = serializers.BooleanField()
    evaluated_at = serializers.DateTimeField()
    engine_version = serializers.CharField()
    findings = FindingOutputSerializer(many=True)


def finding_data(finding: Any) -> dict[str, Any]:
    """One finding as the API shows it."""
    return {
        "rule_id": finding.rule_id,
        "rule_kind": finding.rule_kind,
        "outcome": finding.outcome,
        "measured": measure_text(finding.measured_minor, finding.unit),
        "limit": measure_text(finding.limit_minor, finding.unit),
        "unit": UNIT_LABEL.get(finding.unit, finding.unit),
        "window": {"start": finding.window_start, "end": finding.window_end},
        "contributing": finding.contributing,
        "contributing_count": finding.contributing_count,
        "missing_facts": finding.missing_facts,
        "explanation": finding.explanation_en,
        "explanation_fr": finding.explanation_fr,
        "explanation_en": finding.explanation_en,
        "citation": finding.citation,
        "confidence": finding.confidence,
        "illustrative": finding.confidence == "illustrative",
        "severity": finding.severity,
    }


class FlagOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    declaration = serializers.UUIDField(source="declaration_id")
    reference = serializers.CharField(source="declaration.reference")
    participant = serializers.SerializerMethodField()
    rulebook = RulebookRefSerializer(source="rulebook_version.rulebook")
    version = VersionRefSerializer(source="rulebook_version")
    rule_id = serializers.CharField()
    value_date = serializers.DateField()
    severity = serializers.CharField()
    confidence = serializers.CharField()
    explanation_fr = serializers.CharField()
    explanation_en = serializers.CharField()
    measured = serializers.SerializerMethodField()
    limit = serializers.SerializerMethodField()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    close_reason = serializers.CharField()
    times_reopened = serializers.IntegerField()

    def get_participant(self, obj: Any) -> dict[str, str]:
        return {"id": str(obj.participant_id), "name": obj.participant.name}

    def get_measured(self, obj: Any) -> str | None:
        return measure_text(obj.measured_minor, obj.unit)

    def get_limit(self, obj: Any) -> str | None:
        return measure_text(obj.limit_minor, obj.unit)


class FlagFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "closed"], required=False)
    participant = serializers.UUIDField(required=False)
    rule_id = serializers.CharField(required=False, max_length=100)


class RunInputSerializer(StrictSerializer):
    since = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, max_length=200, allow_blank=True)


class RunOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reason = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    rulebook_version = serializers.UUIDField(source="rulebook_version_id", allow_null=True)
    status = serializers.ChoiceField(choices=JobStatus.values)
    progress = serializers.IntegerField()
    chunks_total = serializers.IntegerField()
    chunks_done = serializers.IntegerField()
    participants = serializers.IntegerField()
    evaluations_written = serializers.IntegerField()
    verdicts_changed = serializers.IntegerField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class HeadroomRowSerializer(serializers.Serializer):
    rulebook = RulebookRefSerializer()
    version = VersionRefSerializer()
    governing = serializers.BooleanField()
    rule_id = serializers.CharField()
    title_fr = serializers.CharField()
    title_en = serializers.CharField()
    limit = serializers.CharField(
        allow_null=True, help_text="Null when the limit hangs on an unknown fact."
    )
    used = serializers.CharField()
    left = serializers.CharField(allow_null=True, help_text="Null when the limit is unknown.")
    limit_low = serializers.CharField(help_text="The lowest the limit can be, as facts stand.")
    limit_high = serializers.CharField(help_text="The highest the limit can be, as facts stand.")
    left_low = serializers.CharField()
    left_high = serializers.CharField()
    missing_facts = serializers.ListField(
        child=serializers.CharField(),
        help_text="The unknown participant facts the limit hangs on (empty when it is known).",
    )
    pending_count = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    resets_on = serializers.DateField()
    confidence = serializers.CharField()
    illustrative = serializers.BooleanField()
    citation = serializers.CharField()


class HeadroomOutputSerializer(serializers.Serializer):
    participant = serializers.UUIDField()
    as_of = serializers.DateField()
    currency = serializers.CharField()
    rows = HeadroomRowSerializer(many=True)


class HeadroomFilterSerializer(serializers.Serializer):
    participant = serializers.UUIDField(required=False)
    as_of = serializers.DateField(required=False)


class BacktestInputSerializer(StrictSerializer):
    rulebook_version = serializers.UUIDField()
    baseline_version = serializers.UUIDField(required=False, allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class MatrixCellSerializer(serializers.Serializer):
    before = serializers.CharField()
    after = serializers.CharField()
    count = serializers.IntegerField()
    volume_mad = serializers.CharField()


class RuleTallySerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    breaches_before = serializers.IntegerField()
    breaches_after = serializers.IntegerField()
    newly_breached = serializers.IntegerField()
    no_longer_breached = serializers.IntegerField()


class BacktestReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    declarations = serializers.IntegerField()
    participants = serializers.IntegerField()
    participants_affected = serializers.IntegerField()
    transitions = serializers.IntegerField()
    volume_mad_changed = serializers.CharField()
    matrix = MatrixCellSerializer(many=True)
    per_rule = RuleTallySerializer(many=True)


class BacktestOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    rulebook_version = serializers.UUIDField(source="rulebook_version_id")
    rulebook = RulebookRefSerializer(source="rulebook_version.rulebook")
    version_number = serializers.IntegerField(source="rulebook_version.number")
    version_status = serializers.CharField(source="rulebook_version.status")
    baseline_version = serializers.UUIDField(source="baseline_version_id", allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=JobStatus.values)
    progress = serializers.IntegerField()
    report = BacktestReportSerializer(allow_null=True, source="report_or_none")
    failure_detail = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class TransitionOutputSerializer(serializers.Serializer):
    declaration = serializers.UUIDField(source="declaration_id")
    reference = serializers.CharField()
    participant = serializers.UUIDField(source="participant_id")
    value_date = serializers.DateField()
    category = serializers.CharField()
    amount_mad = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    before = serializers.CharField()
    after = serializers.CharField()
    rules_before = serializers.ListField(child=serializers.CharField())
    rules_after = serializers.ListField(child=serializers.CharField())


class SweepInputSerializer(StrictSerializer):
    rulebook_version = serializers.UUIDField()
    rule_id = serializers.CharField(max_length=100)
    parameter = serializers.CharField(max_length=50)
    values = serializers.ListField(
        child=serializers.DecimalField(max_digits=20, decimal_places=2), min_length=1
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class SweepPointSerializer(serializers.Serializer):
    value = serializers.CharField()
    breaches = serializers.IntegerField()
    participants = serializers.IntegerField()
    volume_mad_blocked = serializers.CharField()


class SweepOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    rulebook_version = serializers.UUIDField(source="rulebook_version_id")
    rulebook = RulebookRefSerializer(source="rulebook_version.rulebook")
    version_number = serializers.IntegerField(source="rulebook_version.number")
    rule_id = serializers.CharField()
    parameter = serializers.CharField()
    values = serializers.ListField(child=serializers.CharField())
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=JobStatus.values)
    progress = serializers.IntegerField()
    results = SweepPointSerializer(many=True)
    failure_detail = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class CoverageFilterSerializer(StrictSerializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    participant = serializers.UUIDField(required=False)


class CoverageVersionSerializer(serializers.Serializer):
    class _Rulebook(serializers.Serializer):
        id = serializers.UUIDField()
        name = serializers.CharField()
        kind = serializers.ChoiceField(choices=RulebookKind.choices)

    id = serializers.UUIDField()
    number = serializers.IntegerField()
    rulebook = _Rulebook()


class CoverageOutcomesSerializer(serializers.Serializer):
    compliant = serializers.IntegerField()
    breach = serializers.IntegerField()
    needs_review = serializers.IntegerField()
    pending_rate = serializers.IntegerField()
    open = serializers.IntegerField()


class CoverageMissingSerializer(serializers.Serializer):
    fact = serializers.CharField(
        help_text="The input that was missing: a participant fact (e.g. tax_paid_last_fy), a "
        "declaration date (service_performance_date), counterparty_country, or amount_mad (no "
        "rate published yet for the value date)."
    )
    declarations = serializers.IntegerField(
        allow_null=True, help_text="How many declarations lacked it (withheld for advocates)."
    )


class CoverageRuleSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    kind = serializers.CharField()
    title_fr = serializers.CharField()
    title_en = serializers.CharField()
    confidence = serializers.ChoiceField(choices=["official", "press", "secondary", "illustrative"])
    citation = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["evaluated", "not_evaluated"],
        help_text="not_evaluated: the rule decided no declaration of the period.",
    )
    in_scope = serializers.IntegerField(allow_null=True)
    evaluated = serializers.IntegerField(allow_null=True)
    not_evaluable = serializers.IntegerField(allow_null=True)
    outcomes = CoverageOutcomesSerializer(allow_null=True)
    missing = CoverageMissingSerializer(many=True)


class CoverageReportSerializer(serializers.Serializer):
    version = CoverageVersionSerializer()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    participant = serializers.UUIDField(allow_null=True)
    as_of = serializers.DateField()
    counts_withheld = serializers.BooleanField()
    declarations = serializers.IntegerField(allow_null=True)
    participants = serializers.IntegerField(allow_null=True)
    rules_evaluated = serializers.IntegerField()
    rules = CoverageRuleSerializer(many=True)
