"""ECB euro reference rates: the `eurofxref` XML files and the SDMX `csvdata` format.

Both quote foreign units per ONE euro; the ECB publishes no MAD rate.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal, InvalidOperation

import requests

from backend.rates.providers.base import (
    RETIRED_CODES,
    ParsedPayload,
    ParsedRate,
    PayloadError,
    Quote,
    RawPayload,
    guarded_get,
)

SOURCE = "ecb"
DAILY_PATH = "/stats/eurofxref/eurofxref-daily.xml"
HIST_90D_PATH = "/stats/eurofxref/eurofxref-hist-90d.xml"
CODE_PATTERN = re.compile(r"^[A-Z]{3}$")
CSV_COLUMNS = ("CURRENCY", "TIME_PERIOD", "OBS_VALUE")


def _rate(code: str, day: str, raw: str) -> ParsedRate:
    if not CODE_PATTERN.fullmatch(code):
        raise PayloadError("malformed", f"currency {code!r} is not an ISO 4217 code")
    try:
        published_on = date.fromisoformat(day)
    except ValueError as exc:
        raise PayloadError("malformed", f"date {day!r} is not ISO 8601") from exc
    try:
        value = Decimal(raw.strip())
    except InvalidOperation as exc:
        raise PayloadError("malformed", f"{code} on {day}: {raw!r} is not a number") from exc
    if not value.is_finite():
        raise PayloadError("malformed", f"{code} on {day}: {raw!r} is not a number")
    return ParsedRate(currency=code, published_on=published_on, value=value, unit=1)


def _payload(rates: list[ParsedRate], skipped: set[str]) -> ParsedPayload:
    if not rates:
        raise PayloadError("empty", "the answer holds no usable rate")
    seen: dict[tuple[date, str], ParsedRate] = {}
    for rate in rates:
        key = (rate.published_on, rate.currency)
        if key in seen and seen[key].value != rate.value:
            raise PayloadError(
                "conflicting_duplicate", f"{rate.currency} on {rate.published_on} listed twice"
            )
        seen[key] = rate
    ordered = tuple(sorted(seen.values(), key=lambda r: (r.published_on, r.currency)))
    return ParsedPayload(
        source=SOURCE,
        quote=Quote.UNITS_PER_EUR,
        rates=ordered,
        skipped=tuple(f"{code}: not a current ISO 4217 code" for code in sorted(skipped)),
    )


def _parse_xml_tree(body: bytes) -> ET.Element:
    # The standard parser expands no external entities and, with the bundled expat >= 2.4.1,
    # refuses entity-expansion bombs; the body is also size-capped before it gets here.
    try:
        return ET.fromstring(body)  # noqa: S314
    except ET.ParseError as exc:
        raise PayloadError("malformed", f"not XML: {exc}") from exc


def parse_ecb_xml(body: bytes) -> ParsedPayload:
    """Parse `eurofxref-daily.xml`, `-hist-90d.xml` or `-hist.xml` (any namespace prefix)."""
    root = _parse_xml_tree(body)
    rates: list[ParsedRate] = []
    skipped: set[str] = set()
    for element in root.iter():
        if not element.tag.endswith("Cube") or "time" not in element.attrib:
            continue
        day = element.attrib["time"]
        for child in element:
            code, raw = child.attrib.get("currency"), child.attrib.get("rate")
            if code is None or raw is None:
                raise PayloadError("malformed", f"a rate of {day} lacks currency or rate")
            if code in RETIRED_CODES:
                skipped.add(code)
                continue
            rates.append(_rate(code, day, raw))
    return _payload(rates, skipped)


def parse_ecb_csv(body: bytes) -> ParsedPayload:
    """Parse SDMX `csvdata` (`CURRENCY`, `TIME_PERIOD`, `OBS_VALUE`); blank rows are ignored."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError("malformed", "not UTF-8 text") from exc
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not set(CSV_COLUMNS) <= set(reader.fieldnames):
        raise PayloadError("malformed", f"expected the columns {', '.join(CSV_COLUMNS)}")
    rates: list[ParsedRate] = []
    skipped: set[str] = set()
    for row in reader:
        code = (row.get("CURRENCY") or "").strip()
        day = (row.get("TIME_PERIOD") or "").strip()
        raw = (row.get("OBS_VALUE") or "").strip()
        if not (code or day or raw):
            continue  # the API ends some answers with an empty `,,,` row
        if raw.upper() == "NAN":
            continue  # SDMX marks a missing observation this way; nothing was published
        if code in RETIRED_CODES:
            skipped.add(code)
            continue
        rates.append(_rate(code, day, raw))
    return _payload(rates, skipped)


class EcbProvider:
    """Fetches the ECB's daily reference rates (the last 90 days on a back-fill)."""

    source = SOURCE
    payload_format = "ecb-xml"
    configured = True

    def __init__(self, *, session: requests.Session, base_url: str) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")

    def fetch(self, *, on: date | None = None, history: bool = False) -> RawPayload:
        """The daily file, or the 90-day history when catching up after an outage."""
        path = HIST_90D_PATH if history else DAILY_PATH
        return guarded_get(self.session, self.base_url + path, headers={"Accept": "text/xml"})
