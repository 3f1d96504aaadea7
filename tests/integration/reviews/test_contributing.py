"""Every payment a cumulative case's breach rests on, computed from the participant's window:
the findings name only the latest ten, the case page lists them all, page by page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from backend.reviews.models import Case
from backend.reviews.services import cases
from backend.screening.models import Finding, Flag
from tests.conftest import client_for
from tests.integration.reviews import helpers as rh
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db


def _pages(client, url: str, page_size: int) -> list[list[dict]]:
    pages = []
    response = client.get(url, {"page_size": page_size})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body["results"])
        if body["next"] is None:
            return pages
        response = client.get(body["next"])


def test_a_cumulative_case_lists_every_payment_of_its_breached_total(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    # Given a 10,000 MAD yearly card cap, fourteen card payments of 1,000 MAD in 2026 (the 11th
    # to the 14th breach it), and payments that are not part of the 2026 card total: a transfer,
    # and a card payment of 2027,
    h.in_force(cap_mad="10000.00")
    first_day = date(2026, 4, 1)
    payments = [
        h.declare(startup_user, "1000.00", first_day + timedelta(days=n)) for n in range(14)
    ]
    transfer = h.declare(startup_user, "5000.00", date(2026, 4, 3), channel="transfer")
    next_year = h.declare(startup_user, "1000.00", date(2027, 1, 5))
    h.process(*payments, transfer, next_year)
    cases.cases_sync_flags(now=rh.OPENED_AT)
    case = rh.case_of(payments[-1])
    assert case.payment_count == 4
    latest = Finding.objects.get(evaluation__declaration=payments[-1], rule_id="CARD_CAP")
    assert (len(latest.contributing), latest.contributing_count) == (10, 14)
    # when a regulator lists the payments the breach rests on, five a page,
    url = reverse("api:case-contributing", kwargs={"case_id": case.pk})
    pages = _pages(client_for(rh.regulator()), url, page_size=5)
    # then all fourteen come, in value-date order, the four the case holds marked as such.
    assert [len(p) for p in pages] == [5, 5, 4]
    rows = [row for page in pages for row in page]
    assert [row["declaration"]["id"] for row in rows] == [str(p.pk) for p in payments]
    assert [row["in_case"] for row in rows] == [False] * 10 + [True] * 4
    assert rows[0]["amount_mad"] == {"amount": "1000.00", "currency": "MAD"}
    assert rows[0]["amount"] == {"amount": "1000.00", "currency": "MAD"}
    assert rows[0]["declaration"]["value_date"] == "2026-04-01"


def test_a_per_payment_case_has_no_contributing_payments_and_a_startup_may_not_ask(
    startup_user, settings
):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    url = reverse("api:case-contributing", kwargs={"case_id": case.pk})
    assert client_for(startup_user).get(url).status_code == 403
    # A per-payment rule's flag on the payment (as a rulebook with such a rule would raise).
    flag = case.flags.get()
    Flag.objects.create(
        declaration=case.declaration,
        participant=case.participant,
        rulebook_version=flag.rulebook_version,
        rule_id="HIGH_RISK",
        rule_kind="country_list",
        value_date=flag.value_date,
        severity="critical",
        confidence="illustrative",
        explanation_fr="x",
        explanation_en="x",
        unit="none",
        opened_at=rh.OPENED_AT,
    )
    cases.cases_sync_flags(now=rh.OPENED_AT + timedelta(days=1))
    per_payment = Case.objects.get(kind="per_payment", declaration=case.declaration)
    url = reverse("api:case-contributing", kwargs={"case_id": per_payment.pk})
    response = client_for(rh.regulator()).get(url)
    assert response.status_code == 200
    assert response.json() == {"next": None, "previous": None, "results": []}
