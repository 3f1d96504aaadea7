"""A declaration's audit timeline, with a re-conversion's old and new side by side."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

RECONVERTED = "declaration.reconverted"


class ReconvertedConversionSerializer(serializers.Serializer):
    amount_mad = serializers.CharField()
    rate = serializers.CharField()
    rate_date = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    method = serializers.CharField()


class ReconvertedRulebookSerializer(serializers.Serializer):
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()


class ReconvertedVerdictSerializer(serializers.Serializer):
    rulebook = ReconvertedRulebookSerializer()
    version = serializers.IntegerField()
    verdict = serializers.CharField()


class ReconversionSideSerializer(serializers.Serializer):
    conversion = ReconvertedConversionSerializer(
        allow_null=True, help_text="Null while the payment waited (or waits) for its rate."
    )
    verdicts = ReconvertedVerdictSerializer(
        many=True,
        allow_null=True,
        help_text="Its verdict under each rulebook version; null where the event did not record "
        "them.",
    )


class ReconversionSerializer(serializers.Serializer):
    cause = serializers.CharField(help_text="rates_published or non_publication_day_marked")
    before = ReconversionSideSerializer()
    after = ReconversionSideSerializer()


def _reconversion_side(state: dict[str, Any] | None) -> dict[str, Any]:
    state = state or {}
    return {"conversion": state.get("conversion"), "verdicts": state.get("verdicts")}


class AuditEventOutputSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_username")
    action = serializers.CharField()
    object_id = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    reconversion = serializers.SerializerMethodField(
        help_text="A re-conversion after a late or revised publication, old beside new: rate, "
        "MAD amount and verdicts (null for every other event)."
    )

    @extend_schema_field(ReconversionSerializer(allow_null=True))
    def get_reconversion(self, event: Any) -> dict[str, Any] | None:
        if event.action != RECONVERTED:
            return None
        after = event.after or {}
        return ReconversionSerializer(
            {
                "cause": after.get("cause", ""),
                "before": _reconversion_side(event.before),
                "after": _reconversion_side(after),
            }
        ).data
