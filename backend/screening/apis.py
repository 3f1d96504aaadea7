"""Screening endpoints: thin views that parse input and call one service or selector."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator, IsStartupOrRegulator
from backend.screening import selectors
from backend.screening.serializers import (
    FlagFilterSerializer,
    FlagOutputSerializer,
    HeadroomFilterSerializer,
    HeadroomOutputSerializer,
    RunInputSerializer,
    RunOutputSerializer,
)
from backend.screening.services.runs import screening_run_start


class HeadroomApi(APIView):
    """A participant's allowances under each rulebook screening it today: limit, used, left."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(
        operation_id="headroom_get",
        parameters=[HeadroomFilterSerializer],
        responses={200: HeadroomOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        filters = HeadroomFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = selectors.headroom_for(
            viewer=request.user,
            participant=filters.validated_data.get("participant"),
            as_of=filters.validated_data.get("as_of"),
        )
        return Response(HeadroomOutputSerializer(data).data)


class FlagListApi(APIView):
    """Flags raised by breaches of a governing (or policy-selected) rulebook, newest first."""

    permission_classes = [IsStartupOrRegulator]
    ordering = ("-opened_at", "-id")

    @extend_schema(
        operation_id="flags_list",
        parameters=[FlagFilterSerializer],
        responses={200: paginated(FlagOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        filters = FlagFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            queryset=selectors.flag_list(viewer=request.user, filters=filters.validated_data),
            serializer_class=FlagOutputSerializer,
            request=request,
            view=self,
        )


class FlagDetailApi(APIView):
    """One flag."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(operation_id="flags_retrieve", responses={200: FlagOutputSerializer})
    def get(self, request: Request, flag_id: Any) -> Response:
        flag = selectors.flag_get(viewer=request.user, flag_id=flag_id)
        return Response(FlagOutputSerializer(flag).data)


class ScreeningRunListApi(APIView):
    """Re-screening runs; POST starts one over every participant (from `since`, or all)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="screening_runs_list", responses={200: paginated(RunOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.screening_run_list(viewer=request.user),
            serializer_class=RunOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="screening_runs_create",
        request=RunInputSerializer,
        responses={202: RunOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = RunInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = screening_run_start(
            actor=request.user,
            reason=serializer.validated_data.get("reason") or "re-screening on demand",
            since=serializer.validated_data.get("since"),
        )
        return Response(RunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ScreeningRunDetailApi(APIView):
    """One run and its progress."""

    permission_classes = [IsRegulator]

    @extend_schema(operation_id="screening_runs_retrieve", responses={200: RunOutputSerializer})
    def get(self, request: Request, run_id: Any) -> Response:
        run = selectors.screening_run_get(viewer=request.user, run_id=run_id)
        return Response(RunOutputSerializer(run).data)
