"""The dashboard's whole-year figures come from stored cubes: computed once, served again while
nothing they read has changed, computed again after a change (a request or the worker's refresh
does it), and always equal to the figures computed from every declaration."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from backend.audit.models import AuditEvent
from backend.audit.services import audit_record
from backend.common.roles import Role
from backend.evidence import aggregates, reading
from backend.evidence.aggregates import (
    evidence_aggregate,
    evidence_aggregates_refresh,
    variant_of,
)
from backend.evidence.aggregates.freshness import MAX_AGE, audit_mark, is_current
from backend.evidence.conf import disclosure_params
from backend.evidence.frames import EvidenceFilters
from backend.evidence.measures import FILTERS
from backend.evidence.models import EvidenceAggregate
from backend.evidence.present import measures_payload
from backend.evidence.selectors import evidence_measures, published_filter
from tests.factories import make_user
from tests.integration.evidence.helpers import world
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db

YEAR = EvidenceFilters(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
# Said beside the figures, not part of them: the rules, the reader's filters, when counted.
SAID_BESIDE = ("rules", "filtering", "figures_as_of", "up_to_date")


@pytest.fixture
def computations(monkeypatch):
    """How many times the year's cubes were computed from the declarations."""
    calls = []
    real = reading.evidence_cubes

    def counted(**kwargs):
        calls.append(kwargs["filters"])
        return real(**kwargs)

    monkeypatch.setattr(aggregates, "evidence_cubes", counted)
    return calls


def unlocked(payload):
    return payload["headline"]["unlocked"]["TOTAL"]["declarations"]


def test_a_year_is_computed_once_then_served_until_a_screening_changes_it(computations):
    # Given six cohort members blocked now and allowed under the proposal, and five outsiders,
    data = world(trialled=7, unlocked=6, compliant=1, outsiders=5)
    advocate = make_user(role=Role.ADVOCATE)
    # when an advocate reads 2026 twice, with and without a filter,
    first = evidence_measures(viewer=advocate, filters=YEAR)
    evidence_measures(viewer=advocate, filters=EvidenceFilters(**{**vars(YEAR), "cluster": "MNC"}))
    again = evidence_measures(viewer=advocate, filters=YEAR)
    # then the year was computed once, stored, and the same figures served again;
    assert len(computations) == 1
    assert again == first
    stored = EvidenceAggregate.objects.get()
    assert (stored.year, stored.variant, stored.declarations) == (2026, "published:k=5", 12)
    # a sign-in changes nothing the evidence reads, so nothing is computed again;
    with transaction.atomic():
        audit_record(actor=advocate, action="auth.login", obj=advocate)
    evidence_measures(viewer=advocate, filters=YEAR)
    assert len(computations) == 1
    assert first["up_to_date"] is True
    assert first["figures_as_of"] == stored.computed_at
    # when one more member's payment is declared and screened,
    h.process(h.declare(data["members"][6], "2500000.00", date(2026, 5, 4)))
    # then, with no allowance for out-of-date figures, the next request computes the year again
    # and shows it.
    with override_settings(EVIDENCE_STALE_SECONDS=0):
        after = evidence_measures(viewer=advocate, filters=YEAR)
    assert len(computations) == 2
    assert unlocked(after) == unlocked(first) + 1
    assert after["up_to_date"] is True


def test_out_of_date_figures_answer_the_dashboard_saying_so_until_the_refresh(computations):
    # Given the year's figures stored for advocates,
    data = world(trialled=7, unlocked=6, compliant=1, outsiders=5)
    advocate = make_user(role=Role.ADVOCATE)
    first = evidence_measures(viewer=advocate, filters=YEAR)
    counted_at = EvidenceAggregate.objects.get().computed_at
    # when one more member's payment is declared and screened,
    h.process(h.declare(data["members"][6], "2500000.00", date(2026, 5, 4)))
    # then a request within the allowance is answered at once from the stored figures, saying
    # they are those of the time they were counted and that the change is not counted yet;
    with override_settings(EVIDENCE_STALE_SECONDS=300):
        stale = evidence_measures(viewer=advocate, filters=YEAR)
    assert len(computations) == 1
    assert (stale["up_to_date"], stale["figures_as_of"]) == (False, counted_at)
    assert unlocked(stale) == unlocked(first)
    # after the worker's refresh, the same request shows the change, up to date.
    evidence_aggregates_refresh()
    with override_settings(EVIDENCE_STALE_SECONDS=300):
        fresh = evidence_measures(viewer=advocate, filters=YEAR)
    assert len(computations) > 1
    assert fresh["up_to_date"] is True
    assert unlocked(fresh) == unlocked(first) + 1


