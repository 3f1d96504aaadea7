"""The jobs regulators start and what they answer: screening runs, headroom, backtests and
sweeps."""

from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.screening.models import JobStatus
from backend.screening.serializers.verdicts import RulebookRefSerializer, VersionRefSerializer


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
