"""A declaration's verdicts (API.md, stable): per rulebook version its outcome, findings with
their measure in words, and the flags raised."""

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from backend.accounts.models import ParticipantFact
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.screening.models import Verdict

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
