"""The real path through the broker and a real worker: declare, the worker converts and screens."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import client_for
from tests.integration.conftest import wait_until

RATES = Path(__file__).resolve().parents[2] / "fixtures" / "rates"
PAYMENT = {
    "reference": "INV-2026-0042",
    "direction": "outgoing",
    "category": "SAAS_CLOUD",
    "channel": "card",
    "amount": {"amount": "1250.00", "currency": "EUR"},
    "value_date": "2026-03-25",
    "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
    "description": "Hosting, March",
}


@pytest.mark.worker
def test_a_declared_payment_is_converted_and_screened_by_the_worker(
    celery_worker_process, startup_user
):
    # Given the BAM rates of 25 March 2026 and a real worker on the configured broker,
    call_command(
        "import_rates",
        "--source",
        "bam",
        "--file",
        str(RATES / "bam_CoursVirement_2026-03-25.json"),
    )
    client = client_for(startup_user)
    # when a startup declares a payment through the API,
    created = client.post("/api/v1/declarations/", PAYMENT, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/declarations/{created.json()['id']}/"

    # then the worker converts it at the official rate of its value date, with provenance.
    def processed() -> bool:
        return client.get(url).json()["status"] == "screened"

    wait_until(
        processed,
        timeout=60,
        message=celery_worker_process.log_path.read_text(errors="replace")[-3000:],
    )
    conversion = client.get(url).json()["conversion"]
    assert {k: conversion[k] for k in ("amount_mad", "rate", "rate_date", "source", "method")} == {
        "amount_mad": "13507.12",
        "rate": "10.8057",
        "rate_date": "2026-03-25",
        "source": "bam",
        "method": "official",
    }
