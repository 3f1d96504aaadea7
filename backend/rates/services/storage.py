"""Storing a source's payload: append-only rows with provenance, or a quarantine record."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.events import Event, event_publish
from backend.rates import conf
from backend.rates.models import (
    PayloadStatus,
    RatePayload,
    RateRow,
)
from backend.rates.plausibility import JUMP_WINDOW_DAYS, check_payload
from backend.rates.providers import PARSERS
from backend.rates.providers.base import ParsedPayload, ParsedRate, PayloadError
from backend.rates.services.calendar import non_publication_days_confirm

# Source of each importable format.
SOURCE_OF_FORMAT = {"bam": "bam", "ecb-xml": "ecb", "ecb-csv": "ecb"}
# A quarantined body is kept for a regulator to read; bodies past this are cut (the hash is of the
# whole body).
QUARANTINE_BODY_LIMIT = 200_000
REPORTED_PROBLEMS = 20
BULK_BATCH = 2_000


@dataclass(frozen=True)
class IngestResult:
    """What storing one payload did."""

    payload: RatePayload
    duplicate: bool

    @property
    def quarantined(self) -> bool:
        """True when the payload was refused and nothing from it is in use."""
        return self.payload.status == PayloadStatus.QUARANTINED


def _current(
    source: str, currencies: set[str], start: date, end: date
) -> dict[tuple[str, date], RateRow]:
    """The latest revision of every stored (currency, date) in the range."""
    rows = RateRow.objects.filter(
        source=source, currency__in=currencies, published_on__range=(start, end)
    ).order_by("currency", "published_on", "revision")
    return {(row.currency, row.published_on): row for row in rows}


def _text(value: str) -> str:
    """Text a database column can hold: PostgreSQL refuses NUL characters (a binary file sent
    as a rate file has them), so each becomes the replacement character, as undecodable bytes do."""
    return value.replace("\x00", "\ufffd")


def _quarantine(
    *,
    source: str,
    payload_format: str,
    origin: str,
    sha: str,
    body: bytes,
    received_at: datetime,
    filename: str,
    reason: str,
    detail: str,
    actor: Any,
) -> RatePayload:
    payload = RatePayload.objects.create(
        source=source,
        payload_format=payload_format,
        origin=origin,
        status=PayloadStatus.QUARANTINED,
        sha256=sha,
        received_at=received_at,
        filename=_text(filename)[:255],
        reason=reason,
        detail=_text(detail),
        body=_text(body[:QUARANTINE_BODY_LIMIT].decode("utf-8", errors="replace")),
    )
    audit_record(
        actor=actor,
        action="rates.payload_quarantined",
        obj=payload,
        after={"source": source, "reason": reason, "detail": detail[:1000], "sha256": sha},
    )
    return payload


# A row to add: the rate, and the stored row it revises (None for a first publication).
Addition = tuple[ParsedRate, RateRow | None]


def _plan(
    parsed: ParsedPayload, current: dict[tuple[str, date], RateRow]
) -> tuple[list[Addition], int]:
    """Rows to add (each with the row it revises) and how many are unchanged re-publications."""
    additions: list[Addition] = []
    unchanged = 0
    for rate in parsed.rates:
        existing = current.get((rate.currency, rate.published_on))
        if existing is None:
            additions.append((rate, None))
        elif existing.per_unit == rate.per_unit and existing.unit == rate.unit:
            unchanged += 1
        else:
            additions.append((rate, existing))
    return additions, unchanged


def _store(
    *,
    parsed: ParsedPayload,
    additions: list[Addition],
    unchanged: int,
    payload_format: str,
    origin: str,
    sha: str,
    received_at: datetime,
    filename: str,
    actor: Any,
) -> RatePayload:
    dates = [rate.published_on for rate in parsed.rates]
    payload = RatePayload.objects.create(
        source=parsed.source,
        payload_format=payload_format,
        origin=origin,
        status=PayloadStatus.STORED,
        sha256=sha,
        received_at=received_at,
        filename=filename[:255],
        first_date=min(dates),
        last_date=max(dates),
        rows_new=sum(1 for _, revised in additions if revised is None),
        rows_revised=sum(1 for _, revised in additions if revised is not None),
        rows_unchanged=unchanged,
        skipped=list(parsed.skipped),
    )
    RateRow.objects.bulk_create(
        [
            RateRow(
                payload=payload,
                source=parsed.source,
                currency=rate.currency,
                published_on=rate.published_on,
                quote=parsed.quote,
                value=rate.value,
                unit=rate.unit,
                per_unit=rate.per_unit,
                fetched_at=received_at,
                payload_sha256=sha,
                revision=1 if revised is None else revised.revision + 1,
                revises=revised,
            )
            for rate, revised in additions
        ],
        batch_size=BULK_BATCH,
    )
    confirmed = non_publication_days_confirm(payload=payload, days=set(dates))
    audit_record(
        actor=actor,
        action="rates.payload_stored",
        obj=payload,
        after={
            "source": parsed.source,
            "sha256": sha,
            "first_date": payload.first_date.isoformat() if payload.first_date else None,
            "last_date": payload.last_date.isoformat() if payload.last_date else None,
            "rows_new": payload.rows_new,
            "rows_revised": payload.rows_revised,
            "rows_unchanged": unchanged,
            "confirmed_non_publication_days": [day.isoformat() for day in confirmed],
        },
    )
    # The processing room re-converts and re-screens what these rates change, after commit;
    # `applied_at` stays null until it has, so the sweep re-sends a lost event.
    event_publish(Event.RATES_PUBLISHED, payload_id=str(payload.pk))
    return payload


def rate_payload_ingest(
    *,
    payload_format: str,
    body: bytes,
    origin: str,
    received_at: datetime | None = None,
    filename: str = "",
    actor: Any = None,
) -> IngestResult:
    """Store a source's answer: new rows and revisions, or the whole payload quarantined.

    Nothing from a quarantined payload is stored, so the previous rates stay in use. The same
    bytes twice are a no-op (matched on their SHA-256). A stored payload publishes "rates
    published" after commit: the declarations its rows change are re-converted by the workers.
    """
    if payload_format not in PARSERS:
        raise ValueError(f"unknown rate format {payload_format!r}")
    source = SOURCE_OF_FORMAT[payload_format]
    sha = hashlib.sha256(body).hexdigest()
    received_at = received_at or timezone.now()
    common = {
        "payload_format": payload_format,
        "origin": origin,
        "sha": sha,
        "received_at": received_at,
        "filename": filename,
        "actor": actor,
    }
    with transaction.atomic():
        seen = RatePayload.objects.filter(sha256=sha, source=source).order_by("-received_at")
        if seen.exists():
            return IngestResult(payload=seen[0], duplicate=True)
        try:
            parsed = PARSERS[payload_format](body)
        except PayloadError as exc:
            payload = _quarantine(
                source=source, body=body, reason=exc.code, detail=exc.detail, **common
            )
            return IngestResult(payload=payload, duplicate=False)
        currencies = {rate.currency for rate in parsed.rates}
        start = min(r.published_on for r in parsed.rates) - timedelta(days=JUMP_WINDOW_DAYS)
        end = max(r.published_on for r in parsed.rates)
        current = _current(source, currencies, start, end)
        stored: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
        for (currency, day), row in sorted(current.items(), key=lambda item: item[0][1]):
            stored[currency].append((day, row.per_unit))
        problems = check_payload(parsed, stored=stored, max_move=conf.max_daily_move())
        if problems:
            payload = _quarantine(
                source=source,
                body=body,
                reason=problems[0].code,
                detail="\n".join(p.detail for p in problems[:REPORTED_PROBLEMS]),
                **common,
            )
            return IngestResult(payload=payload, duplicate=False)
        additions, unchanged = _plan(parsed, current)
        if not additions:
            # A re-publication of values already stored: nothing to add, nothing to record.
            first = current[(parsed.rates[0].currency, parsed.rates[0].published_on)]
            return IngestResult(payload=first.payload, duplicate=True)
        payload = _store(parsed=parsed, additions=additions, unchanged=unchanged, **common)
        return IngestResult(payload=payload, duplicate=False)
