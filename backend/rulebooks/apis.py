"""Rulebook, version and cohort endpoints (regulators only): thin views over services/selectors."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.selectors import organisations_named
from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator
from backend.rule_engine import rulebook_schema
from backend.rulebooks import selectors
from backend.rulebooks.diff import rulebook_version_diff
from backend.rulebooks.documents import (
    document_errors,
    document_parse_source,
    document_to_json,
    document_to_yaml,
    invalid_document_problem,
)
from backend.rulebooks.models import RulebookVersion
from backend.rulebooks.serializers import (
    CohortFilterSerializer,
    CohortInputSerializer,
    CohortOutputSerializer,
    CohortUpdateInputSerializer,
    DiffOutputSerializer,
    DiffQuerySerializer,
    DocumentInputSerializer,
    DraftCreateInputSerializer,
    ParticipantOutputSerializer,
    ParticipantsInputSerializer,
    PublishInputSerializer,
    ReviewRequestInputSerializer,
    RulebookInputSerializer,
    RulebookOutputSerializer,
    ValidateInputSerializer,
    ValidationOutputSerializer,
    VersionDetailOutputSerializer,
    VersionFilterSerializer,
    VersionSummaryOutputSerializer,
)
from backend.rulebooks.services import cohorts as cohort_services
from backend.rulebooks.services import versions as version_services

PROBLEM = OpenApiResponse(description="Problem details (application/problem+json).")


def _document_of(data: dict[str, Any]) -> Any:
    """The submitted document: JSON as given, or parsed from YAML/JSON text (400 on syntax)."""
    if "source" in data:
        parsed, errors = document_parse_source(data["source"])
        if errors:
            raise invalid_document_problem(errors)
        return parsed
    return data["document"]


def _detail(version: RulebookVersion) -> dict[str, Any]:
    return dict(VersionDetailOutputSerializer(version).data)


class RulebookListCreateApi(APIView):
    """Rulebooks with their versions; create an empty rulebook."""

    permission_classes = [IsRegulator]
    ordering = ("name",)

    @extend_schema(
        operation_id="rulebooks_list",
        responses={200: paginated(RulebookOutputSerializer), 403: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.rulebook_list(viewer=request.user),
            serializer_class=RulebookOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request=RulebookInputSerializer,
        responses={201: RulebookOutputSerializer, 400: PROBLEM, 403: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = RulebookInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rulebook = version_services.rulebook_create(
            actor=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        rulebook = selectors.rulebook_get(viewer=request.user, rulebook_id=rulebook.pk)
        return Response(RulebookOutputSerializer(rulebook).data, status=status.HTTP_201_CREATED)


class RulebookDetailApi(APIView):
    """One rulebook with its versions."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: RulebookOutputSerializer, 403: PROBLEM, 404: PROBLEM})
    def get(self, request: Request, rulebook_id: str) -> Response:
        rulebook = selectors.rulebook_get(viewer=request.user, rulebook_id=rulebook_id)
        return Response(RulebookOutputSerializer(rulebook).data)


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
            document=None if base else _document_of(data),
            base_version=base,
        )
        return Response(_detail(version), status=status.HTTP_201_CREATED)


