"""Screening endpoints: thin views that parse input and call one service or selector."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator, IsRegulatorOrAdvocate, IsStartupOrRegulator
from backend.screening import selectors
from backend.screening.rule_coverage import rulebook_version_coverage
from backend.screening.serializers import (
    BacktestInputSerializer,
    BacktestOutputSerializer,
    CoverageFilterSerializer,
    CoverageReportSerializer,
    FlagFilterSerializer,
    FlagOutputSerializer,
    HeadroomFilterSerializer,
    HeadroomOutputSerializer,
    RunInputSerializer,
    RunOutputSerializer,
    SweepInputSerializer,
    SweepOutputSerializer,
    TransitionOutputSerializer,
)
from backend.screening.services.analysis import (
    backtest_csv,
    backtest_start,
    sweep_csv,
    sweep_start,
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


def _csv_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class BacktestListApi(APIView):
    """Backtests; POST runs a version (draft or any) over a period, never touching live verdicts."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="backtests_list", responses={200: paginated(BacktestOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.backtest_list(viewer=request.user),
            serializer_class=BacktestOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="backtests_create",
        request=BacktestInputSerializer,
        responses={202: BacktestOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = BacktestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = selectors.version_for_jobs(
            viewer=request.user, version_id=data["rulebook_version"], pointer="/rulebook_version"
        )
        baseline = None
        if data.get("baseline_version"):
            baseline = selectors.version_for_jobs(
                viewer=request.user,
                version_id=data["baseline_version"],
                pointer="/baseline_version",
            )
        backtest = backtest_start(
            actor=request.user,
            version=version,
            baseline_version=baseline,
            period_start=data["period_start"],
            period_end=data["period_end"],
        )
        return Response(BacktestOutputSerializer(backtest).data, status=status.HTTP_202_ACCEPTED)


class BacktestDetailApi(APIView):
    """One backtest: progress, then its report."""

    permission_classes = [IsRegulator]

    @extend_schema(operation_id="backtests_retrieve", responses={200: BacktestOutputSerializer})
    def get(self, request: Request, backtest_id: Any) -> Response:
        backtest = selectors.backtest_get(viewer=request.user, backtest_id=backtest_id)
        return Response(BacktestOutputSerializer(backtest).data)


class BacktestTransitionsApi(APIView):
    """A backtest's verdict transitions, one per declaration whose verdict differs."""

    permission_classes = [IsRegulator]
    ordering = ("value_date", "id")

    @extend_schema(
        operation_id="backtests_transitions",
        responses={200: paginated(TransitionOutputSerializer)},
    )
    def get(self, request: Request, backtest_id: Any) -> Response:
        backtest = selectors.backtest_get(viewer=request.user, backtest_id=backtest_id)
        return paginated_response(
            queryset=selectors.backtest_transitions(backtest=backtest),
            serializer_class=TransitionOutputSerializer,
            request=request,
            view=self,
        )


class BacktestExportApi(APIView):
    """The transitions as CSV."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="backtests_export",
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, backtest_id: Any) -> HttpResponse:
        backtest = selectors.backtest_get(viewer=request.user, backtest_id=backtest_id)
        return _csv_response(backtest_csv(backtest=backtest), f"backtest-{backtest.pk}.csv")


class SweepListApi(APIView):
    """Sweeps; POST varies one numeric parameter of one rule over the given values."""

    permission_classes = [IsRegulator]

    @extend_schema(operation_id="sweeps_list", responses={200: paginated(SweepOutputSerializer)})
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.sweep_list(viewer=request.user),
            serializer_class=SweepOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="sweeps_create",
        request=SweepInputSerializer,
        responses={202: SweepOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = SweepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = selectors.version_for_jobs(
            viewer=request.user, version_id=data["rulebook_version"], pointer="/rulebook_version"
        )
        sweep = sweep_start(
            actor=request.user,
            version=version,
            rule_id=data["rule_id"],
            parameter=data["parameter"],
            values=data["values"],
            period_start=data["period_start"],
            period_end=data["period_end"],
        )
        return Response(SweepOutputSerializer(sweep).data, status=status.HTTP_202_ACCEPTED)


class SweepDetailApi(APIView):
    """One sweep: progress, then its curve."""

    permission_classes = [IsRegulator]

    @extend_schema(operation_id="sweeps_retrieve", responses={200: SweepOutputSerializer})
    def get(self, request: Request, sweep_id: Any) -> Response:
        sweep = selectors.sweep_get(viewer=request.user, sweep_id=sweep_id)
        return Response(SweepOutputSerializer(sweep).data)


class SweepExportApi(APIView):
    """The curve as CSV."""

    permission_classes = [IsRegulator]

    @extend_schema(operation_id="sweeps_export", responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: Request, sweep_id: Any) -> HttpResponse:
        sweep = selectors.sweep_get(viewer=request.user, sweep_id=sweep_id)
        return _csv_response(sweep_csv(sweep=sweep), f"sweep-{sweep.pk}.csv")


class RuleCoverageApi(APIView):
    """Per rule of a rulebook version over a period: declarations in scope, evaluated, not
    evaluable and for want of which fact, and outcomes; a rule that decided nothing is
    `not_evaluated`. Advocates get each rule's status and missing facts, counts withheld."""

    permission_classes = [IsRegulatorOrAdvocate]

    @extend_schema(
        operation_id="rulebook_versions_coverage",
        parameters=[CoverageFilterSerializer],
        responses={200: CoverageReportSerializer},
    )
    def get(self, request: Request, version_id: Any) -> Response:
        filters = CoverageFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        report = rulebook_version_coverage(
            viewer=request.user, version_id=version_id, **filters.validated_data
        )
        return Response(CoverageReportSerializer(report).data)
