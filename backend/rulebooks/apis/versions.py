"""Rulebook version endpoints: drafts, detail, publish, retire, review requests, diff and
validation."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator
from backend.rulebooks import selectors
from backend.rulebooks.apis.base import PROBLEM, submitted_document, version_detail
from backend.rulebooks.diff import rulebook_version_diff
from backend.rulebooks.documents import (
    document_errors,
    document_parse_source,
    document_to_json,
    document_to_yaml,
)
from backend.rulebooks.serializers import (
    DiffOutputSerializer,
    DiffQuerySerializer,
    DocumentInputSerializer,
    DraftCreateInputSerializer,
    PublishInputSerializer,
    ReviewRequestInputSerializer,
    ValidateInputSerializer,
    ValidationOutputSerializer,
    VersionDetailOutputSerializer,
    VersionFilterSerializer,
    VersionSummaryOutputSerializer,
)
from backend.rulebooks.services import versions as version_services


class VersionListCreateApi(APIView):
    """Versions (filter by rulebook, status, kind); create a draft."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="rulebook_versions_list",
        parameters=[VersionFilterSerializer],
        responses={200: paginated(VersionSummaryOutputSerializer), 403: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        filters = VersionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            queryset=selectors.rulebook_version_list(
                viewer=request.user, filters=filters.validated_data
            ),
            serializer_class=VersionSummaryOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request=DraftCreateInputSerializer,
        responses={201: VersionDetailOutputSerializer, 400: PROBLEM, 403: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = DraftCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rulebook = selectors.rulebook_referenced(
            viewer=request.user, rulebook_id=data["rulebook"], pointer="/rulebook"
        )
        base = None
        if "base_version" in data:
            base = selectors.rulebook_version_referenced(
                viewer=request.user, version_id=data["base_version"], pointer="/base_version"
            )
        version = version_services.rulebook_version_create_draft(
            actor=request.user,  # type: ignore[arg-type]
            rulebook=rulebook,
            document=None if base else submitted_document(data),
            base_version=base,
        )
        return Response(version_detail(version), status=status.HTTP_201_CREATED)


class VersionDetailApi(APIView):
    """One version with its document and rules; PUT/PATCH replace a draft's document."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: VersionDetailOutputSerializer, 403: PROBLEM, 404: PROBLEM})
    def get(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        return Response(version_detail(version))

    @extend_schema(
        request=DocumentInputSerializer,
        responses={200: VersionDetailOutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def put(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        serializer = DocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = version_services.rulebook_version_update_draft(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            document=submitted_document(serializer.validated_data),
        )
        return Response(version_detail(updated))

    @extend_schema(
        request=DocumentInputSerializer,
        responses={200: VersionDetailOutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def patch(self, request: Request, version_id: str) -> Response:
        # The document is the only editable part of a draft, so PATCH replaces it like PUT.
        return self.put(request, version_id)


class VersionPublishApi(APIView):
    """Publish a draft (four eyes: not by its last editor)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=PublishInputSerializer,
        responses={200: VersionDetailOutputSerializer, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        serializer = PublishInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        published = version_services.rulebook_version_publish(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            effective_from=serializer.validated_data.get("effective_from"),
        )
        return Response(version_detail(published))


class VersionRetireApi(APIView):
    """Retire a published version."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=None, responses={200: VersionDetailOutputSerializer, 404: PROBLEM, 409: PROBLEM}
    )
    def post(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        retired = version_services.rulebook_version_retire(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
        )
        return Response(version_detail(retired))


class VersionRequestReviewApi(APIView):
    """Ask a second regulator to review a draft (they are notified in the app and by e-mail)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=ReviewRequestInputSerializer,
        responses={200: VersionDetailOutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        serializer = ReviewRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        asked = version_services.rulebook_version_request_review(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            reviewer_id=serializer.validated_data.get("reviewer"),
        )
        return Response(version_detail(asked))


class VersionDiffApi(APIView):
    """What changed from `against` to this version, rule by rule and field by field."""

    permission_classes = [IsRegulator]

    @extend_schema(
        parameters=[DiffQuerySerializer],
        responses={200: DiffOutputSerializer, 400: PROBLEM, 404: PROBLEM},
    )
    def get(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        query = DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        against = selectors.rulebook_version_referenced(
            viewer=request.user, version_id=query.validated_data["against"], pointer="/against"
        )
        return Response(rulebook_version_diff(version=version, against=against))


class VersionValidateApi(APIView):
    """Dry validation for the editor: every error with its pointer; nothing is stored."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=ValidateInputSerializer,
        responses={200: ValidationOutputSerializer, 400: PROBLEM, 403: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = ValidateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expected: dict[str, str] = {}
        if "rulebook" in data:
            rulebook = selectors.rulebook_referenced(
                viewer=request.user, rulebook_id=data["rulebook"], pointer="/rulebook"
            )
            expected = {"expected_name": rulebook.name, "expected_kind": rulebook.kind}
        if "source" in data:
            document, errors = document_parse_source(data["source"])
        else:
            document, errors = data["document"], []
        stored = None
        if not errors:
            stored = document_to_json(document)
            errors = document_errors(
                stored,
                **expected,
                in_force_document=version_services.in_force_document_for(stored),
            )
        return Response(
            {
                "valid": not errors,
                "errors": [e.as_problem_error() for e in errors],
                # The same document both ways, so the editor can switch between its form and
                # its text without parsing YAML itself.
                "document": stored,
                "source": None if stored is None else document_to_yaml(stored),
            }
        )
