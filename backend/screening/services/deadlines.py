"""Deadlines that pass on their own: a receipt still expected becomes a breach the day after
its due date, without anyone touching it.

A deadline finding without an end date is `open` until its due date and a breach from the
next day; that is the only verdict that depends on the day it is computed. This job re-screens,
each day, the participants with such a deadline whose due date has just passed, so the breach
appears on that day whatever else happens (a few days of catch-up cover a stopped scheduler).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from backend.declarations.models import Declaration, DeclarationStatus, ReceiptStatus
from backend.rule_engine.model import DeadlineParams
from backend.screening.services.screening import ScreeningSummary, screening_screen, year_start
from backend.screening.versions import VersionInfo, cohort_windows, in_force_versions

# Days back the job also looks at: a scheduler stopped for up to a week loses no breach.
CATCH_UP_DAYS = 7
# Start dates a deadline rule may run from that a declaration stores (value_date included).
STORED_STARTS = ("service_performance_date", "expected_repatriation_date", "value_date")


def _deadlines(versions: list[VersionInfo]) -> set[tuple[str, int]]:
    """(start column, limit in days) of the deadline rules that run to a receipt."""
    return {
        (rule.params.start, rule.params.max_days)
        for version in versions
        for rule in version.rulebook.rules
        if isinstance(rule.params, DeadlineParams)
        and rule.params.end == "received_date"
        and rule.params.start in STORED_STARTS
    }


def deadlines_passed(*, on: date) -> dict[date, list[str]]:
    """Participants with a receipt still expected whose due date passed in the last
    CATCH_UP_DAYS days up to `on` (a breach from the day after the due date), grouped by the
    1 January their screening starts from."""
    expected = Declaration.objects.filter(
        is_current=True, receipt_status=ReceiptStatus.EXPECTED
    ).exclude(status=DeclarationStatus.WITHDRAWN)
    participants = expected.values_list("organisation_id", flat=True).distinct()
    versions = in_force_versions() + [
        c.version for c in cohort_windows([str(p) for p in participants])
    ]
    passed = Q(pk__in=[])
    for start, max_days in sorted(_deadlines(versions)):
        # Due on start + max_days: a breach on the next day, i.e. start = day - max_days - 1.
        latest = on - timedelta(days=max_days + 1)
        earliest = latest - timedelta(days=CATCH_UP_DAYS)
        passed |= Q(**{f"{start}__gte": earliest, f"{start}__lte": latest})
    by_since: dict[date, set[str]] = {}
    for organisation_id, value_date in expected.filter(passed).values_list(
        "organisation_id", "value_date"
    ):
        by_since.setdefault(year_start(value_date), set()).add(str(organisation_id))
    return {since: sorted(ids) for since, ids in sorted(by_since.items())}


def screening_deadlines_passed(*, on: date | None = None) -> ScreeningSummary:
    """Re-screen the participants whose receipts' due dates just passed, as of `on` (today)."""
    day = on or timezone.localdate()
    total = ScreeningSummary()
    for since, participants in deadlines_passed(on=day).items():
        total.add(
            screening_screen(
                participant_ids=participants, since=since, as_of=day, reason="deadline passed"
            )
        )
    return total
