"""Reads of rates data: public reference data, so no tenant scoping (every member may read)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
from django.db.models import Count, Max, Min, QuerySet

from backend.rates import conf
from backend.rates.batch import convert_frame, rate_frames_for
from backend.rates.calendar import ClosureKind, closure, window_start
from backend.rates.explain import day_en, day_fr
from backend.rates.lookup import confirmed_non_publication
from backend.rates.models import (
    NonPublicationDay,
    NonPublicationOrigin,
    PayloadOrigin,
    PayloadStatus,
    ProviderHealth,
    RatePayload,
    RateRow,
    RateSource,
)
from backend.rates.services.fetching import provider_configured
from backend.rates.services.imports import DEMO_FILES


@dataclass(frozen=True)
class ProviderStatus:
    """One provider's health as regulators see it."""

    source: str
    name: str
    configured: bool
    status: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str
    next_run_at: datetime | None
    latest_publication: date | None


def provider_status_list(*, viewer: Any) -> list[ProviderStatus]:
    """Every provider with its health (a provider never run yet says so)."""
    health = {h.source: h for h in ProviderHealth.objects.all()}
    latest = dict(
        RateRow.objects.values_list("source").annotate(last=Max("published_on")).order_by()
    )
    found = []
    for source, name in RateSource.choices:
        row = health.get(source)
        configured = provider_configured(source=source)
        if not configured:
            status = "not_configured"
        elif row is None or row.last_attempt_at is None:
            status = "never_run"
        elif row.consecutive_failures:
            status = "failing"
        else:
            status = "ok"
        found.append(
            ProviderStatus(
                source=source,
                name=str(name),
                configured=configured,
                status=status,
                last_attempt_at=row.last_attempt_at if row else None,
                last_success_at=row.last_success_at if row else None,
                last_error_at=row.last_error_at if row else None,
                last_error=row.last_error if row else "",
                next_run_at=row.next_run_at if row else None,
                latest_publication=latest.get(source),
            )
        )
    return found


def rate_quarantine_list(*, viewer: Any) -> QuerySet[RatePayload]:
    """Quarantined payloads, newest first."""
    return RatePayload.objects.filter(status=PayloadStatus.QUARANTINED).order_by(
        "-received_at", "-id"
    )


def rate_series(*, viewer: Any, currency: str, start: date, end: date) -> list[dict[str, Any]]:
    """The rate of each BAM publication day in [start, end] (derived for currencies BAM lacks)."""
    days = sorted(
        set(
            RateRow.objects.filter(
                source=RateSource.BAM, published_on__range=(start, end)
            ).values_list("published_on", flat=True)
        )
    )
    if not days:
        return []
    frame = pd.DataFrame(
        {
            "id": list(range(len(days))),
            "currency": [currency] * len(days),
            "value_date": days,
            "amount": [Decimal(0)] * len(days),
        }
    )
    lookback = conf.lookback_publication_days()
    window = window_start(start, lookback)
    bam, ecb = rate_frames_for(currencies={currency}, start=window, end=end)
    confirmed = confirmed_non_publication(start=window, end=end)
    found = convert_frame(frame, bam=bam, ecb=ecb, lookback_days=lookback, confirmed=confirmed)
    return [
        {"date": row["rate_date"], "mad_per_unit": row["mad_per_unit"], "method": row["method"]}
        for row in found.to_dict("records")
        if row["method"] is not None and row["rate_date"] == days[row["id"]]
    ]


def rate_coverage(*, viewer: Any) -> dict[str, Any]:
    """Which publication dates are stored, and whether they all come from the bundled sample."""
    bam_dates = sorted(
        set(RateRow.objects.filter(source=RateSource.BAM).values_list("published_on", flat=True))
    )
    ecb = RateRow.objects.filter(source=RateSource.ECB).aggregate(
        first=Min("published_on"), last=Max("published_on")
    )
    bundled = {name for _, name in DEMO_FILES}
    origins = RatePayload.objects.filter(status=PayloadStatus.STORED).values_list(
        "origin", "filename"
    )
    sample = bool(bam_dates) and all(
        origin == PayloadOrigin.FILE and filename in bundled for origin, filename in origins
    )
    return {
        "bundled_sample": sample,
        "bam_dates": bam_dates,
        "ecb_first": ecb["first"],
        "ecb_last": ecb["last"],
    }


def rate_calendar_month(*, viewer: Any, source: str, month: date) -> list[dict[str, Any]]:
    """Each day of `month` for `source`: published (with how many currencies), a
    non-publication day (and why: weekend, the holiday's name, a closure or a confirmed day),
    or awaited (a business day whose publication is not in)."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    counts = dict(
        RateRow.objects.filter(source=source, published_on__range=(first, last))
        .values_list("published_on")
        .annotate(n=Count("currency", distinct=True))
        .order_by()
    )
    confirmed = {
        d.day: d
        for d in NonPublicationDay.objects.filter(
            source=source, day__range=(first, last)
        ).select_related("payload", "created_by")
    }
    days = []
    day = first
    while day <= last:
        days.append(_calendar_day(source, day, counts.get(day, 0), confirmed.get(day)))
        day += timedelta(days=1)
    return days


def _calendar_day(
    source: str, day: date, currencies: int, confirmed: NonPublicationDay | None
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "date": day,
        "currencies": currencies,
        "reason": None,
        "confirmed_by": None,
    }
    why = closure(source, day)
    if currencies:
        return {**entry, "state": "published"}
    if why is not None:
        reason = {"kind": why.kind, "fr": why.fr, "en": why.en}
        return {**entry, "state": "non_publication", "reason": reason}
    if confirmed is not None:
        if confirmed.origin == NonPublicationOrigin.REGULATOR:
            reason = {
                "kind": ClosureKind.CONFIRMED,
                "fr": f"Marqué par un régulateur : {confirmed.reason}",
                "en": f"Marked by a regulator: {confirmed.reason}",
            }
        else:
            nxt = confirmed.payload.first_date if confirmed.payload else None
            reason = {
                "kind": ClosureKind.CONFIRMED,
                "fr": "La publication suivante est arrivée sans ce jour"
                + (f" ({day_fr(nxt)})" if nxt and nxt > day else ""),
                "en": "The next publication arrived without this day"
                + (f" ({day_en(nxt)})" if nxt and nxt > day else ""),
            }
        return {
            **entry,
            "state": "non_publication",
            "reason": reason,
            "confirmed_by": confirmed.origin,
        }
    return {**entry, "state": "awaited"}
