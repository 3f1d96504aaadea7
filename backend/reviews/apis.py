"""Case endpoints: thin views that parse input and call one service or selector.

Every case read answers an `ETag`; every change needs `If-Match` with it (428 without, 412 when
stale) and answers the changed case with its new ETag.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
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
from backend.reviews.exports import export_name, queue_rows
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
            "rate_rows": selectors.case_rate_rows(case=case),
            "notes": selectors.case_notes(case=case, viewer=request.user),
            "timeline": selectors.case_timeline(case=case, viewer=request.user),
        }
        data = s.CaseDetailOutputSerializer(case, context=context).data
    else:
        timeline = selectors.case_timeline(case=case, viewer=request.user)
        data = s.StartupCaseOutputSerializer(case, context={"timeline": timeline}).data
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


def case_in_scope(request: Request, case_id: Any, *, role: Role) -> Case:
    """The case, looked up in the viewer's scope first (another organisation's is a 404), then
    the role that may change it is checked."""
    case = selectors.case_get(viewer=request.user, case_id=case_id)
    if role_of(request.user) != role:
        raise PermissionDenied(
            "Only regulators work cases." if role == Role.REGULATOR else "Only the startup answers."
        )
    return case


def _answer_body(request: Request) -> dict[str, Any]:
    """The multipart answer's fields, with its repeated `files` as one list."""
    payload: Any = request.data
    return {
        "text": payload.get("text", ""),
        "document_kind": payload.get("document_kind", "other"),
        "files": request.FILES.getlist("files") if request.FILES else [],
    }


def _answer_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"],
        "documents": [
            requests.AnswerDocument(upload=f, kind=data["document_kind"]) for f in data["files"]
        ],
    }


@dataclass(frozen=True)
class CaseChange:
    """One change to a case, a POST to a verb sub-resource: the service it calls, the role that
    may call it, the body it reads and how that body becomes the service's keyword arguments.
    Every change needs `If-Match` and answers the changed case with its new ETag."""

    operation_id: str
    service: Callable[..., object]
    body: type[serializers.Serializer] | None = None
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict
    role: Role = Role.REGULATOR
    status_code: int = status.HTTP_200_OK
    # Multipart changes read their body with `read` (files) and answer the startup's view.
    multipart: bool = False
    read: Callable[[Request], Any] = lambda request: request.data
    output: type[serializers.Serializer] = s.CaseDetailOutputSerializer


# The case's verbs (`cases/{id}/<verb>/`, route name `case-<verb>`), one row each.
CASE_CHANGES: dict[str, CaseChange] = {
    "start-review": CaseChange("cases_start_review", cases.case_start_review),
    "resume": CaseChange("cases_resume", cases.case_resume, s.ReasonInputSerializer),
    "decide": CaseChange("cases_decide", cases.case_decide, s.DecideInputSerializer),
    "close": CaseChange("cases_close", cases.case_close),
    "reopen": CaseChange("cases_reopen", cases.case_reopen, s.ReasonInputSerializer),
    "assign": CaseChange(
        "cases_assign",
        assignment.case_assign,
        s.AssignInputSerializer,
        lambda data: {"assignee_id": data["assignee"]},
    ),
    "notes": CaseChange(
        "cases_notes_create",
        requests.case_note_add,
        s.NoteInputSerializer,
        status_code=status.HTTP_201_CREATED,
    ),
    "requests": CaseChange(
        "cases_requests_create",
        requests.case_request_create,
        s.RequestInputSerializer,
        status_code=status.HTTP_201_CREATED,
    ),
    "answer": CaseChange(
        "cases_requests_answer",
        requests.case_request_answer,
        s.AnswerInputSerializer,
        _answer_arguments,
        role=Role.STARTUP,
        multipart=True,
        read=_answer_body,
        output=s.StartupCaseOutputSerializer,
    ),
}


class CaseChangeApi(APIView):
    """A change to a case by a regulator: the case is looked up in the viewer's scope first
    (another organisation's is a 404), then the role is checked."""

    permission_classes = [IsStartupOrRegulator]
    change: ClassVar[CaseChange]

    def post(self, request: Request, case_id: Any, **path: Any) -> Response:
        change = self.change
        case_in_scope(request, case_id, role=change.role)
        arguments: dict[str, Any] = {}
        if change.body is not None:
            body = change.body(data=change.read(request))
            body.is_valid(raise_exception=True)
            arguments = change.arguments(body.validated_data)
        change.service(
            actor=request.user,
            case_id=case_id,
            if_match=request.headers.get("If-Match"),
            **path,
            **arguments,
        )
        return case_response(request, case_id, code=change.status_code)


def case_change_api(verb: str, base: type[CaseChangeApi] = CaseChangeApi) -> type[CaseChangeApi]:
    """The view of one row of CASE_CHANGES (on `base`, which may add a GET), with its schema."""
    change = CASE_CHANGES[verb]
    attributes: dict[str, Any] = {"change": change, "__module__": __name__}
    if change.multipart:
        attributes["parser_classes"] = [MultiPartParser, SafeJSONParser]
    view = type(f"Case{verb.title().replace('-', '')}Api", (base,), attributes)
    body = {"multipart/form-data": change.body} if change.multipart else change.body
    schema = extend_schema(
        operation_id=change.operation_id,
        parameters=[IF_MATCH],
        request=body,
        responses={change.status_code: change.output},
    )
    return extend_schema_view(post=schema)(view)


class _CaseNotes(CaseChangeApi):
    """Internal notes (regulators only; never part of a startup's answers)."""

    @extend_schema(
        operation_id="cases_notes_list", responses={200: s.NoteOutputSerializer(many=True)}
    )
    def get(self, request: Request, case_id: Any) -> Response:
        case = case_in_scope(request, case_id, role=Role.REGULATOR)
        notes = selectors.case_notes(case=case, viewer=request.user)
        return Response(s.NoteOutputSerializer(notes, many=True).data)


class _CaseRequests(CaseChangeApi):
    """Requests to the startup on a case; regulators create them (the case awaits the startup)."""

    @extend_schema(
        operation_id="cases_requests_list", responses={200: s.RequestOutputSerializer(many=True)}
    )
    def get(self, request: Request, case_id: Any) -> Response:
        case = selectors.case_get(viewer=request.user, case_id=case_id)
        listed = selectors.case_request_list(viewer=request.user, filters={"case": case.pk})
        output = (
            s.RequestOutputSerializer
            if _is_regulator(request)
            else s.StartupRequestOutputSerializer
        )
        return Response(output(listed, many=True).data)


class _CaseAnswer(CaseChangeApi):
    """The startup answers a request with text and documents (multipart, `files` repeated)."""


CaseNotesApi = case_change_api("notes", _CaseNotes)
CaseRequestsApi = case_change_api("requests", _CaseRequests)
CaseRequestAnswerApi = case_change_api("answer", _CaseAnswer)
# Notes and requests also list; an answer names its request in the path.
ROUTED_APART = ("notes", "requests", "answer")
# The verbs whose only method is the change, routed by backend/reviews/urls.py.
CASE_VERB_APIS = {verb: case_change_api(verb) for verb in CASE_CHANGES if verb not in ROUTED_APART}


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
