"""Fetching with replayed HTTP and a controlled clock: each fault ends in the right stored state.

The recorded answers in fixtures/ are replayed with `responses`; the network is never reached.
Celery runs the task eagerly (`apply`), retries included, so a whole retry sequence runs here.
"""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import requests
import responses

from backend.rates.models import PayloadStatus, ProviderHealth, RatePayload, RateRow
from backend.rates.providers.base import TransientFetchError
from backend.rates.services import fetching
from backend.rates.services.fetching import fetch_retry_delay, rates_fetch
from tests.integration.rates.helpers import BAM_25, BAM_26, bam_redated, ingest, read
from workers.tasks import rates as rate_tasks

pytestmark = pytest.mark.django_db

BAM_URL = "https://bam.test/cours/Version1/api/CoursVirement"
ECB_URL = "https://ecb.test/stats/eurofxref/eurofxref-daily.xml"
NOW = datetime(2026, 3, 25, 15, 50, tzinfo=UTC)  # 16:50 in Casablanca, after publication
ON = "2026-03-25"


def countdowns(caplog) -> list[float]:
    """The countdowns Celery actually scheduled retries with ("Retry in 30.0s: ...")."""
    found = re.findall(r"Retry in ([0-9.]+)s", caplog.text)
    return [float(value) for value in found]


@pytest.fixture(autouse=True)
def providers(settings, monkeypatch):
    settings.BAM_BASE_URL = "https://bam.test"
    settings.BAM_SUBSCRIPTION_KEY = "test-key"
    settings.ECB_BASE_URL = "https://ecb.test"
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


def bam_answer(status: int = 200, body: bytes | None = None, headers=None) -> None:
    responses.add(
        responses.GET,
        BAM_URL,
        status=status,
        body=body if body is not None else b"",
        headers=headers,
    )


@responses.activate
def test_503_three_times_then_200_stores_the_rates(
    providers, caplog, sent_tasks, django_capture_on_commit_callbacks
):
    for _ in range(3):
        bam_answer(503)
    bam_answer(200, read(BAM_25))
    with django_capture_on_commit_callbacks(execute=True):
        result = rate_tasks.fetch_bam.apply(kwargs={"on": ON})
    assert result.get() == "stored"
    assert len(responses.calls) == 4
    request = responses.calls[0].request
    assert request.headers["Ocp-Apim-Subscription-Key"] == "test-key"
    assert request.url == BAM_URL + "?date=2026-03-25T12%3A30%3A00"
    assert countdowns(caplog) == [30.0, 60.0, 120.0]
    assert RateRow.objects.get(currency="EUR").per_unit == Decimal("10.8057")
    health = ProviderHealth.objects.get(source="bam")
    assert health.last_success_at == NOW
    assert (health.last_error, health.last_error_at, health.consecutive_failures) == (
        "HTTP 503",
        NOW,
        0,
    )
    # The stored rates go to the processing room, which re-converts what they change.
    payload = RatePayload.objects.get()
    assert sent_tasks == [("processing.rates_published", {"payload_id": str(payload.pk)})]
    assert payload.applied_at is None


@responses.activate
def test_429_honours_retry_after(providers, caplog):
    bam_answer(429, headers={"Retry-After": "300"})
    with pytest.raises(TransientFetchError) as caught:
        rates_fetch(source="bam", on=date(2026, 3, 25))
    assert caught.value.retry_after == 300.0
    health = ProviderHealth.objects.get(source="bam")
    # The server asked for five minutes, more than the first backoff step of 30 s.
    assert health.next_run_at == NOW + timedelta(seconds=300)
    assert health.last_error == "HTTP 429"
    assert not RateRow.objects.exists()
    # Through the task the retry waits as asked, then the rates arrive.
    bam_answer(429, headers={"Retry-After": "300"})
    bam_answer(200, read(BAM_25))
    assert rate_tasks.fetch_bam.apply(kwargs={"on": ON}).get() == "stored"
    assert countdowns(caplog) == [300.0]


