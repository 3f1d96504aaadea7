"""Rates that are right after the fact, through the broker and a real worker: a payment waits for
its day's publication, a late or revised publication re-converts and re-screens what it changes,
and a holiday carries the previous publication forward, naming the holiday."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from backend.rates.models import NonPublicationDay, RateRow
from tests.conftest import client_for
from tests.integration.conftest import wait_until
from tests.integration.rates.helpers import BAM_25, BAM_26, FIXTURES, bam_redated
from tests.integration.screening.helpers import in_force

WAIT_SECONDS = 90
PAYMENT = {
    "reference": "INV-2026-0042",
    "direction": "outgoing",
    "category": "SAAS_CLOUD",
    "channel": "card",
    "amount": {"amount": "1000.00", "currency": "USD"},
    "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
    "description": "Hosting, March",
}
THURSDAY, FRIDAY, SATURDAY, MONDAY = (date(2026, 3, d) for d in (26, 27, 28, 30))


def import_file(path: Path) -> None:
    call_command("import_rates", "--source", "bam", "--file", str(path))


def import_body(tmp_path: Path, name: str, body: bytes) -> None:
    saved = tmp_path / name
    saved.write_bytes(body)
    import_file(saved)


class Declared:
    """A payment declared through the API, read back as its owner sees it."""

    def __init__(self, user: Any, worker: Any, value_date: date, **changes: Any) -> None:
        self.client = client_for(user)
        self.worker = worker
        body = {**PAYMENT, "value_date": value_date.isoformat(), **changes}
        created = self.client.post("/api/v1/declarations/", body, format="json")
        assert created.status_code == 201, created.content
        self.url = f"/api/v1/declarations/{created.json()['id']}/"

    def get(self) -> dict[str, Any]:
        return self.client.get(self.url).json()

    def history(self) -> list[dict[str, Any]]:
        return self.client.get(f"{self.url}events/").json()

    def wait(self, predicate: Any, what: str) -> dict[str, Any]:
        wait_until(
            lambda: predicate(self.get()),
            timeout=WAIT_SECONDS,
            message=f"{what}\n{self.worker.log_path.read_text(errors='replace')[-3000:]}",
        )
        return self.get()


def verdicts(body: dict[str, Any]) -> set[str]:
    return {v["verdict"] for v in body["verdicts"]}


def screened(body: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]]]:
    """The verdict of the rules in force and each finding's rule, measure and limit (a
    compliant verdict stores no finding)."""
    (verdict,) = body["verdicts"]
    findings = [(f["rule_id"], f["measured"], f["limit"]) for f in verdict["findings"]]
    return verdict["verdict"], findings


def over_cap(amount_mad: str) -> tuple[str, list[tuple[str, str, str]]]:
    return "breach", [("CARD_CAP", amount_mad, "2000000.00")]


COMPLIANT: tuple[str, list[Any]] = ("compliant", [])


def actions(history: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    return [e for e in history if e["action"] == action]


def inline_verdicts(event: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The verdicts a re-conversion event shows before and after, rules in force first."""
    change = event["reconversion"]
    before, after = (
        [v["verdict"] for v in change[side]["verdicts"]] for side in ("before", "after")
    )
    return before, after


@pytest.mark.worker
def test_a_payment_waits_for_its_day_and_converts_when_the_recorded_file_is_imported(
    celery_worker_process, startup_user
):
    # Given the card cap in force and Bank Al-Maghrib's rates of 25 March 2026 only,
    in_force()
    import_file(FIXTURES / BAM_25)
    # when a startup declares a card payment of 220,000 USD on Thursday 26 March, a publication
    # day not in yet,
    amount = {"amount": "220000.00", "currency": "USD"}
    payment = Declared(startup_user, celery_worker_process, THURSDAY, amount=amount)
    # then it waits for that day's rate: pending_rate, never converted with an older rate,
    body = payment.wait(lambda b: b["status"] == "pending_rate", "not pending_rate")
    assert body["conversion"] is None
    assert verdicts(body) == {"pending_rate"}
    assert payment.get()["status"] == "pending_rate"
    # and when the recorded file of 26 March is imported, the worker converts it at that day's
    # official rate (9.3261: 2,051,742.00 MAD)
    import_file(FIXTURES / BAM_26)
    body = payment.wait(lambda b: b["status"] == "screened", "not screened")
    usd = RateRow.objects.get(currency="USD", published_on=THURSDAY)
    assert {k: body["conversion"][k] for k in ("rate", "rate_date", "method", "amount_mad")} == {
        "rate": "9.3261",
        "rate_date": "2026-03-26",
        "method": "official",
        "amount_mad": "2051742.00",
    }
    assert usd.per_unit == Decimal("9.3261")
    # and screens it on that amount: over the 2,000,000 MAD card cap in force.
    assert screened(body) == over_cap("2051742.00")
    (event,) = actions(payment.history(), "declaration.reconverted")
    assert (event["before"]["conversion"], event["after"]["conversion"]["amount_mad"]) == (
        None,
        "2051742.00",
    )
    assert inline_verdicts(event) == (["pending_rate"], ["breach"])


