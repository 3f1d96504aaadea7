"""Priority from severity and MAD amount; due dates from the SLA per severity."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from backend.reviews.priority import case_priority, due_at_for, sla_hours, worst_severity

OPENED = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("severity", "amount", "expected"),
    [
        ("critical", "10.00", 1),
        ("critical", "5000000.00", 1),
        ("high", "999999.99", 2),
        ("high", "1000000.00", 1),
        ("medium", "50000.00", 3),
        ("medium", "1000000.00", 2),
        ("low", "0.00", 4),
        ("low", "2000000.00", 3),
        ("unheard-of", "10.00", 3),
    ],
)
def test_priority(severity, amount, expected):
    assert case_priority(severity=severity, amount_mad=Decimal(amount)) == expected


def test_worst_severity():
    assert worst_severity(["low", "critical", "medium"]) == "critical"
    assert worst_severity(["low", "low"]) == "low"
    assert worst_severity([]) == "medium"


def test_default_sla_hours(settings):
    settings.REVIEWS_SLA_HOURS = {"critical": 24, "high": 72, "medium": 120, "low": 240}
    assert [sla_hours(s) for s in ("critical", "high", "medium", "low")] == [24, 72, 120, 240]


def test_due_dates_follow_the_configured_sla(settings):
    settings.REVIEWS_SLA_HOURS = {"critical": 4, "high": 8, "medium": 48, "low": 96}
    assert due_at_for(severity="critical", opened_at=OPENED) == datetime(
        2026, 3, 3, 13, 0, tzinfo=UTC
    )
    assert due_at_for(severity="high", opened_at=OPENED) == datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
    assert due_at_for(severity="low", opened_at=OPENED) == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    # An unknown severity gets the medium SLA, never the slowest.
    assert due_at_for(severity="odd", opened_at=OPENED) == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
