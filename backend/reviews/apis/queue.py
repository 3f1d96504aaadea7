"""The case queue: list, summary, CSV export, assignment, detail, the startup's requests and
the reviewers."""

import csv
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator, IsStartupOrRegulator
from backend.reviews import selectors
from backend.reviews import serializers as s
from backend.reviews.apis.base import _is_regulator, case_response
from backend.reviews.exports import export_name, queue_rows
from backend.reviews.services import assignment


class CaseListApi(APIView):
    """The review queue (regulators) or the startup's own cases, filtered and sorted."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(
        operation_id="cases_list",
        parameters=[s.CaseFilterSerializer],
        responses={200: paginated(s.CaseListOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        filters = s.CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        self.ordering = selectors.case_ordering(filters.validated_data.get("ordering"))
        queryset = selectors.case_list(viewer=request.user, filters=filters.validated_data)
        output = (
            s.CaseListOutputSerializer
            if _is_regulator(request)
            else s.StartupCaseListOutputSerializer
        )
        return paginated_response(
            queryset=queryset, serializer_class=output, request=request, view=self
        )


class CaseSummaryApi(APIView):
    """Counts for the regulator's home and queue: matching the filters, and per working bucket."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="cases_summary",
        parameters=[s.CaseFilterSerializer],
        responses={200: s.CaseSummaryOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        filters = s.CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        summary = selectors.case_summary(viewer=request.user, filters=filters.validated_data)
        return Response(s.CaseSummaryOutputSerializer(summary).data)


class _Echo:
    """A file-like object whose writes return the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


class CaseExportApi(APIView):
    """The queue, with the same filters, as a CSV file (regulators)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="cases_export",
        parameters=[s.CaseFilterSerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = s.CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.case_list(viewer=request.user, filters=filters.validated_data)
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in queue_rows(queryset.iterator(chunk_size=500))),
            content_type="text/csv; charset=utf-8",
        )
        name = export_name(filters.validated_data, timezone.localdate())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class CaseBulkAssignApi(APIView):
    """Assign several cases at once; each comes with the ETag it was read with (all or none)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="cases_bulk_assign",
        request=s.BulkAssignInputSerializer,
        responses={200: s.BulkAssignOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.BulkAssignInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = assignment.cases_assign_bulk(
            actor=request.user,  # type: ignore[arg-type]
            items=[
                assignment.BulkItem(case_id=item["id"], if_match=item["etag"])
                for item in body.validated_data["cases"]
            ],
            assignee_id=body.validated_data["assignee"],
        )
        listed = selectors.case_list(viewer=request.user, filters={"ids": [c.pk for c in done]})
        return Response({"results": s.CaseListOutputSerializer(listed, many=True).data})


class CaseAutoAssignApi(APIView):
    """Give every unassigned active case to available regulators in turn."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="cases_auto_assign",
        request=None,
        responses={200: s.AutoAssignOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        return Response({"assigned": assignment.cases_auto_assign(actor=request.user)})


class CaseDetailApi(APIView):
    """One case: the regulator's full page, or the startup's view of its own case."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(
        operation_id="cases_retrieve",
        responses={
            200: PolymorphicProxySerializer(
                component_name="CaseView",
                serializers=[s.CaseDetailOutputSerializer, s.StartupCaseOutputSerializer],
                resource_type_field_name=None,
            )
        },
        description="Regulators get the full case; a startup gets StartupCaseOutput (its own).",
    )
    def get(self, request: Request, case_id: Any) -> Response:
        return case_response(request, case_id)


class CaseRequestListApi(APIView):
    """Requests to startups: a startup's own (its home panel), or all of them for regulators."""

    permission_classes = [IsStartupOrRegulator]
    ordering = ("-asked_at", "-id")

    @extend_schema(
        operation_id="case_requests_list",
        parameters=[s.RequestFilterSerializer],
        responses={200: paginated(s.StartupRequestOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        filters = s.RequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            queryset=selectors.case_request_list(
                viewer=request.user, filters=filters.validated_data
            ),
            serializer_class=s.StartupRequestOutputSerializer,
            request=request,
            view=self,
        )


class ReviewerListApi(APIView):
    """Regulators with their availability for new cases and open workload."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="case_reviewers_list", responses={200: s.ReviewerOutputSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        rows = selectors.reviewer_list(viewer=request.user)
        return Response(s.ReviewerOutputSerializer(rows, many=True).data)


class ReviewerMeApi(APIView):
    """Say whether you take new cases (round-robin assignment skips you when not)."""

    permission_classes = [IsRegulator]

    @extend_schema(
        operation_id="case_reviewers_me_update",
        request=s.AvailabilityInputSerializer,
        responses={200: s.AvailabilityInputSerializer},
    )
    def put(self, request: Request) -> Response:
        body = s.AvailabilityInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = assignment.reviewer_availability_set(
            actor=request.user,  # type: ignore[arg-type]
            available=body.validated_data["available"],
        )
        return Response({"available": row.available})
