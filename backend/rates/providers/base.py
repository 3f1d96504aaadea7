"""What every provider adapter and parser shares: parsed rates, errors, and one guarded GET."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime

import requests
from django.utils import timezone

# Seconds to open the connection / to wait between bytes: both central banks answer in well under
# a second, and a hung socket must never pin a worker.
CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 20.0
TIMEOUTS = (CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)
# A rate file is a few kilobytes a day; the full ECB history is a few megabytes. Anything much
# larger is not a rate file.
MAX_PAYLOAD_BYTES = 20 * 1024 * 1024
# Codes the sources still list (or listed in the past) that ISO 4217 withdrew: MRO became MRU in
# 2018, HRK gave way to the euro in 2023, and so on. Nobody can declare a payment in them, so their
# rates are skipped, not stored; a well-formed code that is neither current nor listed here makes
# the payload implausible instead (see the plausibility check).
RETIRED_CODES = frozenset(
    {"MRO", "HRK", "LTL", "LVL", "EEK", "SKK", "CYP", "MTL", "SIT", "SLL", "STD", "VEF", "ZWL"}
)


class Quote:
    """How a stored value reads: MAD for `unit` units (BAM), or units per one EUR (ECB)."""

    MAD_PER_UNITS = "mad_per_units"
    UNITS_PER_EUR = "units_per_eur"


@dataclass(frozen=True)
class ParsedRate:
    """One published rate exactly as the source quotes it."""

    currency: str
    published_on: date
    value: Decimal
    unit: int

    @property
    def per_unit(self) -> Decimal:
        """The value for ONE unit (exact: units are powers of ten)."""
        return self.value / Decimal(self.unit)


@dataclass(frozen=True)
class ParsedPayload:
    """A whole response: its rates, and the records the parser skipped (with why)."""

    source: str
    quote: str
    rates: tuple[ParsedRate, ...]
    skipped: tuple[str, ...] = field(default=())


class PayloadError(ValueError):
    """The body is not a response of the expected format (malformed, conflicting records)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class ProviderNotConfigured(RuntimeError):
    """The provider lacks what it needs to run (e.g. the BAM subscription key)."""


class FetchError(RuntimeError):
    """A fetch failed; `transient` failures are worth retrying later."""

    transient = False

    def __init__(self, detail: str, *, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class TransientFetchError(FetchError):
    """Timeouts, connection errors, 429 and 5xx answers."""

    transient = True


class PermanentFetchError(FetchError):
    """Answers that retrying will not fix (401, 403, 404, ...)."""


@dataclass(frozen=True)
class RawPayload:
    """The bytes a source answered, where they came from and when."""

    body: bytes
    url: str
    fetched_at: datetime


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def guarded_get(
    session: requests.Session,
    url: str,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> RawPayload:
    """GET with explicit timeouts, classifying every failure as transient or permanent."""
    try:
        response = session.get(url, params=params, headers=headers, timeout=TIMEOUTS)
    except requests.Timeout as exc:
        raise TransientFetchError(f"timed out: {exc.__class__.__name__}") from exc
    except requests.ConnectionError as exc:
        raise TransientFetchError(f"connection failed: {exc.__class__.__name__}") from exc
    now = timezone.now()
    status = response.status_code
    if status == 429 or status >= 500:
        raise TransientFetchError(
            f"HTTP {status}",
            retry_after=parse_retry_after(response.headers.get("Retry-After"), now=now),
        )
    if status >= 400:
        raise PermanentFetchError(f"HTTP {status}")
    body = response.content
    if len(body) > MAX_PAYLOAD_BYTES:
        raise PermanentFetchError(f"answer of {len(body)} bytes is too large for a rate file")
    return RawPayload(body=body, url=response.url, fetched_at=now)
