"""One case per breach: a cumulative rule's breaching payments of one window join one case (a
timeline entry each time, the amount and priority raised); a decision covers the payments held
then; the case is found from any payment it holds."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.reviews.models import Case, CasePayment
from backend.reviews.services import cases
from backend.reviews.services.opening import breach_window, case_payment_amount_update
from backend.reviews.states import CaseState
from tests.conftest import client_for
from tests.integration.reviews import helpers as rh
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db


def _breach(owner, amount: str, value_date: date, *, days: int = 0) -> Case:
    declaration = h.declare(owner, amount, value_date)
    h.process(declaration)
    cases.cases_sync_flags(now=rh.OPENED_AT + timedelta(days=days))
    return rh.case_of(declaration)


def test_later_breaching_payments_of_the_year_join_the_open_case(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    # Given a startup past its 2,000,000 MAD card allowance of 2026: the breach's case,
    h.in_force()
    first = _breach(startup_user, "2500000.00", date(2026, 4, 1))
    assert (first.kind, first.payment_count, first.amount_mad, first.priority) == (
        "cumulative",
        1,
        Decimal("2500000.00"),
        1,
    )
    # when nine more card payments of the year are screened,
    for n in range(9):
        _breach(startup_user, "100.00", date(2026, 5, 1 + n), days=n + 1)

    # then they are the same breach: one case, ten payments, the total of the ten.
    grouped = Case.objects.get(pk=first.pk)
    assert Case.objects.filter(participant=first.participant, kind="cumulative").count() == 1
    assert (grouped.payment_count, grouped.amount_mad) == (10, Decimal("2500900.00"))
    assert (grouped.window_start, grouped.window_end) == (date(2026, 1, 1), date(2026, 12, 31))
    joined = AuditEvent.objects.filter(object_id=str(first.pk), action="case.payments_attach")
    assert joined.count() == 9
    assert joined.order_by("occurred_at").first().after["payments_attached"][0]["amount_mad"] == (
        "100.00"
    )


def test_a_payment_of_another_year_is_another_breach(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    this_year = rh.flagged_case(startup_user)
    next_year = rh.flagged_case(startup_user, value_date=date(2027, 2, 1))
    assert this_year.pk != next_year.pk
    assert (next_year.window_start, next_year.window_end) == (date(2027, 1, 1), date(2027, 12, 31))


def test_joining_raises_the_amount_and_the_priority(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    # Given a low-severity cap breach small enough for a normal priority (a custom rulebook),
    doc = h.document(name="Low cap", kind="in_force", cap_mad="100.00")
    doc["rules"][0]["severity"] = "medium"
    h.publish(doc)
    small = _breach(startup_user, "600000.00", date(2026, 3, 2))
    assert (small.priority, small.amount_mad) == (3, Decimal("600000.00"))
    # when a second payment brings the case past a million dirhams,
    grown = _breach(startup_user, "500000.00", date(2026, 3, 9), days=1)
    # then the case is the same and one level more urgent.
    assert grown.pk == small.pk
    assert (grown.priority, grown.amount_mad, grown.payment_count) == (
        2,
        Decimal("1100000.00"),
        2,
    )


def test_a_decision_covers_the_payments_held_then(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    cases.case_decide(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        outcome="breach_confirmed",
        rationale="Over the allowance.",
        now=rh.OPENED_AT + timedelta(hours=1),
    )
    decided = AuditEvent.objects.get(object_id=str(case.pk), action="case.decide")
    assert decided.after["payments"] == 1
    url = reverse("api:case-payments", args=[case.pk])
    assert [p["covered_by_decision"] for p in client_for(reviewer).get(url).json()["results"]] == [
        True
    ]
    # A later breach reopens the case; the payment it brings is not covered by the decision.
    _breach(startup_user, "10.00", date(2026, 6, 1), days=2)
    assert rh.reload(case).state == CaseState.REOPENED
    payments = client_for(reviewer).get(url).json()
    assert [p["covered_by_decision"] for p in payments["results"]] == [False, False]
    detail = client_for(reviewer).get(reverse("api:case-detail", args=[case.pk])).json()
    assert (detail["payment_count"], len(detail["payments"])) == (2, 2)


def test_the_startup_sees_the_grouped_payments_and_when_they_joined(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    later = h.declare(startup_user, "10.00", date(2026, 6, 1))
    h.process(later)
    cases.cases_sync_flags(now=rh.OPENED_AT + timedelta(days=1))
    owner = client_for(startup_user)
    detail = owner.get(reverse("api:case-detail", args=[case.pk])).json()
    assert detail["payment_count"] == 2
    assert detail["amount_mad"] == {"amount": "2500010.00", "currency": "MAD"}
    assert [p["declaration"]["id"] for p in detail["payments"]] == [
        str(case.declaration_id),
        str(later.pk),
    ]
    attached = [e for e in detail["timeline"] if e["action"] == "case.payments_attach"]
    assert [e["payments_attached"][0]["reference"] for e in attached] == [later.reference]
    assert set(attached[0]) == {"occurred_at", "action", "payments_attached"}
    # API.md: `?declaration=` finds the case from the payment that opened it and a later one.
    for declaration_id in (case.declaration_id, later.pk):
        listed = owner.get(reverse("api:cases"), {"declaration": str(declaration_id)}).json()
        assert [c["id"] for c in listed["results"]] == [str(case.pk)]
        # The rule it is about is titled in both languages for the startup to read.
        assert listed["results"][0]["rule_titles"] == [CARD_TITLES]


CARD_TITLES = {"rule_id": "CARD_CAP", "fr": "Dotation carte", "en": "Card allowance"}


def test_the_queue_names_each_cases_rules_in_both_languages(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    queue = client_for(rh.regulator()).get(reverse("api:cases")).json()["results"]
    assert [(row["id"], row["rules"], row["rule_titles"]) for row in queue] == [
        (str(case.pk), ["CARD_CAP"], [CARD_TITLES])
    ]


def test_a_changed_amount_updates_the_case_and_its_timeline(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    changed = case_payment_amount_update(
        declaration_id=case.declaration_id,
        amount_mad=Decimal("2600000.00"),
        reason="revised rate",
        now=rh.OPENED_AT + timedelta(days=1),
    )
    assert [c.pk for c in changed] == [case.pk]
    stored = rh.reload(case)
    assert stored.amount_mad == Decimal("2600000.00")
    assert CasePayment.objects.get(case=case).amount_mad == Decimal("2600000.00")
    entry = AuditEvent.objects.get(object_id=str(case.pk), action="case.payment_amount_change")
    assert (entry.after["amount_before"], entry.after["amount_after"]) == (
        "2500000.00",
        "2600000.00",
    )


def test_breach_windows():
    assert breach_window(
        rule_kind="period_cap", window_start=date(2026, 1, 1), window_end=date(2026, 12, 31)
    ) == (date(2026, 1, 1), date(2026, 12, 31))
    # Structuring windows roll: a pattern is one case per year its windows start in.
    assert breach_window(
        rule_kind="structuring", window_start=date(2026, 12, 20), window_end=date(2027, 1, 5)
    ) == (date(2026, 1, 1), date(2026, 12, 31))
    assert (
        breach_window(
            rule_kind="per_payment_cap", window_start=date(2026, 1, 1), window_end=date(2026, 1, 1)
        )
        is None
    )
    assert breach_window(rule_kind="period_cap", window_start=None, window_end=None) is None