def test_figures_older_than_the_allowance_are_computed_again_by_the_request(computations):
    data = world(trialled=7, unlocked=6, compliant=1, outsiders=5)
    advocate = make_user(role=Role.ADVOCATE)
    first = evidence_measures(viewer=advocate, filters=YEAR)
    EvidenceAggregate.objects.update(computed_at=timezone.now() - timedelta(minutes=6))
    h.process(h.declare(data["members"][6], "2500000.00", date(2026, 5, 4)))
    with override_settings(EVIDENCE_STALE_SECONDS=300):
        after = evidence_measures(viewer=advocate, filters=YEAR)
    assert len(computations) == 2
    assert after["up_to_date"] is True
    assert unlocked(after) == unlocked(first) + 1


def test_stored_figures_equal_the_full_computation_for_every_allowed_request():
    # Given a year of screened payments,
    world(trialled=9, unlocked=6, illustrative=2, compliant=1, outsiders=5)
    advocate = make_user(role=Role.ADVOCATE)
    params = disclosure_params()
    computed, _ = reading.evidence_cubes(filters=YEAR, cutoff=timezone.now(), params=params)
    # when every request an advocate may make is answered from the stored cubes,
    requests = [YEAR] + [
        EvidenceFilters(**{**vars(YEAR), dim: value if dim != "labelled" else value == "true"})
        for dim in FILTERS
        for value in computed.declarations.values[dim]
    ]
    assert len(requests) > 5
    for filters in requests:
        served = evidence_measures(viewer=advocate, filters=filters)
        # then each answer is the one computed from every declaration.
        expected = measures_payload(computed, where=published_filter(filters), params=params)
        # (the rules and the filters the reader may use are said beside the figures)
        assert {k: v for k, v in served.items() if k not in SAID_BESIDE} == expected
    # And a regulator's unfiltered year is served exact, as computed.
    regulator = make_user(role=Role.REGULATOR)
    exact, _ = reading.evidence_cubes(filters=YEAR, cutoff=timezone.now(), params=None)
    served = evidence_measures(viewer=regulator, filters=YEAR)
    assert {k: v for k, v in served.items() if k not in SAID_BESIDE} == (
        measures_payload(exact, where=None, params=None)
    )
    assert set(EvidenceAggregate.objects.values_list("variant", flat=True)) == {
        "exact",
        "published:k=5",
    }


def test_a_regulator_filter_or_part_of_a_year_is_computed_not_stored(computations):
    world(trialled=2, unlocked=1, compliant=1)
    regulator = make_user(role=Role.REGULATOR)
    evidence_measures(
        viewer=regulator, filters=EvidenceFilters(**{**vars(YEAR), "sector": "Logiciel"})
    )
    evidence_measures(
        viewer=regulator,
        filters=EvidenceFilters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)),
    )
    assert not EvidenceAggregate.objects.exists()


def test_an_event_committed_late_below_the_mark_still_makes_it_out_of_date():
    # Given a mark taken after an event of id n + 10 while an event of id n + 5 was still being
    # written (its transaction commits after the mark),
    high = audit_mark().high
    with transaction.atomic():
        AuditEvent.objects.create(
            pk=high + 10, occurred_at=timezone.now(), action="declaration.create"
        )
    mark = audit_mark()
    assert is_current(mark, timezone.now())
    # when that event commits,
    with transaction.atomic():
        AuditEvent.objects.create(
            pk=high + 5, occurred_at=timezone.now(), action="declaration.create"
        )
    # then what was read at the mark is out of date.
    assert not is_current(mark, timezone.now())


def test_stored_cubes_older_than_the_maximum_age_are_out_of_date():
    mark = audit_mark()
    assert is_current(mark, timezone.now() - MAX_AGE + timedelta(minutes=1))
    assert not is_current(mark, timezone.now() - MAX_AGE - timedelta(minutes=1))


def test_the_refresh_computes_what_is_missing_or_out_of_date_and_nothing_else(computations):
    # Given screened payments of 2026 and the cubes of that year stored for advocates,
    data = world(trialled=6, unlocked=5, compliant=1, outsiders=5)
    params = disclosure_params()
    evidence_aggregate(year=2026, params=params)
    # when the worker refreshes,
    done = evidence_aggregates_refresh()
    # then it computes the years kept it had not (this year and the last, exact and published)
    this_year = timezone.localdate().year
    expected = {(y, v) for y in (this_year - 1, this_year) for v in ("exact", variant_of(params))}
    assert set(done) == expected - {(2026, variant_of(params))}
    # and, run again with nothing changed, nothing;
    assert evidence_aggregates_refresh() == []
    # after a payment is screened, every stored year is computed again (the trail says a
    # change happened, not which year it touched).
    h.process(h.declare(data["members"][5], "2500000.00", date(2026, 6, 1)))
    assert set(evidence_aggregates_refresh()) == {
        (y, v) for y, v in EvidenceAggregate.objects.values_list("year", "variant")
    }
