"""The payment simulator: the same conversion, verdicts and headroom declaring would give, and
nothing written anywhere."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from backend.declarations.models import Declaration
from backend.screening.selectors import declaration_verdicts, headroom_rows
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.rates.helpers import BAM_25, ingest, read
from tests.integration.screening.helpers import cohort, declare, in_force, process, proposal

pytestmark = pytest.mark.django_db

PLANNED = {
    "direction": "outgoing",
    "category": "SAAS_CLOUD",
    "channel": "card",
    "amount": {"amount": "50000.00", "currency": "EUR"},
    "value_date": "2026-03-25",
    "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
    "description": "Hosting, March",
}


def every_row_count() -> dict[str, int]:
    """Rows of every table of the project: a simulation must leave each one as it was."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith(("accounts", "audit", "declarations", "rates"))
        or model._meta.app_label in {"screening", "reviews", "rulebooks", "evidence", "processing"}
    }


def comparable(verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Verdicts without what differs by nature: when they were computed, and the id of the
    payment itself among a finding's contributors (a simulated payment has none)."""
    return [
        {
            **{k: v for k, v in verdict.items() if k != "evaluated_at"},
            "findings": [
                {**finding, "contributing": sorted(map(str, finding["contributing"]))}
                for finding in verdict["findings"]
            ],
        }
        for verdict in verdicts
    ]


def given_a_founder_near_the_card_cap():
    """Rules in force (card cap 2,000,000 MAD a year), a proposal trialled at 4,000,000 MAD, the
    BAM rates of 25 March 2026 (EUR 10.8057) and 150,000 EUR already paid by card that day."""
    in_force()
    trial = proposal()
    user = make_user(username="founder")
    cohort(trial, [user.membership.organisation])
    ingest("bam", read(BAM_25))
    earlier = declare(user, "150000.00", date(2026, 3, 25), currency="EUR", reference="INV-1")
    process(earlier)
    return user


def test_a_simulation_answers_what_declaring_then_gives_and_writes_nothing():
    user = given_a_founder_near_the_card_cap()
    before = every_row_count()

    # When the founder asks whether a further 50,000 EUR by card is possible
    response = client_for(user).post("/api/v1/simulations/", PLANNED, format="json")

    # Then the answer converts it at the official rate and screens it under both rulebooks:
    # 1,620,855 + 540,285 MAD goes past the 2,000,000 in force, not past the trial's 4,000,000
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["conversion"] == {
        "amount_mad": "540285.00",
        "rate": "10.8057",
        "rate_date": "2026-03-25",
        "source": "bam",
        "method": "official",
        "explanation": body["conversion"]["explanation"],
    }
    assert [(v["rulebook"]["kind"], v["verdict"], v["governing"]) for v in body["verdicts"]] == [
        ("in_force", "breach", False),
        ("proposed", "compliant", True),
    ]
    breach = body["verdicts"][0]["findings"][0]
    assert (breach["outcome"], breach["measured"], breach["limit"]) == (
        "breach",
        "2161140.00",
        "2000000.00",
    )
    assert breach["citation"] != ""
    assert {
        (row["rulebook"]["kind"], row["used"], row["left"]) for row in body["headroom_after"]
    } == {
        ("in_force", "2161140.00", "0.00"),
        ("proposed", "2161140.00", "1838860.00"),
    }
    # And nothing was stored: no declaration, conversion, evaluation, flag, case or audit row
    assert every_row_count() == before

    # When the same payment is declared for real and processed
    declared = declare(user, "50000.00", date(2026, 3, 25), currency="EUR", reference="INV-2")
    process(declared)
    declared = Declaration.objects.select_related("organisation", "conversion").get(pk=declared.pk)

    # Then it gets exactly the conversion, the verdicts and the headroom the simulation gave
    assert declared.conversion.amount_mad == Decimal(body["conversion"]["amount_mad"])
    assert declared.conversion.mad_per_unit == Decimal(body["conversion"]["rate"])
    stored = client_for(user).get(f"/api/v1/declarations/{declared.pk}/").json()
    for verdict in stored["verdicts"]:
        for finding in verdict["findings"]:
            finding["contributing"] = [c for c in finding["contributing"] if c != str(declared.pk)]
    assert comparable(body["verdicts"]) == comparable(stored["verdicts"])
    assert len(declaration_verdicts(declaration=declared)) == 2
    after = headroom_rows(organisation=user.membership.organisation, as_of=date(2026, 3, 25))
    assert [(r["rule_id"], r["used"], r["left"]) for r in after] == [
        (r["rule_id"], r["used"], r["left"]) for r in body["headroom_after"]
    ]


def test_a_planned_payment_ahead_of_the_rates_is_converted_at_a_labelled_estimate():
    user = given_a_founder_near_the_card_cap()
    ahead = (timezone.localdate() + timedelta(days=10)).isoformat()

    response = client_for(user).post(
        "/api/v1/simulations/", {**PLANNED, "value_date": ahead}, format="json"
    )

    assert response.status_code == 200, response.content
    conversion = response.json()["conversion"]
    # The last rate known (25 March), said to be an estimate rather than passed off as official
    assert (conversion["method"], conversion["rate"], conversion["rate_date"]) == (
        "estimate",
        "10.8057",
        "2026-03-25",
    )
    assert conversion["explanation"]["en"].startswith("ESTIMATE")


def test_a_bad_body_gets_the_declaration_s_own_errors_and_changes_nothing():
    user = given_a_founder_near_the_card_cap()
    before = every_row_count()

    response = client_for(user).post(
        "/api/v1/simulations/",
        {
            **PLANNED,
            "amount": {"amount": "12.345", "currency": "EUR"},
            "counterparty": {"name": "Example Cloud Ltd", "country": "IR-"},
        },
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    pointers = {(e["pointer"], e["code"]) for e in response.json()["errors"]}
    assert pointers == {
        ("/amount/amount", "amount_too_precise"),
        ("/counterparty/country", "max_length"),
    }
    assert every_row_count() == before


def test_a_simulation_reads_only_the_caller_s_own_payments():
    given_a_founder_near_the_card_cap()
    stranger = make_user(username="stranger")

    body = client_for(stranger).post("/api/v1/simulations/", PLANNED, format="json").json()

    # The founder's 150,000 EUR are nowhere in the stranger's answer.
    assert [v["verdict"] for v in body["verdicts"]] == ["compliant"]
    assert [row["used"] for row in body["headroom_after"]] == ["540285.00"]


def test_only_a_startup_simulates():
    given_a_founder_near_the_card_cap()
    regulator = make_user(username="supervisor", role="regulator")

    response = client_for(regulator).post("/api/v1/simulations/", PLANNED, format="json")

    assert response.status_code == 403
