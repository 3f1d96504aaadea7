"""The startup hears about its screening: allowances passing 80 % and 100 %, verdicts changing."""

from datetime import date

import pytest

from backend.notifications.models import Notification
from tests.integration.screening.helpers import declare, in_force, process, withdraw

pytestmark = pytest.mark.django_db


def _notices(user, kind):
    return list(
        Notification.objects.filter(recipient=user, kind=kind)
        .order_by("created_at", "id")
        .values_list("params", flat=True)
    )


def test_allowance_thresholds_are_told_once_each_as_they_are_passed(startup_user):
    in_force(cap_mad="1000.00")
    # 70 % of the card allowance: nothing to tell yet.
    process(declare(startup_user, "700.00", date(2026, 3, 2)))
    assert _notices(startup_user, "allowance_crossed") == []
    # 85 %: the 80 % notice, with what is used and the limit.
    process(declare(startup_user, "150.00", date(2026, 3, 3)))
    [eighty] = _notices(startup_user, "allowance_crossed")
    assert (eighty["threshold"], eighty["used"], eighty["limit"]) == (80, "850.00", "1000.00")
    assert eighty["rulebook_kind"] == "in_force"
    # Another payment still under the limit says nothing new.
    process(declare(startup_user, "50.00", date(2026, 3, 4)))
    assert len(_notices(startup_user, "allowance_crossed")) == 1
    # 105 %: the 100 % notice, once.
    last = declare(startup_user, "150.00", date(2026, 3, 5))
    process(last)
    notices = _notices(startup_user, "allowance_crossed")
    assert [(n["threshold"], n["used"]) for n in notices] == [(80, "850.00"), (100, "1050.00")]
    # Back to 90 % (the last payment withdrawn): having been told of 100 %, nothing lower.
    process(withdraw(startup_user, last))
    assert len(_notices(startup_user, "allowance_crossed")) == 2


def test_a_verdict_changed_by_re_screening_is_told_but_a_first_verdict_is_not(startup_user):
    in_force(cap_mad="1000.00")
    first = declare(startup_user, "700.00", date(2026, 3, 2), reference="FIRST")
    process(first)
    over = declare(startup_user, "400.00", date(2026, 3, 3), reference="OVER")
    process(over)
    # A payment's first verdict (here a breach) is not a change.
    assert _notices(startup_user, "verdict_changed") == []
    # Withdrawing the first payment brings the second under the cap: that change is told.
    process(withdraw(startup_user, first))
    [notice] = _notices(startup_user, "verdict_changed")
    assert (notice["reference"], notice["before"], notice["after"]) == (
        "OVER",
        "breach",
        "compliant",
    )
    assert notice["declaration"] == str(over.pk)


def test_participants_screened_together_are_each_told_their_own_use(
    startup_user, other_startup_user
):
    in_force(cap_mad="1000.00")
    # Screened in one pass, with different latest dates: each hears of its own allowance.
    a = declare(startup_user, "900.00", date(2026, 3, 2))
    b = declare(other_startup_user, "1200.00", date(2026, 5, 20))
    process(a, b)
    assert [(n["threshold"], n["used"]) for n in _notices(startup_user, "allowance_crossed")] == [
        (80, "900.00")
    ]
    assert [
        (n["threshold"], n["used"]) for n in _notices(other_startup_user, "allowance_crossed")
    ] == [(100, "1200.00")]
