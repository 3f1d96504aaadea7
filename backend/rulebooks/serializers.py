"""Wire shapes of the rulebook and cohort endpoints (validation only: no business logic here)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.rule_engine import parse_rulebook
from backend.rule_engine.model import LocalText
from backend.rulebooks.documents import document_to_yaml
from backend.rulebooks.models import (
    CohortStatus,
    FlagPolicy,
    RulebookKind,
    RulebookVersion,
    VersionStatus,
)

ILLUSTRATIVE = "illustrative"
# Some wire names (source, label, fields, errors) are also attribute names of DRF's Field and
# Serializer; the serializer metaclass takes declared fields out of the class, so they do not
# shadow those attributes at run time, and the assignment ignores below only quiet the stubs.


# ---- outputs ----


@extend_schema_field({"type": "string", "nullable": True})
class UserNameField(serializers.Field):
    """A user as their username (null when the shipped-rulebook loader acted)."""

    def to_representation(self, value: Any) -> str:
        return str(value.get_username())


class VersionRulebookSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=RulebookKind.choices)


class VersionSummaryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    rulebook = VersionRulebookSerializer()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    effective_from = serializers.DateField()
    content_hash = serializers.CharField()
    based_on = serializers.UUIDField(source="based_on_id", allow_null=True)
    created_at = serializers.DateTimeField()
    created_by = UserNameField(allow_null=True, read_only=True)
    last_edited_by = UserNameField(allow_null=True, read_only=True)
    last_edited_at = serializers.DateTimeField()
    published_by = UserNameField(allow_null=True, read_only=True)
    published_at = serializers.DateTimeField(allow_null=True)
    retired_by = UserNameField(allow_null=True, read_only=True)
    retired_at = serializers.DateTimeField(allow_null=True)


class CitationOutputSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    edition = serializers.CharField(allow_null=True)
    article = serializers.CharField(allow_null=True)
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    source_url = serializers.CharField(allow_null=True)
    note = serializers.CharField(
        allow_null=True, help_text="The note as the document writes it in English."
    )
    note_fr = serializers.CharField(allow_null=True, help_text="The note in French.")
    note_en = serializers.CharField(allow_null=True, help_text="The note in English.")
    label = serializers.CharField(help_text="Short reference, e.g. `IGOC 2024, art. 97`.")  # type: ignore[assignment]


class TitleSerializer(serializers.Serializer):
    fr = serializers.CharField()
    en = serializers.CharField()


class RuleOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.CharField()
    title = TitleSerializer()
    severity = serializers.CharField()
    confidence = serializers.ChoiceField(choices=["official", "press", "secondary", "illustrative"])
    illustrative = serializers.BooleanField(
        help_text="True when the value has no regulatory source: show it as illustrative."
    )
    citation = CitationOutputSerializer()
    scope = serializers.JSONField()
    params = serializers.JSONField()
    history = serializers.JSONField()
    notes = serializers.CharField(help_text="The rule's notes in English.")
    notes_fr = serializers.CharField(help_text="The rule's notes in French.")
    notes_en = serializers.CharField(help_text="The rule's notes in English.")


def version_rules(version: RulebookVersion) -> list[dict[str, Any]]:
    """Each rule of a stored (valid) document with its citation label and confidence surfaced."""
    parsed = {rule.id: rule for rule in parse_rulebook(version.document).rules}
    rules = []
    for raw in version.document["rules"]:
        rule = parsed[raw["id"]]
        citation = rule.citation
        note = citation.note
        rules.append(
            {
                "id": raw["id"],
                "kind": raw["kind"],
                "title": raw["title"],
                "severity": raw["severity"],
                "confidence": raw["confidence"],
                "illustrative": raw["confidence"] == ILLUSTRATIVE,
                "citation": {
                    "instrument": citation.instrument,
                    "edition": citation.edition,
                    "article": citation.article,
                    "source": citation.source,
                    "source_url": citation.source_url,
                    "note": None if note is None else note.en,
                    "note_fr": None if note is None else note.fr,
                    "note_en": None if note is None else note.en,
                    "label": citation.label(),
                },
                "scope": raw.get("scope") or {},
                "params": raw["params"],
                "history": raw.get("history", []),
                "notes": rule.notes.en,
                "notes_fr": rule.notes.fr,
                "notes_en": rule.notes.en,
            }
        )
    return rules


class VersionDetailOutputSerializer(VersionSummaryOutputSerializer):
    document = serializers.JSONField()
    notes_fr = serializers.SerializerMethodField(help_text="The version's notes in French.")
    notes_en = serializers.SerializerMethodField(help_text="The version's notes in English.")
    source = serializers.SerializerMethodField(help_text="The document as YAML, for the editor.")  # type: ignore[assignment]
    rules = serializers.SerializerMethodField()

    def get_notes_fr(self, version: RulebookVersion) -> str:
        return LocalText.of(version.document.get("version", {}).get("notes")).fr

    def get_notes_en(self, version: RulebookVersion) -> str:
        return LocalText.of(version.document.get("version", {}).get("notes")).en

    def get_source(self, version: RulebookVersion) -> str:
        return document_to_yaml(version.document)

    @extend_schema_field(RuleOutputSerializer(many=True))
    def get_rules(self, version: RulebookVersion) -> list[dict[str, Any]]:
        return version_rules(version)


class RulebookOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=RulebookKind.choices)
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    versions = VersionSummaryOutputSerializer(many=True, source="versions.all")


class FieldChangeSerializer(serializers.Serializer):
    path = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    text = serializers.CharField(help_text="e.g. `params.cap_mad: 2000000.00 → 4000000.00`")


class RuleChangeSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    title = TitleSerializer()
    fields = FieldChangeSerializer(many=True)  # type: ignore[assignment]


class DiffVersionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    rulebook = VersionRulebookSerializer()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    effective_from = serializers.DateField()
    content_hash = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class DiffSummarySerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class DiffOutputSerializer(serializers.Serializer):
    before = DiffVersionSerializer()
    after = DiffVersionSerializer()
    metadata = FieldChangeSerializer(many=True)
    rules = RuleChangeSerializer(many=True)
    summary = DiffSummarySerializer()
    lines = serializers.ListField(child=serializers.CharField())


class ProblemErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField()
    code = serializers.CharField()
    detail = serializers.CharField()


class ValidationOutputSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    errors = ProblemErrorSerializer(many=True)  # type: ignore[assignment]
    document = serializers.JSONField(
        allow_null=True, help_text="The document as read (null when its text does not parse)."
    )
    # Named like the input's `source`; DRF's Field.source is another thing, hence the ignore.
    source = serializers.CharField(  # type: ignore[assignment]
        allow_null=True, help_text="The same document as YAML (null when its text does not parse)."
    )


class ParticipantOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CohortOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CohortStatus.choices)
    flag_policy = serializers.ChoiceField(choices=FlagPolicy.choices)
    proposed_version = DiffVersionSerializer()
    participants = ParticipantOutputSerializer(many=True, source="participants.all")
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


# ---- inputs ----


class RulebookInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    name_fr = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Default: `name`."
    )
    name_en = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Default: `name`."
    )
    kind = serializers.ChoiceField(choices=RulebookKind.choices)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class VersionFilterSerializer(StrictSerializer):
    rulebook = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=VersionStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=RulebookKind.choices, required=False)
    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1)


class DocumentInputSerializer(StrictSerializer):
    """A document as JSON (`document`) or as YAML/JSON text (`source`): exactly one."""

    document = serializers.JSONField(required=False)
    source = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)  # type: ignore[assignment]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("document" in attrs) == ("source" in attrs):
            raise serializers.ValidationError(
                {
                    "document": [
                        serializers.ErrorDetail(
                            "Give the document as `document` (JSON) or `source` (YAML text), "
                            "exactly one of them.",
                            code="document_or_source",
                        )
                    ]
                }
            )
        return attrs


class DraftCreateInputSerializer(DocumentInputSerializer):
    """A new draft of `rulebook`: a document, or a copy of `base_version`."""

    rulebook = serializers.UUIDField()
    base_version = serializers.UUIDField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "base_version" in attrs:
            if "document" in attrs or "source" in attrs:
                raise serializers.ValidationError(
                    {
                        "base_version": [
                            serializers.ErrorDetail(
                                "Copy a base version or give a document, not both.",
                                code="document_or_base_version",
                            )
                        ]
                    }
                )
            return attrs
        return super().validate(attrs)


class ValidateInputSerializer(DocumentInputSerializer):
    """Dry validation; with `rulebook`, the header must also match that rulebook."""

    rulebook = serializers.UUIDField(required=False)


class PublishInputSerializer(StrictSerializer):
    effective_from = serializers.DateField(required=False)


class DiffQuerySerializer(StrictSerializer):
    against = serializers.UUIDField()


class CohortFilterSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=CohortStatus.choices, required=False)
    participant = serializers.UUIDField(required=False)
    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1)


class CohortInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    proposed_version = serializers.UUIDField()
    flag_policy = serializers.ChoiceField(
        choices=FlagPolicy.choices, default=FlagPolicy.GOVERNING_ONLY
    )
    participants = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list
    )


class CohortUpdateInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    proposed_version = serializers.UUIDField(required=False)
    flag_policy = serializers.ChoiceField(choices=FlagPolicy.choices, required=False)


class ParticipantsInputSerializer(StrictSerializer):
    participants = serializers.ListField(child=serializers.UUIDField(), min_length=1)


class ReviewRequestInputSerializer(StrictSerializer):
    reviewer = serializers.UUIDField(
        required=False, allow_null=True, help_text="Another regulator; default: every other one."
    )
