"""Case endpoints: thin views that parse input and call one service or selector.

Every case read answers an `ETag`; every change needs `If-Match` with it (428 without, 412 when
stale) and answers the changed case with its new ETag.
"""

import csv
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.parsers import SafeJSONParser
from backend.common.permissions import IsRegulator, IsStartupOrRegulator, role_of
from backend.common.roles import Role
from backend.reviews import selectors
from backend.reviews import serializers as s
from backend.reviews.exports import queue_rows
from backend.reviews.models import Case
from backend.reviews.services import assignment, cases, requests

IF_MATCH = OpenApiParameter(
    name="If-Match",
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the case as last read (428 without it, 412 when stale).",
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}, "description": "The case's entity tag."}}


def _is_regulator(request: Request) -> bool:
    return role_of(request.user) == Role.REGULATOR


def case_response(request: Request, case_id: Any, *, code: int = status.HTTP_200_OK) -> Response:
    """The case as the viewer may see it, with its ETag."""
    case = selectors.case_get(viewer=request.user, case_id=case_id)
    if _is_regulator(request):
        context = {
            "notes": selectors.case_notes(case=case, viewer=request.user),
            "timeline": selectors.case_timeline(case=case, viewer=request.user),
        }
        data = s.CaseDetailOutputSerializer(case, context=context).data
    else:
        data = s.StartupCaseOutputSerializer(case).data
    return Response(data, status=code, headers={"ETag": case.etag})


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
        response["Content-Disposition"] = 'attachment; filename="cases.csv"'
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
        listed = selectors.case_list(viewer=request.user, filters={}).filter(
            pk__in=[c.pk for c in done]
        )
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


class _CaseChange(APIView):
    """A change to a case by a regulator: the case is looked up in the viewer's scope first
    (another organisation's is a 404), then the role is checked."""

    permission_classes = [IsStartupOrRegulator]
    role = Role.REGULATOR

    def case_in_scope(self, request: Request, case_id: Any) -> Case:
        case = selectors.case_get(viewer=request.user, case_id=case_id)
        if role_of(request.user) != self.role:
            raise PermissionDenied("Only regulators work cases.")
        return case

    def if_match(self, request: Request) -> str | None:
        return request.headers.get("If-Match")


def _change_schema(operation_id: str, body: Any) -> Any:
    return extend_schema(
        operation_id=operation_id,
        parameters=[IF_MATCH],
        request=body,
        responses={200: s.CaseDetailOutputSerializer},
    )


class CaseStartReviewApi(_CaseChange):
    @_change_schema("cases_start_review", None)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        cases.case_start_review(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
        )
        return case_response(request, case_id)


class CaseResumeApi(_CaseChange):
    @_change_schema("cases_resume", s.ReasonInputSerializer)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        body = s.ReasonInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cases.case_resume(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
            reason=body.validated_data["reason"],
        )
        return case_response(request, case_id)


class CaseDecideApi(_CaseChange):
    @_change_schema("cases_decide", s.DecideInputSerializer)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        body = s.DecideInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cases.case_decide(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
            outcome=body.validated_data["outcome"],
            rationale=body.validated_data["rationale"],
            waiver_evidence=body.validated_data.get("waiver_evidence", ""),
        )
        return case_response(request, case_id)


class CaseCloseApi(_CaseChange):
    @_change_schema("cases_close", None)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        cases.case_close(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
        )
        return case_response(request, case_id)


class CaseReopenApi(_CaseChange):
    @_change_schema("cases_reopen", s.ReasonInputSerializer)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        body = s.ReasonInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cases.case_reopen(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
            reason=body.validated_data["reason"],
        )
        return case_response(request, case_id)


class CaseAssignApi(_CaseChange):
    @_change_schema("cases_assign", s.AssignInputSerializer)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        body = s.AssignInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignment.case_assign(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
            assignee_id=body.validated_data["assignee"],
        )
        return case_response(request, case_id)


class CaseNotesApi(_CaseChange):
    """Internal notes (regulators only; never part of a startup's answers)."""

    @extend_schema(
        operation_id="cases_notes_list", responses={200: s.NoteOutputSerializer(many=True)}
    )
    def get(self, request: Request, case_id: Any) -> Response:
        case = self.case_in_scope(request, case_id)
        notes = selectors.case_notes(case=case, viewer=request.user)
        return Response(s.NoteOutputSerializer(notes, many=True).data)

    @_change_schema("cases_notes_create", s.NoteInputSerializer)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        body = s.NoteInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        requests.case_note_add(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
            body=body.validated_data["body"],
        )
        return case_response(request, case_id, code=status.HTTP_201_CREATED)


class CaseRequestsApi(_CaseChange):
    """Requests to the startup on a case; regulators create them (the case awaits the startup)."""

    @extend_schema(
        operation_id="cases_requests_list", responses={200: s.RequestOutputSerializer(many=True)}
    )
    def get(self, request: Request, case_id: Any) -> Response:
        case = selectors.case_get(viewer=request.user, case_id=case_id)
        listed = selectors.case_request_list(viewer=request.user, filters={}).filter(case=case)
        output = (
            s.RequestOutputSerializer
            if _is_regulator(request)
            else s.StartupRequestOutputSerializer
        )
        return Response(output(listed, many=True).data)

    @_change_schema("cases_requests_create", s.RequestInputSerializer)
    def post(self, request: Request, case_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        body = s.RequestInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        requests.case_request_create(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            if_match=self.if_match(request),
            kind=body.validated_data["kind"],
            message=body.validated_data["message"],
        )
        return case_response(request, case_id, code=status.HTTP_201_CREATED)


class CaseRequestAnswerApi(_CaseChange):
    """The startup answers a request with text and documents (multipart, `files` repeated)."""

    role = Role.STARTUP
    parser_classes = [MultiPartParser, SafeJSONParser]

    @extend_schema(
        operation_id="cases_requests_answer",
        parameters=[IF_MATCH],
        request={"multipart/form-data": s.AnswerInputSerializer},
        responses={200: s.StartupCaseOutputSerializer},
    )
    def post(self, request: Request, case_id: Any, request_id: Any) -> Response:
        self.case_in_scope(request, case_id)
        payload: Any = request.data
        data = {
            "text": payload.get("text", ""),
            "document_kind": payload.get("document_kind", "other"),
            "files": request.FILES.getlist("files") if request.FILES else [],
        }
        body = s.AnswerInputSerializer(data=data)
        body.is_valid(raise_exception=True)
        requests.case_request_answer(
            actor=request.user,  # type: ignore[arg-type]
            case_id=case_id,
            request_id=request_id,
            if_match=self.if_match(request),
            text=body.validated_data["text"],
            documents=[
                requests.AnswerDocument(upload=f, kind=body.validated_data["document_kind"])
                for f in body.validated_data["files"]
            ],
        )
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
