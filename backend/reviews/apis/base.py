"""What every case endpoint shares: the ETag and If-Match headers, the case in the caller's
scope, and the case answered with its entity tag."""

from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
)
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from backend.common.permissions import role_of
from backend.common.roles import Role
from backend.reviews import selectors
from backend.reviews import serializers as s
from backend.reviews.models import Case

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


def case_in_scope(request: Request, case_id: Any, *, role: Role) -> Case:
    """The case, looked up in the viewer's scope first (another organisation's is a 404), then
    the role that may change it is checked."""
    case = selectors.case_get(viewer=request.user, case_id=case_id)
    if role_of(request.user) != role:
        raise PermissionDenied(
            "Only regulators work cases." if role == Role.REGULATOR else "Only the startup answers."
        )
    return case
