"""Bank Al-Maghrib transfer rates (`CoursVirement`): MAD per `uniteDevise` units of a currency."""

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import requests

from backend.rates.providers.base import (
    RETIRED_CODES,
    ParsedPayload,
    ParsedRate,
    PayloadError,
    ProviderNotConfigured,
    Quote,
    RawPayload,
    guarded_get,
)

SOURCE = "bam"
ENDPOINT = "/cours/Version1/api/CoursVirement"
# BAM dates its transfer rates at 12:30 local time; the API wants that time on the date asked.
PUBLICATION_TIME = "T12:30:00"
CODE_PATTERN = re.compile(r"^[A-Z]{3}$")
TWO = Decimal(2)


def _decimal(raw: Any, *, what: str) -> Decimal:
    if isinstance(raw, bool) or raw is None:
        raise PayloadError("malformed", f"{what} is missing or not a number")
    try:
        return Decimal(str(raw)) if not isinstance(raw, Decimal) else raw
    except InvalidOperation as exc:
        raise PayloadError("malformed", f"{what} {raw!r} is not a number") from exc


def _value(record: dict[str, Any], code: str) -> Decimal:
    """`moyen` when present, else the mid of `achat` and `vente` (older records)."""
    if record.get("moyen") is not None:
        return _decimal(record["moyen"], what=f"{code} moyen")
    if record.get("achat") is not None and record.get("vente") is not None:
        buy = _decimal(record["achat"], what=f"{code} achat")
        sell = _decimal(record["vente"], what=f"{code} vente")
        return (buy + sell) / TWO
    raise PayloadError("malformed", f"{code} has neither moyen nor achat/vente")


def _published_on(raw: Any) -> date:
    if not isinstance(raw, str):
        raise PayloadError("malformed", "a record has no date")
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError as exc:
        raise PayloadError("malformed", f"date {raw!r} is not ISO 8601") from exc


def _unit(raw: Any, code: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        raise PayloadError("malformed", f"{code} uniteDevise is not an integer")
    if int(raw) != raw:
        raise PayloadError("malformed", f"{code} uniteDevise is not an integer")
    return int(raw)


def parse_bam(body: bytes) -> ParsedPayload:
    """Parse a `CoursVirement` answer: Decimal values, duplicates folded, invalid codes skipped."""
    try:
        # parse_float keeps every quoted digit: a float would turn 5.862 into 5.86199999...
        records = json.loads(body, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError("malformed", f"not JSON: {exc}") from exc
    if not isinstance(records, list):
        raise PayloadError("malformed", "expected a JSON array of rate records")
    found: dict[tuple[date, str], ParsedRate] = {}
    skipped: list[str] = []
    for record in records:
        if not isinstance(record, dict):
            raise PayloadError("malformed", "a record is not an object")
        code = str(record.get("libDevise", "")).strip().upper()
        if not CODE_PATTERN.fullmatch(code) or code in RETIRED_CODES:
            skipped.append(f"{code or '?'}: not a current ISO 4217 code")
            continue
        rate = ParsedRate(
            currency=code,
            published_on=_published_on(record.get("date")),
            value=_value(record, code),
            unit=_unit(record.get("uniteDevise"), code),
        )
        key = (rate.published_on, code)
        previous = found.get(key)
        # The API repeats every record on some days; identical repeats fold into one.
        if previous is not None and previous.per_unit != rate.per_unit:
            raise PayloadError(
                "conflicting_duplicate",
                f"{code} on {rate.published_on} is listed twice with different values",
            )
        found.setdefault(key, rate)
    if not found:
        raise PayloadError("empty", "the answer holds no usable rate")
    ordered = tuple(sorted(found.values(), key=lambda r: (r.published_on, r.currency)))
    return ParsedPayload(
        source=SOURCE, quote=Quote.MAD_PER_UNITS, rates=ordered, skipped=tuple(sorted(skipped))
    )


class BamProvider:
    """Fetches one day's transfer rates; "not configured" without a subscription key."""

    source = SOURCE
    payload_format = "bam"

    def __init__(self, *, session: requests.Session, base_url: str, subscription_key: str) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.subscription_key = subscription_key

    @property
    def configured(self) -> bool:
        """True when a subscription key is set."""
        return bool(self.subscription_key)

    def fetch(self, *, on: date) -> RawPayload:
        """The raw answer for the rates published on `on`."""
        if not self.configured:
            raise ProviderNotConfigured("BAM_SUBSCRIPTION_KEY is not set")
        return guarded_get(
            self.session,
            self.base_url + ENDPOINT,
            params={"date": on.isoformat() + PUBLICATION_TIME},
            headers={
                "Ocp-Apim-Subscription-Key": self.subscription_key,
                "Accept": "application/json",
            },
        )
