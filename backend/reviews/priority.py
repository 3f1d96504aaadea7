"""Priority and due dates of cases: pure functions of severity, amount and the SLA settings."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

from backend.reviews.models import Priority

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
# A payment of a million dirhams or more is looked at one level sooner: at that size a breach
# moves the participant's whole annual allowance.
LARGE_AMOUNT_MAD = Decimal("1000000.00")
# Used when a rulebook names a severity this app does not know (never silently the slowest).
DEFAULT_SEVERITY = "medium"
DEFAULT_SLA_HOURS = {"critical": 24, "high": 72, "medium": 120, "low": 240}


def worst_severity(severities: list[str]) -> str:
    """The most severe of `severities` (unknown ones count as the default)."""
    known = [s if s in SEVERITY_RANK else DEFAULT_SEVERITY for s in severities]
    return max(known or [DEFAULT_SEVERITY], key=SEVERITY_RANK.__getitem__)


def case_priority(*, severity: str, amount_mad: Decimal) -> int:
    """Critical → urgent, high → high, medium → normal, low → low; one level up when large."""
    rank = SEVERITY_RANK.get(severity, SEVERITY_RANK[DEFAULT_SEVERITY])
    level = Priority.LOW - (rank - 1) - (1 if amount_mad >= LARGE_AMOUNT_MAD else 0)
    return max(int(Priority.URGENT), int(level))


def sla_hours(severity: str) -> int:
    """Hours allowed for a decision at this severity (settings.REVIEWS_SLA_HOURS)."""
    table = {**DEFAULT_SLA_HOURS, **getattr(settings, "REVIEWS_SLA_HOURS", {})}
    return int(table.get(severity, table[DEFAULT_SEVERITY]))


def due_at_for(*, severity: str, opened_at: datetime) -> datetime:
    """When a case opened at `opened_at` with this severity must be decided."""
    return opened_at + timedelta(hours=sla_hours(severity))
