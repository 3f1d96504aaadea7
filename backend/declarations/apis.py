"""Declaration endpoints of the declarations app itself (timeline, categories) and the request
helpers its other endpoints share; declaring, amending, withdrawing and reading a declaration
with its conversion and verdicts are the flow's endpoints, in `backend.processing.apis`."""

import json
from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import ApiToken
from backend.common.iso import COUNTRIES, CURRENCY_MINOR_UNITS
from backend.common.permissions import IsMember, IsStartup, IsStartupOrRegulator
from backend.declarations import selectors
from backend.declarations import validation as v
from backend.declarations.categories import CATEGORIES, CATEGORY_HELP, INCOMING_CATEGORIES
from backend.declarations.serializers import (
    AuditEventOutputSerializer,
    CategoryOutputSerializer,
    ReferenceDataOutputSerializer,
)
from backend.declarations.services.idempotency import (
    IDEMPOTENCY_HEADER,
    REPLAY_HEADER,
    idempotency_key_check,
    idempotency_request_hash,
    idempotent_create,
)


def token_of(request: Request) -> ApiToken | None:
    """The API token the request was authenticated with, if any."""
    return request.auth if isinstance(request.auth, ApiToken) else None


def organisation_of(request: Request) -> Any:
    """The caller's organisation (the permission classes guarantee a membership)."""
    return request.user.membership.organisation  # type: ignore[union-attr]


def plain_json(data: Any) -> dict[str, Any]:
    """Serializer output as plain JSON values (what the idempotency store keeps)."""
    plain: dict[str, Any] = json.loads(JSONRenderer().render(data))
    return plain


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    str,
    OpenApiParameter.HEADER,
    description="Same key and body: the stored answer (header Idempotent-Replayed).",
)


def once_per_key(
    request: Request, organisation: Any, perform: Callable[[], tuple[int, dict[str, Any], Any]]
) -> Response:
    """`perform` once per Idempotency-Key of the organisation (always, without a key); a
    repeated request gets the stored answer, a key reused for another request a 422."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        code, body, _ = perform()
        return Response(body, status=code)
    stored = idempotent_create(
        organisation=organisation,
        key=idempotency_key_check(key),
        request_hash=idempotency_request_hash(
            method=request.method or "POST", path=request.path, body=request.data
        ),
        perform=perform,
    )
    headers = {REPLAY_HEADER: "true"} if stored.replayed else {}
    return Response(stored.body, status=stored.status, headers=headers)


class StartupWritesRegulatorReads(IsStartupOrRegulator):
    """Startups read and write their own; regulators only read."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().has_permission(request, view)
        return IsStartup().has_permission(request, view)


class DeclarationEventsApi(APIView):
    """The audit timeline of a declaration: every version and document change, oldest first."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(responses={200: AuditEventOutputSerializer(many=True)})
    def get(self, request: Request, declaration_id: str) -> Response:
        declaration = selectors.declaration_get(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        events = selectors.declaration_events(declaration=declaration)
        return Response(AuditEventOutputSerializer(events, many=True).data)


class CategoryListApi(APIView):
    """The payment categories, with French and English labels and plain-words help: reference
    data every role reads (advocates see them as the rows of the evidence breakdowns)."""

    permission_classes = [IsMember]

    @extend_schema(responses={200: CategoryOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = [
            {
                "code": c.code,
                "label_fr": c.label_fr,
                "label_en": c.label_en,
                "help_fr": CATEGORY_HELP[c.code][0],
                "help_en": CATEGORY_HELP[c.code][1],
                "direction": "incoming" if c.code in INCOMING_CATEGORIES else "outgoing",
                "ebops": c.ebops,
            }
            for c in CATEGORIES
        ]
        return Response(CategoryOutputSerializer(rows, many=True).data)


class ReferenceDataApi(APIView):
    """The ISO codes a declaration accepts: counterparty countries and payment currencies (with
    their decimals). Names are the reader's browser's (CLDR), in the reader's language."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(responses={200: ReferenceDataOutputSerializer})
    def get(self, request: Request) -> Response:
        data = {
            "countries": sorted(c for c in COUNTRIES if c != v.HOME_COUNTRY),
            "currencies": [
                {"code": code, "minor_units": units}
                for code, units in sorted(CURRENCY_MINOR_UNITS.items())
                if code != v.HOME_CURRENCY
            ],
        }
        return Response(ReferenceDataOutputSerializer(data).data)


NOT_FOUND = OpenApiResponse(description="Unknown id, or another organisation's.")