@pytest.mark.worker
def test_a_saturday_carried_from_thursday_takes_fridays_rate_when_it_arrives_late(
    celery_worker_process, startup_user, tmp_path
):
    # Given Thursday's rates, then Monday's arriving without Friday's (Friday is confirmed),
    in_force()
    import_file(FIXTURES / BAM_26)
    import_body(tmp_path, "bam_2026-03-30.json", bam_redated(BAM_26, MONDAY))
    assert NonPublicationDay.objects.get().day == FRIDAY
    # a card payment of 214,000 USD on Saturday 28 March is carried forward from Thursday
    # (1,995,785.40 MAD, within the 2,000,000 MAD card cap), saying why,
    amount = {"amount": "214000.00", "currency": "USD"}
    payment = Declared(startup_user, celery_worker_process, SATURDAY, amount=amount)
    body = payment.wait(lambda b: b["status"] == "screened", "not screened")
    assert (body["conversion"]["rate_date"], body["conversion"]["method"]) == (
        "2026-03-26",
        "carried_forward",
    )
    assert body["conversion"]["amount_mad"] == "1995785.40"
    assert screened(body) == COMPLIANT
    assert (
        "Friday 27 March 2026, confirmed non-publication day"
        in (body["conversion"]["explanation"]["en"])
    )
    # when Friday's file arrives late (USD 1 % higher), the worker re-converts the payment with
    # Friday's rate, screens it again (now over the cap) and the history keeps both.
    late = bam_redated(BAM_26, FRIDAY, scale={"USD": Decimal("1.01")})
    import_body(tmp_path, "bam_2026-03-27.json", late)
    body = payment.wait(
        lambda b: b["conversion"]["rate_date"] == "2026-03-27", "not re-converted with Friday's"
    )
    assert {k: body["conversion"][k] for k in ("rate", "method", "amount_mad")} == {
        "rate": "9.419361",
        "method": "carried_forward",
        "amount_mad": "2015743.25",
    }
    assert (body["status"], screened(body)) == ("screened", over_cap("2015743.25"))
    assert body["conversion"]["explanation"]["en"] == (
        "Bank Al-Maghrib rate of Friday 27 March 2026 carried forward to Saturday 28 March 2026 "
        "(no publication: weekend)"
    )
    history = payment.history()
    (event,) = actions(history, "declaration.reconverted")
    assert (event["before"]["conversion"], event["after"]["conversion"]) == (
        {
            "amount_mad": "1995785.40",
            "rate": "9.3261",
            "rate_date": "2026-03-26",
            "source": "bam",
            "method": "carried_forward",
        },
        {
            "amount_mad": "2015743.25",
            "rate": "9.419361",
            "rate_date": "2026-03-27",
            "source": "bam",
            "method": "carried_forward",
        },
    )
    assert inline_verdicts(event) == (["compliant"], ["breach"])


@pytest.mark.worker
def test_a_revised_rate_reconverts_and_the_history_shows_both(
    celery_worker_process, startup_user, tmp_path
):
    # Given 25 March's rates and a card payment of 186,000 EUR that day, converted at 10.8057
    # (2,009,860.20 MAD: over the 2,000,000 MAD card cap),
    in_force()
    import_file(FIXTURES / BAM_25)
    amount = {"amount": "186000.00", "currency": "EUR"}
    payment = Declared(startup_user, celery_worker_process, date(2026, 3, 25), amount=amount)
    body = payment.wait(lambda b: b["status"] == "screened", "not screened")
    assert body["conversion"]["rate"] == "10.8057"
    assert screened(body) == over_cap("2009860.20")
    # when Bank Al-Maghrib revises that day's EUR rate,
    revised = bam_redated(BAM_25, date(2026, 3, 25), scale={"EUR": Decimal("0.99")})
    import_body(tmp_path, "bam_2026-03-25_revised.json", revised)
    # then the worker re-converts the payment at the revised rate and screens it again: within
    # the cap now,
    body = payment.wait(lambda b: b["conversion"]["rate"] == "10.697643", "not re-converted")
    assert (body["conversion"]["amount_mad"], body["status"]) == ("1989761.60", "screened")
    assert screened(body) == COMPLIANT
    # the history shows both rates, amounts and verdicts,
    history = payment.history()
    (event,) = actions(history, "declaration.reconverted")
    assert (event["before"]["conversion"]["rate"], event["before"]["conversion"]["amount_mad"]) == (
        "10.8057",
        "2009860.20",
    )
    assert (event["after"]["conversion"]["rate"], event["after"]["conversion"]["amount_mad"]) == (
        "10.697643",
        "1989761.60",
    )
    assert inline_verdicts(event) == (["breach"], ["compliant"])
    # and the revised row names the row it revises, which stays.
    old, new = RateRow.objects.filter(currency="EUR").order_by("revision")
    assert new.revises_id == old.pk


@pytest.mark.worker
def test_a_moroccan_holiday_carries_the_previous_publication_forward_naming_it(
    celery_worker_process, startup_user, tmp_path
):
    # Given Bank Al-Maghrib's rates of Thursday 19 March 2026; Friday 20 March is Eid al-Fitr,
    in_force()
    import_body(tmp_path, "bam_2026-03-19.json", bam_redated(BAM_26, date(2026, 3, 19)))
    # when a payment of that Friday is declared,
    payment = Declared(startup_user, celery_worker_process, date(2026, 3, 20))
    body = payment.wait(lambda b: b["status"] == "screened", "not screened")
    # then it takes Thursday's rate, carried forward, with an explanation naming the holiday,
    assert (body["conversion"]["rate_date"], body["conversion"]["method"]) == (
        "2026-03-19",
        "carried_forward",
    )
    assert (body["conversion"]["rate"], body["conversion"]["amount_mad"]) == ("9.3261", "9326.10")
    assert screened(body) == COMPLIANT
    assert body["conversion"]["explanation"] == {
        "en": "Bank Al-Maghrib rate of Thursday 19 March 2026 carried forward to Friday 20 March "
        "2026 (no publication: Eid al-Fitr (estimated))",
        "fr": "Cours Bank Al-Maghrib du jeudi 19 mars 2026 reporté au vendredi 20 mars 2026 (pas "
        "de publication : Fête de la rupture du jeûne (estimé))",
    }
