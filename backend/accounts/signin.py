"""The sign-in lock-out policy (django-axes does the counting): per username and per IP, on the
API and the admin alike, progressive, audited, and answered with when to retry.

- Only failures count: a successful sign-in records nothing, so a whole office behind one address
  signs in freely.
- A username is locked after `SIGNIN_USER_FAILURES` failures within the cool-off window, an IP
  address after `SIGNIN_IP_FAILURES` (many people share an office address; one person owns a
  username). Axes compares one number with one limit, so the IP count is scaled to the username
  limit (see `SignInLockoutHandler.get_failures`).
- The cool-off doubles with every lock-out of the same username or IP in the last day, from
  `SIGNIN_COOL_OFF` up to `SIGNIN_COOL_OFF_MAX`; it is also the window failures are counted in.
- A lock ends by itself when the cool-off has passed since the last failure, or when an admin
  deletes the access attempts in the admin (audited).
"""

import json
import math
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import escape

from backend.audit.models import AuditEvent
from backend.audit.services import audit_record
from backend.common.errors import PROBLEM_CONTENT_TYPE, problem_body

LOCKOUT_HISTORY = timedelta(days=1)
LOCKED_OUT = "auth.locked_out"
LOGIN_FAILED = "auth.login_failed"
USERNAME_ATTRIBUTE = "signin_username"


def attempted_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The username a sign-in is for: from the credentials, else the one the API stashed on the
    request (its JSON body is not in request.POST), else the admin form's field."""
    if credentials and credentials.get("username"):
        return str(credentials["username"])[:150]
    if request is None:
        return ""
    stashed = getattr(request, USERNAME_ATTRIBUTE, None)
    if stashed is not None:
        return str(stashed)[:150]
    return str(request.POST.get("username", ""))[:150] if request.method == "POST" else ""


def _lockouts_in_last_day(request: HttpRequest) -> int:
    since = timezone.now() - LOCKOUT_HISTORY
    who = Q(after__ip=getattr(request, "axes_ip_address", None) or "")
    username = attempted_username(request)
    if username:
        who |= Q(actor_username=username)
    return AuditEvent.objects.filter(action=LOCKED_OUT, occurred_at__gte=since).filter(who).count()


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long failures count and a lock lasts: doubled by each lock-out in the last day."""
    base: timedelta = settings.SIGNIN_COOL_OFF
    if request is None:
        return base
    # The lock being served is one of the day's lock-outs: only the earlier ones double it.
    doublings = min(max(0, _lockouts_in_last_day(request) - 1), 16)
    return min(base * 2**doublings, settings.SIGNIN_COOL_OFF_MAX)


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with separate limits for a username and for an IP address."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        parameters = get_client_parameters(
            get_client_username(request, credentials),
            request.axes_ip_address,  # type: ignore[attr-defined]
            request.axes_user_agent,  # type: ignore[attr-defined]
            request,
            credentials,
        )
        scale = settings.SIGNIN_IP_FAILURES / settings.SIGNIN_USER_FAILURES
        worst = 0
        for filters, queryset in zip(parameters, attempts, strict=True):
            failures = queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if "username" not in filters:
                failures = math.floor(failures / scale)
            worst = max(worst, failures)
        return worst


def retry_after(request: HttpRequest) -> int:
    """Seconds until the lock on this request's username or IP address lifts (at least 1)."""
    username = attempted_username(request)
    ip = getattr(request, "axes_ip_address", None) or ""
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=ip)).aggregate(
        last=Max("attempt_time")
    )["last"]
    if last is None:
        return 1
    remaining = last + cool_off(request) - timezone.now()
    return max(1, math.ceil(remaining.total_seconds()))


def _messages(seconds: int) -> tuple[str, str]:
    """(French, English) sentences telling when to retry."""
    until = timezone.localtime(timezone.now() + timedelta(seconds=seconds))
    return (
        "Trop d'échecs de connexion pour ce compte ou cette adresse. "
        f"Réessayez après {until:%H:%M} ({seconds} secondes), "
        "ou demandez à un administrateur de le débloquer.",
        "Too many failed sign-ins for this account or address. "
        f"Try again after {until:%H:%M} ({seconds} seconds), "
        "or ask an administrator to unlock it.",
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """429 with Retry-After: a problem document on the API, a short page elsewhere (the admin),
    both saying when to retry in French and English (the SPA shows the detail as it comes)."""
    seconds = retry_after(request)
    french, english = _messages(seconds)
    if request.path.startswith("/api/"):
        body = problem_body(
            status_code=429,
            code="signin_locked",
            detail=f"{french} / {english}",
            extra={"retry_after": seconds},
        )
        response = HttpResponse(json.dumps(body), status=429, content_type=PROBLEM_CONTENT_TYPE)
    else:
        response = HttpResponse(
            '<!doctype html><html lang="fr"><title>429</title>'
            f'<p>{escape(french)}</p><p lang="en">{escape(english)}</p></html>',
            status=429,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(seconds)
    return response


def _audit(action: str, username: str, after: dict[str, Any]) -> None:
    # In its own transaction: the refused sign-in must not roll its record back.
    with transaction.atomic():
        audit_record(actor=None, actor_username=username, action=action, after=after)


def on_login_failed(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **_: Any
) -> None:
    """Every failed sign-in, on the API or the admin, is audited with where it came from and
    whether it was refused unheard because of a lock."""
    refused = bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )
    _audit(
        LOGIN_FAILED,
        attempted_username(request, credentials),
        {
            "ip": getattr(request, "axes_ip_address", None) or "",
            "path": request.path if request is not None else "",
            "refused_while_locked": refused,
        },
    )


def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **_: Any
) -> None:
    """A lock-out that starts now (a refusal during a lock is a failure above, not a new lock)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    _audit(
        LOCKED_OUT,
        (username or "")[:150],
        {"ip": ip_address or "", "path": request.path, "failures": failures},
    )
