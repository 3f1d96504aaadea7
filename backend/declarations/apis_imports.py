"""Bulk-import endpoints: template, upload (dry run or real), progress, row report."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import Problem
from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsStartup
from backend.declarations import selectors
from backend.declarations.apis import organisation_of, token_of
from backend.declarations.bulk.template import template_csv, template_xlsx
from backend.declarations.serializers import (
    DeclarationImportInputSerializer,
    DeclarationImportOutputSerializer,
)
from backend.declarations.services.imports import (
    declaration_import_run,
    declaration_import_start,
    import_report_csv,
    import_size_check,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class DeclarationImportListOutputSerializer(DeclarationImportOutputSerializer):
    """Lists leave the row report out (fetch one import for it)."""

    def get_report(self, obj: Any) -> list[dict[str, Any]]:
        return []


class ImportListCreateApi(APIView):
    """Upload a CSV/XLSX file (202 with the job) or list the organisation's imports."""

    permission_classes = [IsStartup]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="declaration_imports_list",
        responses={200: paginated(DeclarationImportListOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        jobs = selectors.import_list(viewer=request.user)  # type: ignore[arg-type]
        return paginated_response(
            queryset=jobs,
            serializer_class=DeclarationImportListOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request={"multipart/form-data": DeclarationImportInputSerializer},
        responses={202: DeclarationImportOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        # The declared length is checked before the body is read or parsed.
        declared = request.META.get("CONTENT_LENGTH")
        import_size_check(size=int(declared) if declared and declared.isdigit() else None)
        serializer = DeclarationImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = declaration_import_start(
            actor=request.user,  # type: ignore[arg-type]
            organisation=organisation_of(request),
            upload=serializer.validated_data["file"],
            dry_run=serializer.validated_data["dry_run"],
            api_token=token_of(request),
        )
        if job.dry_run:
            # A dry run writes nothing but its report, and the file is bounded: answer it now.
            job = declaration_import_run(import_id=job.pk) or job
        return Response(
            DeclarationImportOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED
        )


class ImportDetailApi(APIView):
    """One import job: status, progress, summary and the first report entries."""

    permission_classes = [IsStartup]

    @extend_schema(responses={200: DeclarationImportOutputSerializer})
    def get(self, request: Request, import_id: str) -> Response:
        job = selectors.import_get(viewer=request.user, import_id=import_id)  # type: ignore[arg-type]
        return Response(DeclarationImportOutputSerializer(job).data)


class ImportReportApi(APIView):
    """The import's row-level report as CSV (row, column, code, message)."""

    permission_classes = [IsStartup]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: Request, import_id: str) -> HttpResponse:
        job = selectors.import_get(viewer=request.user, import_id=import_id)  # type: ignore[arg-type]
        return _attachment(
            import_report_csv(job=job), "text/csv; charset=utf-8", f"import-report-{job.pk}.csv"
        )


class ImportTemplateApi(APIView):
    """The import template, as CSV (default) or XLSX."""

    permission_classes = [IsStartup]

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=["csv", "xlsx"], required=False)],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Unknown kind"),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        kind = request.query_params.get("kind", "csv")
        if kind == "csv":
            return _attachment(template_csv(), "text/csv; charset=utf-8", "declarations.csv")
        if kind == "xlsx":
            return _attachment(template_xlsx(), XLSX_TYPE, "declarations.xlsx")
        raise Problem(status_code=400, code="invalid_kind", detail="kind is csv or xlsx.")
