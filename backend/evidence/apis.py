"""Evidence endpoints: thin views that parse input and call one selector or service."""

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import Problem
from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulatorOrAdvocate
from backend.evidence import selectors
from backend.evidence.models import ExportStatus
from backend.evidence.serializers import (
    ExportInputSerializer,
    ExportOutputSerializer,
    FiltersSerializer,
    ImpactParticipantListSerializer,
    MeasuresOutputSerializer,
    PackCheckInputSerializer,
    PackCheckOutputSerializer,
    PackOutputSerializer,
    VerifyOutputSerializer,
    filters_of,
)
from backend.evidence.services import (
    ExportRequest,
    evidence_export_request,
    evidence_pack_file_check,
    evidence_pack_verify,
    storage_root,
)

# A pack is a dozen files of a few megabytes; far beyond that a file is not one.
PACK_UPLOAD_MAX_BYTES = 20 * 1024 * 1024

DOWNLOAD_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "png": "application/zip",
    "pack": "application/zip",
}


def _filters(request: Request) -> Any:
    serializer = FiltersSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return filters_of(serializer.validated_data)


class ImpactMeasuresApi(APIView):
    """Impact measures: suppressed and rounded for advocates, exact for regulators."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(
        operation_id="impact_measures_get",
        parameters=[FiltersSerializer],
        responses={200: MeasuresOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        data = selectors.evidence_measures(viewer=request.user, filters=_filters(request))
        return Response(MeasuresOutputSerializer(data).data)


class ImpactParticipantsApi(APIView):
    """Participant-level drill-down for regulators; advocates get a 403 problem."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(
        operation_id="impact_participants_list",
        parameters=[FiltersSerializer],
        responses={200: ImpactParticipantListSerializer},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.evidence_participants(viewer=request.user, filters=_filters(request))
        return Response(ImpactParticipantListSerializer({"results": rows}).data)


class EvidencePackListApi(APIView):
    """The organisation's evidence packs, newest first."""

    permission_classes = [IsRegulatorOrAdvocate]
    ordering = ("-created_at", "-id")

    @extend_schema(
        operation_id="evidence_packs_list", responses={200: paginated(PackOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.evidence_pack_list(viewer=request.user),
            serializer_class=PackOutputSerializer,
            request=request,
            view=self,
        )


class EvidencePackDetailApi(APIView):
    """One pack: its manifest, content hash and data file hashes."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(operation_id="evidence_packs_retrieve", responses={200: PackOutputSerializer})
    def get(self, request: Request, pack_id: Any) -> Response:
        pack = selectors.evidence_pack_get(viewer=request.user, pack_id=pack_id)
        return Response(PackOutputSerializer(pack).data)


class EvidencePackVerifyApi(APIView):
    """Rebuild a built pack's files from its frozen inputs and say whether they are the same,
    and, apart, what changed in the live data since (409 for a pack never built)."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(
        operation_id="evidence_packs_verify", request=None, responses={200: VerifyOutputSerializer}
    )
    def post(self, request: Request, pack_id: Any) -> Response:
        pack = selectors.evidence_pack_get(viewer=request.user, pack_id=pack_id)
        result = evidence_pack_verify(actor=request.user, pack=pack)
        return Response(VerifyOutputSerializer(result).data)


class EvidenceExportListApi(APIView):
    """Export jobs; POST queues one (202) from new filters or an existing pack's manifest."""

    permission_classes = [IsRegulatorOrAdvocate]
    ordering = ("-created_at", "-id")

    @extend_schema(
        operation_id="evidence_exports_list", responses={200: paginated(ExportOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.evidence_export_list(viewer=request.user),
            serializer_class=ExportOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="evidence_exports_create",
        request=ExportInputSerializer,
        responses={202: ExportOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        body = ExportInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        pack = (
            selectors.evidence_pack_get(viewer=request.user, pack_id=data["pack"])
            if "pack" in data
            else None
        )
        filters = None
        if pack is None:
            inner = FiltersSerializer(data=data.get("filters") or {})
            inner.is_valid(raise_exception=True)
            filters = filters_of(inner.validated_data)
        export = evidence_export_request(
            actor=request.user,
            request=ExportRequest(fmt=data["format"], filters=filters, pack=pack),
        )
        return Response(ExportOutputSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class EvidenceExportDetailApi(APIView):
    """One export job: status, progress and, once done, its download link."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(
        operation_id="evidence_exports_retrieve", responses={200: ExportOutputSerializer}
    )
    def get(self, request: Request, export_id: Any) -> Response:
        export = selectors.evidence_export_get(viewer=request.user, export_id=export_id)
        return Response(ExportOutputSerializer(export).data)


class EvidenceExportDownloadApi(APIView):
    """The export's file (409 until it is built)."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(
        operation_id="evidence_exports_download", responses={(200, "*/*"): OpenApiTypes.BINARY}
    )
    def get(self, request: Request, export_id: Any) -> Any:
        export = selectors.evidence_export_get(viewer=request.user, export_id=export_id)
        if export.status != ExportStatus.DONE:
            raise Problem(
                status_code=409, code="export_not_ready", detail="The export is not built yet."
            )
        return FileResponse(
            (storage_root() / export.storage_name).open("rb"),
            as_attachment=True,
            filename=export.download_name,
            content_type=DOWNLOAD_TYPES[export.format],
        )


class EvidencePackCheckApi(APIView):
    """Check an uploaded pack file: every file against its manifest's SHA-256, the derived files
    rebuilt from the pack's own data, and the manifest matched to a pack the organisation built
    here (422 otherwise)."""

    permission_classes = [IsRegulatorOrAdvocate]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="evidence_pack_checks_create",
        request={"multipart/form-data": PackCheckInputSerializer},
        responses={200: PackCheckOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        body = PackCheckInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > PACK_UPLOAD_MAX_BYTES:
            raise Problem(
                status_code=413,
                code="file_too_large",
                detail=f"A pack file is at most {PACK_UPLOAD_MAX_BYTES // 2**20} MB.",
            )
        result = evidence_pack_file_check(actor=request.user, data=upload.read())
        return Response(PackCheckOutputSerializer(result).data)
