"""Confirming non-publication days: when the next publication arrives without a business day, or
when a regulator marks one.

A business day without a publication is awaited, and declarations of it (or carried across it)
wait as `pending_rate`. It becomes a confirmed non-publication day, which a carry-forward may
cross, when the source's next publication arrives without it, or when a regulator says so.
"""

from collections.abc import Collection
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, InvalidInput
from backend.common.events import Event, event_publish
from backend.rates import conf
from backend.rates.calendar import closure, is_business_day, lookback_start
from backend.rates.models import NonPublicationDay, NonPublicationOrigin, RatePayload, RateRow

# The longest reason a regulator may give.
REASON_MAX_LENGTH = 1000


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


def _invalid_day(detail: str, code: str) -> InvalidInput:
    return InvalidInput.at("/day", code=code, detail=detail)


def non_publication_day_mark(
    *, actor: Any, source: str, day: date, reason: str
) -> NonPublicationDay:
    """A regulator confirms that `source` published nothing on the business day `day` (audited);
    what the marking changes is then re-converted by the processing room."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput.at(
            "/reason", code="required", detail="Say why the source published nothing that day."
        )
    if day > timezone.localdate():
        raise _invalid_day("A day still to come cannot be confirmed as unpublished.", "future_day")
    why = closure(source, day)
    if why is not None:
        raise _invalid_day(
            f"{day.isoformat()} is already a non-publication day ({why.en}).",
            "not_a_business_day",
        )
    with transaction.atomic():
        if RateRow.objects.filter(source=source, published_on=day).exists():
            raise Conflict(code="day_published", detail=f"Rates of {day.isoformat()} are stored.")
        existing = NonPublicationDay.objects.select_for_update().filter(source=source, day=day)
        if existing.exists():
            raise Conflict(
                code="already_confirmed",
                detail=f"{day.isoformat()} is already a confirmed non-publication day.",
            )
        marked = NonPublicationDay.objects.create(
            source=source,
            day=day,
            origin=NonPublicationOrigin.REGULATOR,
            reason=text[:REASON_MAX_LENGTH],
            created_by=actor,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="rates.non_publication_day_marked",
            obj=marked,
            after={"source": source, "day": day.isoformat(), "reason": marked.reason},
        )
        event_publish(Event.NON_PUBLICATION_DAY_MARKED, non_publication_day_id=str(marked.pk))
    return marked
