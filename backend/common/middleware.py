"""Request ids: every request gets one, logs and audit events carry it, the response echoes it."""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# A caller-supplied id is kept only when it is short and harmless to log.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_current_request_id: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    """The id of the request being served, or '' outside a request (tasks, commands)."""
    return _current_request_id.get()


class RequestIdMiddleware:
    """Attach a request id to the context, the request and the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = supplied if SAFE_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        token = _current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Add the current request id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
