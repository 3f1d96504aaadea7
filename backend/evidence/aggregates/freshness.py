"""When stored evidence is out of date: the audit trail says so.

Every change the evidence reads (a declaration recorded, amended, converted or withdrawn, a
verdict, a coverage run, a participant's profile, a cohort, a rulebook publication, a case
decided) writes an audit event in its own transaction. Stored cubes keep the *mark* of the trail
when their inputs were read: the last event id, and how many events that could change the
evidence had been recorded since a moment shortly before. They are out of date when a later
such event exists, or when that count has grown: an event of a transaction that was still open
when the mark was taken gets an id below the mark's yet commits after it. A transaction open
longer than `LATE_COMMIT_WINDOW` before the mark, or a change written without an audit event,
is not seen: stored cubes older than `MAX_AGE` are computed again whatever the trail says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from backend.audit.models import AuditEvent

# Events that change nothing the evidence reads: sign-ins, tokens, preferences, simulations
# (backtests and sweeps never write verdicts), and the evidence room's own packs and exports.
QUIET_ACTIONS = (
    "auth.",
    "api_token.",
    "notification_preferences.",
    "backtest.",
    "sweep.",
    "evidence.",
    "reviewer.",
)
# How long a transaction may stay open and still have its events noticed when it commits.
LATE_COMMIT_WINDOW = timedelta(minutes=15)
# Stored evidence older than this is computed again even when the trail shows no change.
MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class Mark:
    """The audit trail at one moment (see the module's docstring)."""

    high: int
    since: datetime
    window: int


def _telling(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    quiet = Q()
    for prefix in QUIET_ACTIONS:
        quiet |= Q(action__startswith=prefix)
    return events.exclude(quiet)


def _window(high: int, since: datetime) -> int:
    return _telling(AuditEvent.objects.filter(pk__lte=high, occurred_at__gte=since)).count()


def audit_mark() -> Mark:
    """The trail now: take it before reading what it marks."""
    high = AuditEvent.objects.aggregate(high=Max("pk"))["high"] or 0
    since = timezone.now() - LATE_COMMIT_WINDOW
    return Mark(high=high, since=since, window=_window(high, since))


def is_current(mark: Mark, computed_at: datetime) -> bool:
    """Whether nothing the evidence reads has changed since `mark` (and it is not too old)."""
    if timezone.now() - computed_at > MAX_AGE:
        return False
    if _telling(AuditEvent.objects.filter(pk__gt=mark.high)).exists():
        return False
    return _window(mark.high, mark.since) == mark.window
