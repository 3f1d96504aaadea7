"""A declaration followed from POST to its case through the real broker and a real worker, with
no beat (the worker runs none: nothing but the events moves the flow), and a year's breaching
card payments making one case per allowance breach."""

from pathlib import Path

import pytest
from django.core.management import call_command

from backend.reviews.models import Case, CasePayment
from tests.conftest import client_for
from tests.integration.conftest import wait_until
from tests.integration.screening import helpers as h

RATES = Path(__file__).resolve().parents[2] / "fixtures" / "rates"
WAIT_SECONDS = 90
# The test rules cap card payments at 2,000,000 MAD a year: 200,000 EUR (about 2,161,000 MAD at
# the rate of 25 March 2026) breaches the allowance, and every later card payment of the year
# breaches it again.
FIRST_EUR = "200000.00"
LATER_EUR = "100.00"
PAYMENTS = 10


def _payment(n: int, amount: str) -> dict:
    return {
        "reference": f"CARD-2026-{n:03d}",
        "direction": "outgoing",
        "category": "SAAS_CLOUD",
        "channel": "card",
        "amount": {"amount": amount, "currency": "EUR"},
        "value_date": "2026-03-25",
        "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
        "description": "Hosting",
    }


@pytest.mark.worker
def test_a_declaration_reaches_its_case_and_a_year_s_breaches_make_one_case(
    celery_worker_process, startup_user
):
    # Given the rates of 25 March 2026, the test rules in force and a real worker (no beat),
    call_command(
        "import_rates",
        "--source",
        "bam",
        "--file",
        str(RATES / "bam_CoursVirement_2026-03-25.json"),
    )
    h.in_force()
    client = client_for(startup_user)
    log = celery_worker_process.log_path  # type: ignore[attr-defined]

    # when a startup declares a card payment over its annual allowance through the API,
    first = client.post("/api/v1/declarations/", _payment(1, FIRST_EUR), format="json")
    assert first.status_code == 201, first.content
    first_id = first.json()["id"]

    # then the worker converts, screens and opens its case, on the events alone.
    wait_until(
        lambda: Case.objects.filter(payments__declaration_id=first_id).exists(),
        timeout=WAIT_SECONDS,
        message=log.read_text(errors="replace")[-3000:],
    )
    case = Case.objects.get(payments__declaration_id=first_id)
    assert (case.kind, case.rule_id, case.state, case.payment_count) == (
        "cumulative",
        "CARD_CAP",
        "open",
        1,
    )

    # When nine more card payments of the same year are declared,
    later = []
    for n in range(2, PAYMENTS + 1):
        made = client.post("/api/v1/declarations/", _payment(n, LATER_EUR), format="json")
        assert made.status_code == 201, made.content
        later.append(made.json()["id"])

    # then each joins the one case of the breach: one case, ten payments.
    wait_until(
        lambda: CasePayment.objects.filter(case=case).count() == PAYMENTS,
        timeout=WAIT_SECONDS,
        message=log.read_text(errors="replace")[-3000:],
    )
    assert Case.objects.filter(participant=case.participant).count() == 1
    grouped = Case.objects.get(pk=case.pk)
    amounts = list(CasePayment.objects.filter(case=case).values_list("amount_mad", flat=True))
    assert grouped.payment_count == PAYMENTS
    assert grouped.amount_mad == sum(amounts)
    # And the flow never waited for a periodic sweep: the worker received none.
    assert b"Task processing.sweep[" not in log.read_bytes()
    assert b"Task processing.flags_opened[" in log.read_bytes()

    # The startup finds the case from a payment that joined it later (API.md `?declaration=`).
    listed = client.get("/api/v1/cases/", {"declaration": later[-1]}).json()["results"]
    assert [(c["id"], c["payment_count"]) for c in listed] == [(str(case.pk), PAYMENTS)]
