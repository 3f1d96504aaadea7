"""Case changes: one table of transitions (`CASE_CHANGES`) drives one view per verb, with notes,
requests and a startup's answer routed apart."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.parsers import SafeJSONParser
from backend.common.permissions import IsStartupOrRegulator
from backend.common.roles import Role
from backend.reviews import selectors
from backend.reviews import serializers as s
from backend.reviews.apis.base import IF_MATCH, _is_regulator, case_in_scope, case_response
from backend.reviews.services import assignment, cases, requests


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
