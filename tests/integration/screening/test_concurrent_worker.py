"""No verdict on a half-known window: with two worker processes, card payments declared at the
same moment never show a cumulative figure that leaves out a payment already declared.

While an earlier payment of the window is not converted yet, a later one's allowance finding
waits (`pending_rate`); every breach a startup or regulator could see, at any moment, measures
exactly the payments declared up to it, and the measured amounts step by one payment each."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.conftest import wait_until
from tests.integration.screening.helpers import in_force
from tests.integration.screening.test_worker import (
    BAM_MARCH_25,
    PAYMENT,
    RATES,
    WAIT_SECONDS,
    start_worker,
    workers,  # noqa: F401 (the fixture)
)

PAYMENTS = 4
# 1,000 EUR at the BAM rate of 25 March 2026 (10.8057): 10,805.70 MAD each.
ONE_PAYMENT_MAD = Decimal("10805.70")


def _declare_at_once(user, count: int) -> list[str]:
    """`count` declarations posted by as many threads released together."""
    start = threading.Barrier(count)
    ids: list[str] = []
    errors: list[str] = []

    def post(i: int) -> None:
        client = client_for(user)
        body = {
            **PAYMENT,
            "reference": f"CARD-{i}",
            "amount": {"amount": "1000.00", "currency": "EUR"},
        }
        start.wait()
        try:
            response = client.post("/api/v1/declarations/", body, format="json")
            if response.status_code == 201:
                ids.append(response.json()["id"])
            else:
                errors.append(response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return ids


def _cap_finding(body: dict) -> tuple[str, str | None]:
    """The in-force verdict of a declaration and its allowance finding's measured amount."""
    (verdict,) = [v for v in body["verdicts"] if v["rulebook"]["kind"] == "in_force"]
    measured = [f["measured"] for f in verdict["findings"] if f["rule_id"] == "CARD_CAP"]
    return verdict["verdict"], (measured[0] if measured else None)


@pytest.mark.worker
def test_concurrent_declarations_never_show_a_total_that_omits_an_earlier_payment(
    workers,  # noqa: F811
    tmp_path,
    startup_user,
):
    # A cap every payment passes: each one's finding is a breach measuring the year so far.
    in_force(cap_mad="1000.00")
    call_command("import_rates", "--source", "bam", "--file", str(RATES / BAM_MARCH_25))
    workers.append(start_worker(tmp_path / "worker-1.log", name="first"))
    workers.append(start_worker(tmp_path / "worker-2.log", name="second"))
    client = client_for(startup_user)

    ids = _declare_at_once(startup_user, PAYMENTS)
    # The engine's order within a day: creation, then id.
    ordered = [
        str(pk)
        for pk in Declaration.objects.filter(pk__in=ids)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    ]
    expected = {pk: f"{ONE_PAYMENT_MAD * (n + 1):.2f}" for n, pk in enumerate(ordered)}

    seen: list[tuple[str, str, str | None]] = []

    def all_screened() -> bool:
        settled = True
        for pk in ordered:
            body = client.get(f"/api/v1/declarations/{pk}/").json()
            verdict, measured = _cap_finding(body) if body["verdicts"] else ("none", None)
            seen.append((pk, verdict, measured))
            settled = settled and body["status"] == "screened"
        return settled

    wait_until(
        all_screened,
        timeout=WAIT_SECONDS,
        message=(tmp_path / "worker-1.log").read_text(errors="replace")[-3000:],
    )
    # Every breach ever shown measured exactly the payments declared up to it...
    wrong = [
        (pk, measured)
        for pk, verdict, measured in seen
        if verdict == "breach" and measured != expected[pk]
    ]
    assert not wrong, (wrong, expected)
    # ...and once settled the amounts step by one payment each.
    final = [_cap_finding(client.get(f"/api/v1/declarations/{pk}/").json()) for pk in ordered]
    assert final == [("breach", expected[pk]) for pk in ordered]
    # Both workers took part (the race this guards against needs two).
    logs = [(tmp_path / f"worker-{n}.log").read_text(errors="replace") for n in (1, 2)]
    assert all("succeeded" in log for log in logs), [log[-1500:] for log in logs]
