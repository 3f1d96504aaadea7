"""Confirming non-publication days: when the next publication arrives without a business day, or
when a regulator marks one.

A business day without a publication is awaited, and declarations of it (or carried across it)
wait as `pending_rate`. It becomes a confirmed non-publication day, which a carry-forward may
cross, when the source's next publication arrives without it, or when a regulator says so.
"""

from collections.abc import Collection
from datetime import date, timedelta
from itertools import pairwise

from django.utils import timezone

from backend.rates import conf
from backend.rates.calendar import is_business_day, lookback_start
from backend.rates.models import NonPublicationDay, NonPublicationOrigin, RatePayload, RateRow


def _gaps(source: str, days: Collection[date]) -> list[date]:
    """Business days with no publication between two publications, at least one of them in
    `days`, when the gap is shorter than the look-back.

    A longer gap is missing data rather than days the source skipped (no carry-forward could
    cross it anyway): it stays awaited, and what it holds keeps waiting for its rates.
    """
    lookback = conf.lookback_publication_days()
    first, last = min(days), max(days)
    stored = set(
        RateRow.objects.filter(
            source=source,
            published_on__range=(lookback_start(first, lookback + 1, source), last),
        ).values_list("published_on", flat=True)
    )
    after = (
        RateRow.objects.filter(source=source, published_on__gt=last)
        .order_by("published_on")
        .values_list("published_on", flat=True)
        .first()
    )
    published = sorted(stored | set(days) | ({after} if after else set()))
    arrived = set(days)
    missing: list[date] = []
    for before, later in pairwise(published):
        if before not in arrived and later not in arrived:
            continue
        gap = [
            before + timedelta(days=n)
            for n in range(1, (later - before).days)
            if is_business_day(source, before + timedelta(days=n))
        ]
        if gap and len(gap) < lookback:
            missing.extend(gap)
    return missing


def non_publication_days_confirm(*, payload: RatePayload, days: Collection[date]) -> list[date]:
    """Record the business days the publication of `days` (stored from `payload`) arrived
    without as confirmed non-publication days; returns the days newly confirmed."""
    if not days:
        return []
    missing = _gaps(payload.source, days)
    known = set(
        NonPublicationDay.objects.filter(source=payload.source, day__in=missing).values_list(
            "day", flat=True
        )
    )
    new = sorted(set(missing) - known)
    now = timezone.now()
    NonPublicationDay.objects.bulk_create(
        [
            NonPublicationDay(
                source=payload.source,
                day=day,
                origin=NonPublicationOrigin.AUTO,
                payload=payload,
                created_at=now,
                applied_at=now,
            )
            for day in new
        ]
    )
    return new