class VersionDetailApi(APIView):
    """One version with its document and rules; PUT/PATCH replace a draft's document."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: VersionDetailOutputSerializer, 403: PROBLEM, 404: PROBLEM})
    def get(self, request: Request, version_id: str) -> Response:
        version = selectors.rulebook_version_get(viewer=request.user, version_id=version_id)
        return Response(_detail(version))

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
            document=_document_of(serializer.validated_data),
        )
        return Response(_detail(updated))

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
        return Response(_detail(published))


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
        return Response(_detail(retired))


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
        return Response(_detail(asked))


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


class RulebookSchemaApi(APIView):
    """The published JSON Schema (draft 2020-12) every rulebook document follows."""

    permission_classes = [IsRegulator]

    @extend_schema(
        responses={200: OpenApiResponse(description="The JSON Schema document."), 403: PROBLEM}
    )
    def get(self, request: Request) -> Response:
        return Response(rulebook_schema())


# ---- cohorts ----


def _published_version(request: Request, pk: Any) -> RulebookVersion:
    return selectors.rulebook_version_referenced(
        viewer=request.user, version_id=pk, pointer="/proposed_version"
    )


def _cohort_out(request: Request, cohort_id: Any) -> dict[str, Any]:
    cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
    return dict(CohortOutputSerializer(cohort).data)


class CohortListCreateApi(APIView):
    """Sandbox cohorts; create a planned one."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="cohorts_list",
        parameters=[CohortFilterSerializer],
        responses={200: paginated(CohortOutputSerializer), 403: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        filters = CohortFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            queryset=selectors.cohort_list(viewer=request.user, filters=filters.validated_data),
            serializer_class=CohortOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request=CohortInputSerializer,
        responses={201: CohortOutputSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = CohortInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cohort = cohort_services.cohort_create(
            actor=request.user,  # type: ignore[arg-type]
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            proposed_version=_published_version(request, data["proposed_version"]),
            flag_policy=data["flag_policy"],
            participants=organisations_named(ids=data["participants"], pointer="/participants"),
        )
        return Response(_cohort_out(request, cohort.pk), status=status.HTTP_201_CREATED)


class CohortDetailApi(APIView):
    """One cohort; PATCH changes it (within what its status allows); DELETE a planned one."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: CohortOutputSerializer, 403: PROBLEM, 404: PROBLEM})
    def get(self, request: Request, cohort_id: str) -> Response:
        return Response(_cohort_out(request, cohort_id))

    @extend_schema(
        request=CohortUpdateInputSerializer,
        responses={200: CohortOutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def patch(self, request: Request, cohort_id: str) -> Response:
        cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
        serializer = CohortUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "proposed_version" in data:
            data["proposed_version"] = _published_version(request, data["proposed_version"])
        cohort_services.cohort_update(
            actor=request.user,  # type: ignore[arg-type]
            cohort=cohort,
            changes=cohort_services.CohortChanges(**data),
        )
        return Response(_cohort_out(request, cohort_id))

    @extend_schema(request=None, responses={204: None, 404: PROBLEM, 409: PROBLEM})
    def delete(self, request: Request, cohort_id: str) -> Response:
        cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
        cohort_services.cohort_delete(actor=request.user, cohort=cohort)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class CohortParticipantsApi(APIView):
    """A cohort's participants; POST adds startups to it."""

    permission_classes = [IsRegulator]
    ordering = ("name",)

    @extend_schema(
        operation_id="cohort_participants_list",
        responses={200: paginated(ParticipantOutputSerializer), 404: PROBLEM},
    )
    def get(self, request: Request, cohort_id: str) -> Response:
        cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
        return paginated_response(
            queryset=selectors.cohort_participants(cohort=cohort),
            serializer_class=ParticipantOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request=ParticipantsInputSerializer,
        responses={200: CohortOutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, cohort_id: str) -> Response:
        cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
        serializer = ParticipantsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cohort_services.cohort_add_participants(
            actor=request.user,  # type: ignore[arg-type]
            cohort=cohort,
            organisations=organisations_named(
                ids=serializer.validated_data["participants"], pointer="/participants"
            ),
        )
        return Response(_cohort_out(request, cohort_id))


class CohortActivateApi(APIView):
    """Start a planned cohort's trial."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=None, responses={200: CohortOutputSerializer, 404: PROBLEM, 409: PROBLEM}
    )
    def post(self, request: Request, cohort_id: str) -> Response:
        cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
        cohort_services.cohort_activate(actor=request.user, cohort=cohort)  # type: ignore[arg-type]
        return Response(_cohort_out(request, cohort_id))


class CohortCloseApi(APIView):
    """End an active cohort's trial today (an early close ends its window today)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=None, responses={200: CohortOutputSerializer, 404: PROBLEM, 409: PROBLEM}
    )
    def post(self, request: Request, cohort_id: str) -> Response:
        cohort = selectors.cohort_get(viewer=request.user, cohort_id=cohort_id)
        cohort_services.cohort_close(actor=request.user, cohort=cohort)  # type: ignore[arg-type]
        return Response(_cohort_out(request, cohort_id))
