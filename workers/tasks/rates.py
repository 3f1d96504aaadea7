"""Rate tasks: fetch each provider (bounded retries, backoff honouring Retry-After).

One task per provider, each on its own beat entry, so one provider failing never stops the other.
Stored rates publish "rates published": the processing room re-converts what they change.
"""

from datetime import date, datetime

from celery import Task, shared_task
from django.utils import timezone

from workers.schedule import BEAT_SCHEDULE

FETCH_BAM = "rates.fetch_bam"
FETCH_ECB = "rates.fetch_ecb"
SCHEDULE_ENTRY = {"bam": "rates-fetch-bam", "ecb": "rates-fetch-ecb"}


def _next_scheduled_run(source: str) -> datetime | None:
    """When beat runs this provider's fetch next (shown to regulators as "next run")."""
    entry = BEAT_SCHEDULE.get(SCHEDULE_ENTRY[source])
    if entry is None:
        return None
    now = timezone.localtime()
    remaining = entry["schedule"].remaining_estimate(now)
    return now + remaining  # type: ignore[no-any-return]


def _fetch(task: Task, source: str, on: str | None) -> str:
    from backend.rates.calendar import is_publication_day
    from backend.rates.services.fetching import (
        MAX_RETRIES,
        TransientFetchError,
        fetch_retry_delay,
        rates_fetch,
    )

    day = date.fromisoformat(on) if on else timezone.localdate()
    if source == "bam" and not is_publication_day(day):
        return "no_publication"  # weekend or Moroccan holiday: BAM publishes nothing
    retries = task.request.retries
    try:
        outcome = rates_fetch(
            source=source, on=day, retries=retries, next_scheduled_run=_next_scheduled_run(source)
        )
    except TransientFetchError as exc:
        delay = fetch_retry_delay(retries, exc.retry_after)
        raise task.retry(exc=exc, countdown=delay, max_retries=MAX_RETRIES) from exc
    return outcome.status


@shared_task(bind=True, name=FETCH_BAM, ignore_result=True)
def fetch_bam(self: Task, on: str | None = None) -> str:
    """Fetch Bank Al-Maghrib's transfer rates of `on` (today, Casablanca time, by default)."""
    return _fetch(self, "bam", on)


@shared_task(bind=True, name=FETCH_ECB, ignore_result=True)
def fetch_ecb(self: Task, on: str | None = None) -> str:
    """Fetch the ECB's daily euro reference rates."""
    return _fetch(self, "ecb", on)
