"""Fetching a provider once: HTTP, then storage, with the provider's health kept up to date.

Retrying is the Celery task's job (bounded, with exponential backoff honouring `Retry-After`):
this service makes ONE attempt and says whether another is worthwhile.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import requests
from django.conf import settings
from django.utils import timezone

from backend.rates.models import PayloadOrigin, RateSource
from backend.rates.providers.bam import BamProvider
from backend.rates.providers.base import (
    FetchError,
    ProviderNotConfigured,
    RawPayload,
    TransientFetchError,
)
from backend.rates.providers.ecb import EcbProvider
from backend.rates.services.health import (
    provider_health_attempt,
    provider_health_failure,
    provider_health_success,
)
from backend.rates.services.storage import IngestResult, rate_payload_ingest

# Backoff: 30 s, 60 s, 120 s, 240 s, 480 s; never more than 30 minutes, whatever the server asks.
RETRY_BASE_SECONDS = 30.0
RETRY_MAX_SECONDS = 30 * 60.0
MAX_RETRIES = 5


@dataclass(frozen=True)
class FetchOutcome:
    """What one fetch did: `stored`, `unchanged`, `quarantined` or `not_configured`."""

    source: str
    status: str
    result: IngestResult | None = None


def fetch_retry_delay(retries: int, retry_after: float | None) -> float:
    """Seconds before retry number `retries + 1`: exponential, at least what the server asked."""
    backoff = RETRY_BASE_SECONDS * float(2**retries)
    wanted = max(backoff, retry_after or 0.0)
    return min(wanted, RETRY_MAX_SECONDS)


def _fetch_raw(source: str, on: date) -> RawPayload:
    with requests.Session() as session:
        if source == RateSource.BAM:
            bam = BamProvider(
                session=session,
                base_url=settings.BAM_BASE_URL,
                subscription_key=settings.BAM_SUBSCRIPTION_KEY,
            )
            return bam.fetch(on=on)
        return EcbProvider(session=session, base_url=settings.ECB_BASE_URL).fetch(on=on)


def provider_configured(*, source: str) -> bool:
    """Whether `source` can be fetched (BAM needs its subscription key)."""
    return source != RateSource.BAM or bool(settings.BAM_SUBSCRIPTION_KEY)


def rates_fetch(
    *,
    source: str,
    on: date,
    retries: int = 0,
    next_scheduled_run: datetime | None = None,
) -> FetchOutcome:
    """Fetch `source`'s rates for `on` once and store them; health records the outcome.

    Raises `TransientFetchError` (after recording it) when another attempt is worthwhile;
    permanent failures and quarantined payloads wait for the next scheduled run.
    """
    started = timezone.now()
    provider_health_attempt(source=source, at=started)
    try:
        if not provider_configured(source=source):
            raise ProviderNotConfigured("not configured: BAM_SUBSCRIPTION_KEY is not set")
        raw = _fetch_raw(source, on)
    except ProviderNotConfigured as exc:
        provider_health_failure(
            source=source, at=started, error=str(exc), next_run_at=next_scheduled_run
        )
        return FetchOutcome(source=source, status="not_configured")
    except FetchError as exc:
        retrying = exc.transient and retries < MAX_RETRIES
        next_run = (
            started + timedelta(seconds=fetch_retry_delay(retries, exc.retry_after))
            if retrying
            else next_scheduled_run
        )
        provider_health_failure(source=source, at=started, error=exc.detail, next_run_at=next_run)
        if retrying:
            raise
        return FetchOutcome(source=source, status="failed")
    result = rate_payload_ingest(
        payload_format="bam" if source == RateSource.BAM else "ecb-xml",
        body=raw.body,
        origin=PayloadOrigin.FETCH,
        received_at=raw.fetched_at,
    )
    if result.quarantined:
        error = f"payload quarantined ({result.payload.reason}): {result.payload.detail}"
        provider_health_failure(
            source=source, at=started, error=error, next_run_at=next_scheduled_run
        )
        return FetchOutcome(source=source, status="quarantined", result=result)
    provider_health_success(source=source, at=started, next_run_at=next_scheduled_run)
    return FetchOutcome(
        source=source, status="unchanged" if result.duplicate else "stored", result=result
    )


__all__ = ["FetchOutcome", "TransientFetchError", "fetch_retry_delay", "rates_fetch"]
