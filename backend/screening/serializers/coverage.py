"""The per-rule coverage report of a rulebook version over a period, and its filter."""

from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.rulebooks.models import RulebookKind


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
