"""Wire shapes of a declaration's documents and of the import jobs that load declarations from
files."""

from typing import Any

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.declarations.categories import DOCUMENT_KINDS
from backend.declarations.models import ImportStatus


class DeclarationDocumentInputSerializer(StrictSerializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=[d.code for d in DOCUMENT_KINDS], default="other")


class DeclarationDocumentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    declaration = serializers.UUIDField(source="declaration_id")
    version = serializers.IntegerField(source="declaration.version")
    kind = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    created_at = serializers.DateTimeField()


class DeclarationImportInputSerializer(StrictSerializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


ImportSummarySerializer = inline_serializer(
    name="DeclarationImportSummary",
    fields={
        "rows": serializers.IntegerField(),
        "valid": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(),
        "errors": serializers.IntegerField(),
    },
)


class DeclarationImportReportEntrySerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class DeclarationImportOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ImportStatus.values)
    progress = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    original_name = serializers.CharField()
    file_format = serializers.CharField()
    size = serializers.IntegerField()
    summary = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    report_truncated = serializers.BooleanField()
    failure_detail = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(ImportSummarySerializer)
    def get_summary(self, obj: Any) -> dict[str, int]:
        return {
            "rows": obj.rows,
            "valid": obj.valid,
            "created": obj.created,
            "duplicates": obj.duplicates,
            "errors": obj.errors,
        }

    @extend_schema_field(DeclarationImportReportEntrySerializer(many=True))
    def get_report(self, obj: Any) -> list[dict[str, Any]]:
        limit = self.context.get("report_limit")
        entries = obj.report if limit is None else obj.report[:limit]
        return [{"row": r, "column": c, "code": code, "message": m} for r, c, code, m in entries]
