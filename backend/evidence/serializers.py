"""Input and output shapes of the evidence endpoints."""

from datetime import date
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.evidence.frames import EvidenceFilters
from backend.evidence.models import Audience, ExportFormat, ExportStatus, PackStatus
from backend.evidence.selectors import ALL_FILTERS
from backend.rulebooks.models import RulebookKind

LABELLED_CHOICES = {"true": True, "false": False}


class FiltersSerializer(serializers.Serializer):
    """The period (default: the current calendar year) and population of the measures."""

    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    cohort = serializers.UUIDField(required=False)
    cluster = serializers.CharField(required=False, max_length=20)
    sector = serializers.CharField(required=False, max_length=100)
    region = serializers.CharField(required=False, max_length=100)
    category = serializers.CharField(required=False, max_length=32)
    channel = serializers.CharField(required=False, max_length=10)
    country = serializers.CharField(required=False, min_length=2, max_length=2)
    # A choice, not a BooleanField: an absent query flag must mean "either", never False.
    labelled = serializers.ChoiceField(choices=sorted(LABELLED_CHOICES), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        year = timezone.localdate().year
        attrs.setdefault("date_from", date(year, 1, 1))
        attrs.setdefault("date_to", date(year, 12, 31))
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError(
                {"date_to": serializers.ErrorDetail("Must not be before date_from.", code="order")}
            )
        return attrs


def filters_of(data: dict[str, Any]) -> EvidenceFilters:
    """Validated filter data as the selectors' filters."""
    values = dict(data)
    if "cohort" in values:
        values["cohort"] = str(values["cohort"])
    if "country" in values:
        values["country"] = values["country"].upper()
    if "labelled" in values:
        values["labelled"] = LABELLED_CHOICES[values["labelled"]]
    return EvidenceFilters(**values)


class RuleSourceSerializer(serializers.Serializer):
    """Where a rule's figures come from: its version, citation and confidence tag; the rulebook's
    name and the rule's title in both languages."""

    version = serializers.CharField(help_text="The rulebook's stable name and version number.")
    version_number = serializers.IntegerField()
    rulebook_name_fr = serializers.CharField()
    rulebook_name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=RulebookKind.choices)
    rule_id = serializers.CharField()
    title = serializers.CharField(help_text="The rule's title in English (as a pack lists it).")
    title_fr = serializers.CharField()
    title_en = serializers.CharField()
    citation = serializers.CharField()
    confidence = serializers.ChoiceField(choices=["official", "press", "secondary", "illustrative"])


class PeriodSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()


class PublishedFilterSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    value = serializers.CharField()


class FilteringSerializer(serializers.Serializer):
    """The filters this viewer may use on the measures (others are refused)."""

    filters = serializers.ListField(child=serializers.ChoiceField(choices=list(ALL_FILTERS)))
    whole_years = serializers.BooleanField(
        help_text="The period must be one whole calendar year (1 January to 31 December)."
    )
    one_at_a_time = serializers.BooleanField(help_text="At most one filter per request.")


class MeasuresOutputSerializer(serializers.Serializer):
    """Every figure of a period and filter. `headline` and each table's rows split each verdict
    pair by basis: `law` (the in-force verdict stands on official or press-reported rules),
    `illustrative` (only on illustrative values) and `TOTAL`."""

    period = PeriodSerializer()
    filter = PublishedFilterSerializer(allow_null=True)
    headline = serializers.JSONField()
    allowances = serializers.JSONField()
    tables = serializers.JSONField()
    unavailable = serializers.DictField(child=serializers.CharField())
    buckets = serializers.ListField(child=serializers.CharField())
    disclosure = serializers.JSONField(allow_null=True)
    rules = RuleSourceSerializer(many=True)
    filtering = FilteringSerializer()
    figures_as_of = serializers.DateTimeField(
        help_text="When these figures were counted from the declarations."
    )
    up_to_date = serializers.BooleanField(
        help_text="False: declarations or verdicts changed since `figures_as_of` and are being "
        "counted (within about a minute); these figures are those of `figures_as_of`."
    )


