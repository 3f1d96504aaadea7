"""Document endpoints: attach to a declaration, list them, download one."""

from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.permissions import IsStartupOrRegulator
from backend.declarations import selectors
from backend.declarations.apis import StartupWritesRegulatorReads
from backend.declarations.serializers import (
    DeclarationDocumentInputSerializer,
    DeclarationDocumentOutputSerializer,
)
from backend.declarations.services.documents import (
    declaration_document_attach,
    document_max_bytes,
    document_size_check,
    download_name,
)

# Room for the multipart envelope around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class DeclarationDocumentsApi(APIView):
    """The documents of a declaration (all versions); startups attach new ones."""

    permission_classes = [StartupWritesRegulatorReads]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="declaration_documents_list",
        responses={200: DeclarationDocumentOutputSerializer(many=True)},
    )
    def get(self, request: Request, declaration_id: str) -> Response:
        declaration = selectors.declaration_get(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        documents = selectors.document_list(declaration=declaration)
        return Response(DeclarationDocumentOutputSerializer(documents, many=True).data)

    @extend_schema(
        request={"multipart/form-data": DeclarationDocumentInputSerializer},
        responses={201: DeclarationDocumentOutputSerializer},
    )
    def post(self, request: Request, declaration_id: str) -> Response:
        declaration = selectors.declaration_get(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        declared = request.META.get("CONTENT_LENGTH")
        if (
            declared
            and declared.isdigit()
            and int(declared) > document_max_bytes() + MULTIPART_OVERHEAD_BYTES
        ):
            document_size_check(size=int(declared))
        serializer = DeclarationDocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = declaration_document_attach(
            actor=request.user,  # type: ignore[arg-type]
            declaration=declaration,
            upload=serializer.validated_data["file"],
            kind=serializer.validated_data["kind"],
        )
        return Response(
            DeclarationDocumentOutputSerializer(document).data, status=status.HTTP_201_CREATED
        )


class DocumentDownloadApi(APIView):
    """Download a document: its owner organisation and regulators only."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, document_id: str) -> FileResponse:
        document = selectors.document_get(
            viewer=request.user,  # type: ignore[arg-type]
            document_id=document_id,
        )
        response = FileResponse(
            default_storage.open(document.storage_name, "rb"),
            content_type=document.content_type,
        )
        name = download_name(
            original_name=document.original_name, content_type=document.content_type
        )
        ascii_name = name.encode("ascii", "replace").decode().replace('"', "")
        response["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
        )
        response["Cache-Control"] = "private, no-store"
        return response
