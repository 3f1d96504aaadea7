"""The rate of a date: MAD for ONE unit of a currency on a value date, and how it was found.

1. The BAM rate published that day (`official`).
2. Else the last BAM publication within the look-back of N publication days (`carried_forward`).
3. Else, for a currency BAM does not quote, BAM's EUR rate crossed with the ECB's rate of the
   same publication date (`derived`), the latest such date within the look-back.
4. Else "no rate" (None), unless estimates are explicitly enabled (`estimate`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from uuid import UUID

from backend.rates import conf
from backend.rates.calendar import lookback_start
from backend.rates.models import RateRow, RateSource

MAD = "MAD"
EURO = "EUR"
# A cross rate is a quotient: kept to the 12 decimals a stored per-unit value has.
CROSS_PLACES = Decimal("1e-12")


class Method:
    """How the rate of a date was obtained (API.md's `method`)."""

    OFFICIAL = "official"
    CARRIED_FORWARD = "carried_forward"
    DERIVED = "derived"
    ESTIMATE = "estimate"


class Origin:
    """Which sources a rate rests on (API.md's `source`)."""

    BAM = "bam"
    BAM_ECB = "bam+ecb"
    NONE = "none"


@dataclass(frozen=True)
class RateAnswer:
    """MAD per one unit of `currency` on `value_date`, and where it came from."""

    currency: str
    value_date: date
    mad_per_unit: Decimal
    rate_date: date
    source: str
    method: str
    row_ids: tuple[UUID, ...]


def cross_rate(mad_per_eur: Decimal, units_per_eur: Decimal) -> Decimal:
    """MAD per unit of X from MAD per EUR (BAM) and X per EUR (ECB), to 12 decimals."""
    return (mad_per_eur / units_per_eur).quantize(CROSS_PLACES, rounding=ROUND_HALF_EVEN)


def _latest(source: str, currency: str, start: date | None, end: date) -> dict[date, RateRow]:
    """The current revision of each publication of `currency` in [start, end]."""
    rows = RateRow.objects.filter(source=source, currency=currency, published_on__lte=end)
    if start is not None:
        rows = rows.filter(published_on__gte=start)
    found: dict[date, RateRow] = {}
    for row in rows.order_by("published_on", "revision"):
        found[row.published_on] = row
    return found


def _bam(currency: str, on: date, start: date) -> RateAnswer | None:
    rows = _latest(RateSource.BAM, currency, start, on)
    if not rows:
        return None
    row = rows[max(rows)]
    method = Method.OFFICIAL if row.published_on == on else Method.CARRIED_FORWARD
    return RateAnswer(currency, on, row.per_unit, row.published_on, Origin.BAM, method, (row.id,))


def _derived(currency: str, on: date, start: date) -> RateAnswer | None:
    euro = _latest(RateSource.BAM, EURO, start, on)
    foreign = _latest(RateSource.ECB, currency, start, on)
    both = set(euro) & set(foreign)
    if not both:
        return None
    day = max(both)
    mad_per_unit = cross_rate(euro[day].per_unit, foreign[day].per_unit)
    ids = (euro[day].id, foreign[day].id)
    return RateAnswer(currency, on, mad_per_unit, day, Origin.BAM_ECB, Method.DERIVED, ids)


def _estimate(currency: str, on: date) -> RateAnswer | None:
    # The last BAM rate of any age, labelled: the basket peg keeps EUR and USD close to it, and the
    # label makes sure nobody takes it for an official rate.
    rows = _latest(RateSource.BAM, currency, None, on)
    if not rows:
        return None
    row = rows[max(rows)]
    return RateAnswer(
        currency, on, row.per_unit, row.published_on, Origin.BAM, Method.ESTIMATE, (row.id,)
    )


def rate_of_date(
    *, currency: str, on: date, allow_estimate: bool | None = None
) -> RateAnswer | None:
    """The rate a regulator would accept for `currency` on `on`, or None ("no rate")."""
    if currency == MAD:
        return RateAnswer(MAD, on, Decimal(1), on, Origin.NONE, Method.OFFICIAL, ())
    start = lookback_start(on, conf.lookback_publication_days())
    answer = _bam(currency, on, start) or _derived(currency, on, start)
    if answer is None and (conf.estimates_allowed() if allow_estimate is None else allow_estimate):
        answer = _estimate(currency, on)
    return answer
