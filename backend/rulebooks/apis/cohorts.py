"""Cohort endpoints: list, create, detail, participants, activate and close."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.selectors import organisations_named
from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator
from backend.rulebooks import selectors
from backend.rulebooks.apis.base import PROBLEM
from backend.rulebooks.models import RulebookVersion
from backend.rulebooks.serializers import (
    CohortFilterSerializer,
    CohortInputSerializer,
    CohortOutputSerializer,
    CohortUpdateInputSerializer,
    ParticipantOutputSerializer,
    ParticipantsInputSerializer,
)
from backend.rulebooks.services import cohorts as cohort_services


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
