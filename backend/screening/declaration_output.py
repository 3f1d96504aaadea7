"""A declaration as the API shows it: what it says, its conversion and its verdicts.

Its own fields come from the declarations app, the conversion from rates; the verdicts are
screening's, so the shape that joins all three lives here, the lowest app that sees them all.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.declarations.models import Declaration
from backend.declarations.serializers import (
    DeclarationFieldsOutputSerializer,
    DeclarationSummaryFieldsOutputSerializer,
    VersionOutputSerializer,
)
from backend.rates.serializers import ConversionOutputSerializer
from backend.screening.selectors import declaration_verdicts
from backend.screening.serializers import VerdictOutputSerializer, VerdictSummaryOutputSerializer


class ConversionSummaryOutputSerializer(ConversionOutputSerializer):
    """API.md's `conversion` without its sentence (the declaration's own answer has it)."""

    explanation = None  # type: ignore[assignment]


class DeclarationSummaryOutputSerializer(DeclarationSummaryFieldsOutputSerializer):
    """A row of the declarations list: API.md's fields, its conversion and its verdicts in
    brief, so that a page weighs the same however many payments a finding rests on."""

    conversion = ConversionSummaryOutputSerializer(allow_null=True, read_only=True)
    verdicts = serializers.SerializerMethodField()

    @extend_schema_field(VerdictSummaryOutputSerializer(many=True))
    def get_verdicts(self, obj: Declaration) -> Any:
        # One verdicts serializer for every row of a page (see DeclarationOutputSerializer).
        verdicts = getattr(self, "_verdicts", None)
        if verdicts is None:
            verdicts = self._verdicts = VerdictSummaryOutputSerializer(many=True)
        return verdicts.to_representation(declaration_verdicts(declaration=obj))


class DeclarationOutputSerializer(DeclarationFieldsOutputSerializer):
    conversion = ConversionOutputSerializer(allow_null=True, read_only=True)
    verdicts = serializers.SerializerMethodField()

    @extend_schema_field(VerdictOutputSerializer(many=True))
    def get_verdicts(self, obj: Declaration) -> Any:
        # One verdicts serializer for every row of a page: binding its nested fields anew per
        # row made most of a list request's allocations (and its garbage-collection pauses).
        verdicts = getattr(self, "_verdicts", None)
        if verdicts is None:
            verdicts = self._verdicts = VerdictOutputSerializer(many=True)
        return verdicts.to_representation(declaration_verdicts(declaration=obj))


class DeclarationDetailOutputSerializer(DeclarationOutputSerializer):
    versions = serializers.SerializerMethodField()

    @extend_schema_field(VersionOutputSerializer(many=True))
    def get_versions(self, obj: Declaration) -> Any:
        return VersionOutputSerializer(self.context.get("versions", []), many=True).data