class ImpactAmountSerializer(serializers.Serializer):
    declarations = serializers.IntegerField()
    mad = serializers.DecimalField(max_digits=24, decimal_places=2, coerce_to_string=True)


class ImpactParticipantRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ImpactParticipantRowSerializer(serializers.Serializer):
    participant = ImpactParticipantRefSerializer()
    cluster = serializers.CharField()
    sector = serializers.CharField()
    region = serializers.CharField()
    declarations = serializers.IntegerField()
    mad = serializers.CharField()
    unlocked = ImpactAmountSerializer()
    breach_both = ImpactAmountSerializer()
    compliant_both = ImpactAmountSerializer()
    newly_blocked = ImpactAmountSerializer()
    review_or_pending = ImpactAmountSerializer()
    not_trialled = ImpactAmountSerializer()
    unlocked_law = ImpactAmountSerializer()
    unlocked_illustrative = ImpactAmountSerializer()


class ImpactParticipantListSerializer(serializers.Serializer):
    results = ImpactParticipantRowSerializer(many=True)


class CurrentDataSerializer(serializers.Serializer):
    """What changed in the live data since the pack's cut-off (the pack itself does not)."""

    differs = serializers.BooleanField()
    declarations_added = serializers.IntegerField()
    declarations_removed = serializers.IntegerField()
    declarations_changed = serializers.IntegerField()
    verdicts_changed = serializers.IntegerField()


class PackOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    audience = serializers.ChoiceField(choices=Audience.values)
    filters = serializers.JSONField()
    status = serializers.ChoiceField(choices=PackStatus.values)
    manifest = serializers.JSONField(help_text="Empty until the pack is built.")
    manifest_hash = serializers.CharField()
    file_hashes = serializers.DictField(child=serializers.CharField())
    cutoff = serializers.DateTimeField(allow_null=True)
    inputs_sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    built_at = serializers.DateTimeField(allow_null=True)
    last_verified_at = serializers.DateTimeField(allow_null=True)
    last_verified_ok = serializers.BooleanField(allow_null=True)
    last_current_data = CurrentDataSerializer(
        allow_null=True,
        help_text="What had changed in the live data since the cut-off at the last "
        "verification (the pack itself does not change); null until verified.",
    )


class VerifyFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    expected = serializers.CharField(allow_null=True)
    actual = serializers.CharField(allow_null=True)
    same = serializers.BooleanField()


class VerifyOutputSerializer(serializers.Serializer):
    reproduces = serializers.BooleanField()
    verified_at = serializers.DateTimeField()
    files = VerifyFileSerializer(many=True)
    current_data = CurrentDataSerializer()


class PackCheckInputSerializer(StrictSerializer):
    """A downloaded pack file (``…-pack.zip``) to check."""

    file = serializers.FileField(max_length=255)


class PackCheckFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    expected = serializers.CharField(allow_null=True)
    actual = serializers.CharField(allow_null=True)
    state = serializers.CharField(help_text="ok, changed, missing or unlisted")
    rebuilt = serializers.CharField(allow_null=True)
    same_as_built = serializers.BooleanField()


class PackCheckOutputSerializer(serializers.Serializer):
    pack = serializers.UUIDField()
    manifest_sha256 = serializers.CharField()
    intact = serializers.BooleanField()
    files = PackCheckFileSerializer(many=True)
    problems = serializers.ListField(child=serializers.CharField())
    rebuild_skipped = serializers.CharField(allow_null=True)


class ExportInputSerializer(StrictSerializer):
    """A format, and either filters (a new manifest) or an existing pack to rerun."""

    format = serializers.ChoiceField(choices=ExportFormat.values)
    pack = serializers.UUIDField(required=False)
    filters = FiltersSerializer(required=False)


class ExportOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    pack = serializers.UUIDField(source="pack_id")
    format = serializers.ChoiceField(choices=ExportFormat.values)
    status = serializers.ChoiceField(choices=ExportStatus.values)
    progress = serializers.IntegerField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    failure_detail = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download_name = serializers.CharField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, obj: Any) -> str | None:
        if obj.status != ExportStatus.DONE:
            return None
        return f"/api/v1/evidence-exports/{obj.pk}/download/"
