"""Output and input shapes of the rates API, and the `conversion` object of a declaration."""

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.rates.decimals import plain
from backend.rates.explain import explain
from backend.rates.models import Conversion, PayloadFormat, RateSource

METHODS = ["official", "carried_forward", "derived", "estimate"]


def derived_legs(conversion: Conversion) -> tuple[date, date] | None:
    """The publication dates of the EUR (BAM) and foreign (ECB) legs of a derived conversion.

    Read only for derived conversions (a currency BAM does not quote), from the prefetched rate
    rows when the caller prefetched them."""
    if conversion.method != "derived" or conversion.pk is None:
        return None
    days = {row.source: row.published_on for row in conversion.rate_rows.all()}
    if RateSource.BAM not in days or RateSource.ECB not in days:
        return None
    return days[RateSource.BAM], days[RateSource.ECB]


class ExplanationSerializer(serializers.Serializer):
    en = serializers.CharField()
    fr = serializers.CharField()


class ConversionOutputSerializer(serializers.Serializer):
    """API.md's `conversion`: amount in MAD, the rate, its date, source, method, and why."""

    amount_mad = serializers.SerializerMethodField()
    rate = serializers.SerializerMethodField()
    rate_date = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    method = serializers.ChoiceField(choices=METHODS)
    explanation = serializers.SerializerMethodField()

    def get_amount_mad(self, obj: Conversion) -> str:
        return f"{obj.amount_mad:.2f}"

    def get_rate(self, obj: Conversion) -> str:
        return plain(obj.mad_per_unit)

    @extend_schema_field(ExplanationSerializer)
    def get_explanation(self, obj: Conversion) -> dict[str, str]:
        declaration = obj.declaration
        return explain(
            method=obj.method,
            currency=declaration.currency,
            rate_date=obj.rate_date,
            value_date=declaration.value_date,
            legs=derived_legs(obj),
        )


class RateQueryInputSerializer(StrictSerializer):
    currency = serializers.RegexField(r"^[A-Z]{3}$")
    date = serializers.DateField()


class RateOutputSerializer(serializers.Serializer):
    """API.md's rate of a date: MAD for ONE unit of the currency."""

    currency = serializers.CharField()
    date = serializers.DateField(source="value_date")
    mad_per_unit = serializers.SerializerMethodField()
    rate_date = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    method = serializers.ChoiceField(choices=METHODS)
    explanation = serializers.SerializerMethodField()

    def get_mad_per_unit(self, obj: Any) -> str:
        return plain(obj.mad_per_unit)

    @extend_schema_field(ExplanationSerializer)
    def get_explanation(self, obj: Any) -> dict[str, str]:
        return explain(
            method=obj.method,
            currency=obj.currency,
            rate_date=obj.rate_date,
            value_date=obj.value_date,
            legs=obj.legs,
        )


class SeriesQueryInputSerializer(StrictSerializer):
    currency = serializers.RegexField(r"^[A-Z]{3}$")
    start = serializers.DateField()
    end = serializers.DateField()
    page_size = serializers.IntegerField(required=False)  # accepted for symmetry, unused

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "end must not be before start."})
        return attrs


class SeriesPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    mad_per_unit = serializers.CharField()
    method = serializers.ChoiceField(choices=METHODS)


class SeriesOutputSerializer(serializers.Serializer):
    currency = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    points = SeriesPointSerializer(many=True)


class ProviderStatusOutputSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    name = serializers.CharField()
    configured = serializers.BooleanField()
    status = serializers.CharField(help_text="ok, failing, not_configured or never_run")
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    last_success_at = serializers.DateTimeField(allow_null=True)
    last_error_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()
    next_run_at = serializers.DateTimeField(allow_null=True)
    latest_publication = serializers.DateField(allow_null=True)


class RatePayloadOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    payload_format = serializers.CharField()
    origin = serializers.CharField()
    status = serializers.CharField()
    sha256 = serializers.CharField()
    received_at = serializers.DateTimeField()
    filename = serializers.CharField()
    first_date = serializers.DateField(allow_null=True)
    last_date = serializers.DateField(allow_null=True)
    rows_new = serializers.IntegerField()
    rows_revised = serializers.IntegerField()
    rows_unchanged = serializers.IntegerField()
    reason = serializers.CharField()
    detail = serializers.CharField()
    applied_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the declarations these rates change were re-converted and re-screened; "
        "null until the workers have done it.",
    )


class RateFileImportInputSerializer(StrictSerializer):
    source = serializers.ChoiceField(choices=PayloadFormat.choices)  # type: ignore[assignment]
    file = serializers.FileField()


class RateFileImportOutputSerializer(serializers.Serializer):
    payload = RatePayloadOutputSerializer()
    duplicate = serializers.BooleanField()


class SampleOutputSerializer(serializers.Serializer):
    """Which publication dates the stored rates cover, and whether they are the bundled sample."""

    bundled_sample = serializers.BooleanField()
    bam_dates = serializers.ListField(child=serializers.DateField())
    ecb_first = serializers.DateField(allow_null=True)
    ecb_last = serializers.DateField(allow_null=True)


class CalendarQueryInputSerializer(StrictSerializer):
    source = serializers.ChoiceField(choices=RateSource.choices)  # type: ignore[assignment]
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", help_text="YYYY-MM")


class CalendarReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["weekend", "holiday", "closure", "confirmed"])
    fr = serializers.CharField()
    en = serializers.CharField()


class CalendarDayOutputSerializer(serializers.Serializer):
    """One day of a source's publication calendar."""

    date = serializers.DateField()
    state = serializers.ChoiceField(choices=["published", "non_publication", "awaited"])
    currencies = serializers.IntegerField(help_text="Currencies published that day.")
    reason = CalendarReasonSerializer(allow_null=True)
    confirmed_by = serializers.ChoiceField(
        choices=["auto", "regulator"],
        allow_null=True,
        help_text="Who confirmed a business day without publication.",
    )


class CalendarOutputSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    month = serializers.CharField()
    days = CalendarDayOutputSerializer(many=True)


class NonPublicationDayInputSerializer(StrictSerializer):
    source = serializers.ChoiceField(choices=RateSource.choices)  # type: ignore[assignment]
    day = serializers.DateField()
    reason = serializers.CharField(max_length=1000)


class NonPublicationDayOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    day = serializers.DateField()
    origin = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)