@responses.activate
def test_a_timeout_is_retried_boundedly_then_left_for_the_next_run(
    providers, caplog, sent_tasks, django_capture_on_commit_callbacks
):
    for _ in range(fetching.MAX_RETRIES + 1):
        responses.add(responses.GET, BAM_URL, body=requests.ReadTimeout("read timed out"))
    with django_capture_on_commit_callbacks(execute=True):
        result = rate_tasks.fetch_bam.apply(kwargs={"on": ON})
    # Bounded: after the last retry the task gives up quietly; the next beat run tries again.
    assert result.get() == "failed"
    assert len(responses.calls) == fetching.MAX_RETRIES + 1
    assert countdowns(caplog) == [30.0, 60.0, 120.0, 240.0, 480.0]
    health = ProviderHealth.objects.get(source="bam")
    assert health.last_error == "timed out: ReadTimeout"
    assert health.consecutive_failures == fetching.MAX_RETRIES + 1
    assert health.last_success_at is None
    assert not RateRow.objects.exists()
    assert not RatePayload.objects.exists()
    assert sent_tasks == []


@responses.activate
def test_a_malformed_body_is_quarantined_not_retried(providers):
    bam_answer(200, b"<html>Maintenance en cours</html>")
    assert rate_tasks.fetch_bam.apply(kwargs={"on": ON}).get() == "quarantined"
    assert len(responses.calls) == 1
    payload = RatePayload.objects.get()
    assert (payload.status, payload.reason) == (PayloadStatus.QUARANTINED, "malformed")
    assert payload.body == "<html>Maintenance en cours</html>"
    assert not RateRow.objects.exists()
    assert ProviderHealth.objects.get(source="bam").last_error.startswith(
        "payload quarantined (malformed)"
    )


@responses.activate
def test_a_hundredfold_jump_is_quarantined_and_its_day_waits(providers):
    ingest("bam", read(BAM_25))
    bam_answer(200, bam_redated(BAM_26, date(2026, 3, 26), scale={"EUR": Decimal(100)}))
    assert rate_tasks.fetch_bam.apply(kwargs={"on": "2026-03-26"}).get() == "quarantined"
    assert RateRow.objects.filter(published_on=date(2026, 3, 26)).count() == 0
    assert RateRow.objects.count() == 29
    quarantined = RatePayload.objects.get(status=PayloadStatus.QUARANTINED)
    assert quarantined.reason == "jump"
    assert "EUR moves from 10.8057 (2026-03-25) to 1077.29 (2026-03-26)" in quarantined.detail
    from backend.rates.lookup import rate_of_date

    # The refused publication leaves the 26th awaited: its payments wait, nothing is guessed,
    # while the 25th keeps its rate.
    assert rate_of_date(currency="EUR", on=date(2026, 3, 26)) is None
    answer = rate_of_date(currency="EUR", on=date(2026, 3, 25))
    assert (answer.mad_per_unit, answer.method) == (Decimal("10.8057"), "official")


@responses.activate
def test_one_provider_failing_never_stops_the_other(providers):
    bam_answer(404)
    responses.add(responses.GET, ECB_URL, body=read("eurofxref-daily_2022-07-08.xml"))
    assert rate_tasks.fetch_bam.apply(kwargs={"on": ON}).get() == "failed"
    assert rate_tasks.fetch_ecb.apply(kwargs={"on": ON}).get() == "stored"
    assert RateRow.objects.filter(source="ecb").count() == 30
    assert ProviderHealth.objects.get(source="bam").last_error == "HTTP 404"
    assert ProviderHealth.objects.get(source="ecb").last_success_at == NOW


def test_bam_without_a_key_reports_not_configured(settings):
    settings.BAM_SUBSCRIPTION_KEY = ""
    with responses.RequestsMock() as mocked:  # any request would fail the test
        assert rate_tasks.fetch_bam.apply(kwargs={"on": ON}).get() == "not_configured"
        assert len(mocked.calls) == 0
    assert ProviderHealth.objects.get(source="bam").last_error.startswith("not configured")


def test_no_fetch_on_a_moroccan_holiday_or_weekend():
    with responses.RequestsMock():
        assert rate_tasks.fetch_bam.apply(kwargs={"on": "2026-03-20"}).get() == "no_publication"
        assert rate_tasks.fetch_bam.apply(kwargs={"on": "2026-03-28"}).get() == "no_publication"
    assert not ProviderHealth.objects.exists()


def test_backoff_is_exponential_bounded_and_honours_retry_after():
    assert [fetch_retry_delay(n, None) for n in range(5)] == [30.0, 60.0, 120.0, 240.0, 480.0]
    assert fetch_retry_delay(0, 90.0) == 90.0
    assert fetch_retry_delay(3, 90.0) == 240.0
    assert fetch_retry_delay(0, 86_400.0) == 1800.0
