"""RFC 9457 problem details: the one shape every API error takes.

`{"type", "title", "status", "detail", "code", "errors": [{"pointer", "code", "detail"}]}` with
content type `application/problem+json`. Unexpected errors answer the same shape, never a trace.

Services and selectors raise the domain's refusals (`backend.common.domain_errors`); the handler
below is the one place that decides their status. `Problem` is for the HTTP layer itself (views,
parsers), which speaks in statuses.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from backend.common import domain_errors as domain

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "tag:fx-sandbox-tracker,2026:problem/"

TITLES = {
    400: "Invalid request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}

# DRF's own exception codes mapped to the stable codes clients rely on.
CODE_BY_EXCEPTION: dict[type[exceptions.APIException], str] = {
    exceptions.ParseError: "malformed_request",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ValidationError: "validation_error",
}


# Django's own request-size refusals (raised while a body is parsed), as 413 problems.
TOO_LARGE: dict[type[Exception], tuple[str, str]] = {
    RequestDataTooBig: (
        "request_too_large",
        "The request body is larger than this endpoint accepts.",
    ),
    TooManyFieldsSent: ("too_many_fields", "The request has more form fields than allowed."),
    TooManyFilesSent: ("too_many_files", "The request has more files than allowed."),
}


def too_large(exc: Exception) -> tuple[str, str] | None:
    """(code, detail) of a request-size refusal, or None for any other exception."""
    return next((found for kind, found in TOO_LARGE.items() if isinstance(exc, kind)), None)


class Problem(exceptions.APIException):
    """An error raised by a service or view with an explicit status, stable code and detail."""

    def __init__(
        self,
        *,
        status_code: int,
        code: str,
        detail: str,
        errors: list[dict[str, str]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.problem_code = code
        self.errors = errors or []
        self.extra = extra or {}
        self.headers = headers or {}


# The status of each kind of domain refusal: the only place a refusal meets HTTP.
STATUS_BY_DOMAIN_ERROR: dict[type[domain.DomainError], int] = {
    domain.InvalidInput: status.HTTP_400_BAD_REQUEST,
    domain.NotAllowed: status.HTTP_403_FORBIDDEN,
    domain.NotFound: status.HTTP_404_NOT_FOUND,
    domain.Conflict: status.HTTP_409_CONFLICT,
    domain.PreconditionFailed: status.HTTP_412_PRECONDITION_FAILED,
    domain.TooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    domain.UnsupportedType: status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    domain.Unprocessable: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.PreconditionRequired: status.HTTP_428_PRECONDITION_REQUIRED,
}


def domain_status(exc: domain.DomainError) -> int:
    """The status answering a domain refusal (its nearest mapped kind; 400 for a bare one)."""
    for kind in type(exc).__mro__:
        if kind in STATUS_BY_DOMAIN_ERROR:
            return STATUS_BY_DOMAIN_ERROR[kind]
    return status.HTTP_400_BAD_REQUEST


def problem_body(
    *,
    status_code: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The problem-details document."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "code": code,
        "errors": errors or [],
    }
    body.update(extra or {})
    return body


def _escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def field_errors(detail: Any, pointer: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into `{pointer, code, detail}` entries (RFC 6901)."""
    if isinstance(detail, dict):
        found: list[dict[str, str]] = []
        for key, value in detail.items():
            child = (
                pointer
                if key in ("non_field_errors", "__all__")
                else f"{pointer}/{_escape_pointer_token(str(key))}"
            )
            found.extend(field_errors(value, child))
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [
                {
                    "pointer": pointer,
                    "code": getattr(item, "code", "invalid") or "invalid",
                    "detail": str(item),
                }
                for item in detail
            ]
        found = []
        for index, item in enumerate(detail):
            found.extend(field_errors(item, f"{pointer}/{index}"))
        return found
    return [
        {
            "pointer": pointer,
            "code": getattr(detail, "code", "invalid") or "invalid",
            "detail": str(detail),
        }
    ]


def _problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    response = Response(body, status=body["status"], headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's exception handler: every error becomes problem details; the transaction rolls back."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))

    set_rollback()
    if (refusal := too_large(exc)) is not None:
        code, detail = refusal
        return _problem_response(problem_body(status_code=413, code=code, detail=detail))
    if isinstance(exc, domain.DomainError):
        body = problem_body(
            status_code=domain_status(exc),
            code=exc.code,
            detail=exc.detail,
            errors=exc.errors,
            extra=exc.extra,
        )
        return _problem_response(body)
    if isinstance(exc, Problem):
        body = problem_body(
            status_code=exc.status_code,
            code=exc.problem_code,
            detail=str(exc.detail),
            errors=exc.errors,
            extra=exc.extra,
        )
        return _problem_response(body, exc.headers)
    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = str(exc.auth_header)  # type: ignore[attr-defined]
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
        code = CODE_BY_EXCEPTION.get(type(exc), exc.default_code)
        if isinstance(exc, exceptions.ValidationError):
            errors = field_errors(exc.detail)
            detail = (
                "; ".join(f"{e['pointer'] or '/'}: {e['detail']}" for e in errors[:5])
                or "Invalid input."
            )
            body = problem_body(
                status_code=exc.status_code, code=code, detail=detail, errors=errors
            )
        else:
            body = problem_body(status_code=exc.status_code, code=code, detail=str(exc.detail))
        return _problem_response(body, headers)

    logger.exception("unexpected error in %s", context.get("view").__class__.__name__)
    body = problem_body(
        status_code=500,
        code="server_error",
        detail="An unexpected error occurred; it has been logged.",
    )
    return _problem_response(body)


def problem_json_response(*, status_code: int, code: str, detail: str) -> JsonResponse:
    """A problem-details answer outside DRF (URL not found, crashes in middleware)."""
    return JsonResponse(
        problem_body(status_code=status_code, code=code, detail=detail),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def handler404(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """Unknown URLs answer problem details."""
    return problem_json_response(
        status_code=404, code="not_found", detail="No resource at this address."
    )


def handler500(request: HttpRequest) -> JsonResponse:
    """Crashes outside DRF answer problem details too, with no trace."""
    return problem_json_response(
        status_code=500,
        code="server_error",
        detail="An unexpected error occurred; it has been logged.",
    )


def handler403(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """CSRF and other middleware refusals answer problem details."""
    return problem_json_response(
        status_code=403, code="permission_denied", detail="This action is not allowed."
    )


def handler400(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """Requests Django itself rejects (bad host, malformed body) answer problem details; an
    oversized body or too many form fields (e.g. on the admin's forms) is a 413."""
    if exception is not None and (refusal := too_large(exception)) is not None:
        code, detail = refusal
        return problem_json_response(status_code=413, code=code, detail=detail)
    return problem_json_response(
        status_code=400, code="bad_request", detail="The request could not be understood."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    """CSRF failures in Django's middleware (the API's own check raises through DRF)."""
    return problem_json_response(
        status_code=403,
        code="csrf_failed",
        detail=f"CSRF check failed: {reason}. Send the X-CSRFToken header.",
    )
