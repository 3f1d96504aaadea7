"""A payment declared before others of its allowance year rewrites their stored running totals in
place: the same evaluation rows, their findings replaced with the new totals, nothing stale left
and nothing duplicated."""

from datetime import date

import pytest

from backend.screening.models import Evaluation, Finding, Flag, VerdictChange
from tests.factories import make_user
from tests.integration.screening.helpers import declare, in_force, process, verdicts

IN_FORCE = "Test rules in force"
pytestmark = pytest.mark.django_db


def _totals(*declarations) -> list[int | None]:
    return [
        Finding.objects.get(evaluation__declaration=d, evaluation__is_current=True).measured_minor
        for d in declarations
    ]


def test_a_back_dated_payment_rewrites_the_later_totals_in_their_own_rows():
    # Given a 1,000,000 MAD yearly card cap already exceeded in April, and two later breaches,
    in_force(cap_mad="1000000.00")
    user = make_user(username="founder")
    april = declare(user, "1200000.00", date(2026, 4, 1))
    june = declare(user, "100000.00", date(2026, 6, 1))
    september = declare(user, "50000.00", date(2026, 9, 1))
    process(april, june, september)
    assert _totals(april, june, september) == [120_000_000, 130_000_000, 135_000_000]
    rows = dict(Evaluation.objects.values_list("declaration_id", "pk"))
    stamped = dict(Evaluation.objects.values_list("declaration_id", "evaluated_at"))
    flagged = set(Flag.objects.values_list("declaration_id", flat=True))
    # when a payment of 1 March is declared afterwards,
    march = declare(user, "300000.00", date(2026, 3, 1))
    process(march)
    # then every later total counts it, in the evaluation rows that already held them,
    assert _totals(april, june, september) == [150_000_000, 160_000_000, 165_000_000]
    assert {
        d: pk for d, pk in Evaluation.objects.values_list("declaration_id", "pk") if d in rows
    } == rows
    # one finding a breach each (the old ones replaced, none left beside them), March compliant,
    assert Finding.objects.filter(evaluation__declaration__in=[april, june, september]).count() == 3
    assert verdicts(march) == {IN_FORCE: "compliant"}
    assert [verdicts(d) for d in (april, june, september)] == [{IN_FORCE: "breach"}] * 3
    # the latest contributing payments named in date order, counted in full,
    finding = Finding.objects.get(evaluation__declaration=september)
    assert finding.contributing == [str(d.pk) for d in (march, april, june, september)]
    assert finding.contributing_count == 4
    # and the rewritten rows record the later screening that wrote them.
    for declaration_id, evaluated_at in Evaluation.objects.values_list(
        "declaration_id", "evaluated_at"
    ):
        assert evaluated_at > stamped[declaration_id]
    # No verdict changed (all three still breach), and the flags stay one per breach.
    assert VerdictChange.objects.count() == 0
    assert set(Flag.objects.values_list("declaration_id", flat=True)) == flagged
    assert flagged == {april.pk, june.pk, september.pk}
