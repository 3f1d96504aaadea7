"""The rate of a date: MAD for ONE unit of a currency on a value date, and how it was found.

1. The BAM rate published that day (`official`).
2. Else the last BAM publication before it, when every day in between is a non-publication day
   of BAM (weekend, Moroccan holiday, closure or a confirmed non-publication day) and within the
   look-back of N publication days (`carried_forward`).
3. Else, for a currency BAM does not quote, BAM's EUR rate crossed with the ECB's rate of the
   currency (`derived`), each leg by rule 1 or 2 on its own source's calendar (TARGET for the ECB).
4. Else "no rate" (None): the value date's publication is awaited, or too old. Where estimates are
   enabled, the last BAM rate known stands in, labelled (`estimate`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from uuid import UUID

from django.db import models

from backend.rates import conf
from backend.rates.calendar import honest_start, window_start
from backend.rates.models import NonPublicationDay, RateRow, RateSource

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
    # A derived rate's EUR (BAM) and foreign (ECB) publication dates.
    legs: tuple[date, date] | None = None


def cross_rate(mad_per_eur: Decimal, units_per_eur: Decimal) -> Decimal:
    """MAD per unit of X from MAD per EUR (BAM) and X per EUR (ECB), to 12 decimals."""
    return (mad_per_eur / units_per_eur).quantize(CROSS_PLACES, rounding=ROUND_HALF_EVEN)


def confirmed_non_publication(*, start: date, end: date) -> dict[str, frozenset[date]]:
    """The confirmed non-publication days of each source in [start, end], less any day on which
    the source has published since (a late publication makes the day a publication day)."""
    published = RateRow.objects.filter(
        source=models.OuterRef("source"), published_on=models.OuterRef("day")
    )
    days = (
        NonPublicationDay.objects.filter(day__range=(start, end))
        .filter(~models.Exists(published))
        .values_list("source", "day")
    )
    found: dict[str, set[date]] = {RateSource.BAM: set(), RateSource.ECB: set()}
    for source, day in days:
        found.setdefault(source, set()).add(day)
    return {source: frozenset(values) for source, values in found.items()}


def _latest(source: str, currency: str, start: date | None, end: date) -> RateRow | None:
    """The current revision of the latest publication of `currency` in [start, end]."""
    rows = RateRow.objects.filter(source=source, currency=currency, published_on__lte=end)
    if start is not None:
        rows = rows.filter(published_on__gte=start)
    return rows.order_by("-published_on", "-revision").first()


def _starts(on: date) -> dict[str, date]:
    """The oldest publication date each source may carry forward to `on`."""
    lookback = conf.lookback_publication_days()
    window = window_start(on, lookback)
    confirmed = confirmed_non_publication(start=window, end=on)
    return {
        source: honest_start(source, on, confirmed=confirmed[source], lookback_days=lookback)
        for source in (RateSource.BAM, RateSource.ECB)
    }


def _bam(currency: str, on: date, start: date) -> RateAnswer | None:
    row = _latest(RateSource.BAM, currency, start, on)
    if row is None:
        return None
    method = Method.OFFICIAL if row.published_on == on else Method.CARRIED_FORWARD
    return RateAnswer(currency, on, row.per_unit, row.published_on, Origin.BAM, method, (row.id,))


def _derived(currency: str, on: date, starts: dict[str, date]) -> RateAnswer | None:
    euro = _latest(RateSource.BAM, EURO, starts[RateSource.BAM], on)
    foreign = _latest(RateSource.ECB, currency, starts[RateSource.ECB], on)
    if euro is None or foreign is None:
        return None
    mad_per_unit = cross_rate(euro.per_unit, foreign.per_unit)
    # The older leg dates the rate: it is as old as the oldest thing it rests on.
    day = min(euro.published_on, foreign.published_on)
    ids = (euro.id, foreign.id)
    legs = (euro.published_on, foreign.published_on)
    return RateAnswer(
        currency, on, mad_per_unit, day, Origin.BAM_ECB, Method.DERIVED, ids, legs=legs
    )


def _estimate(currency: str, on: date) -> RateAnswer | None:
    # The last BAM rate of any age, labelled: the basket peg keeps EUR and USD close to it, and the
    # label makes sure nobody takes it for an official rate.
    row = _latest(RateSource.BAM, currency, None, on)
    if row is None:
        return None
    return RateAnswer(
        currency, on, row.per_unit, row.published_on, Origin.BAM, Method.ESTIMATE, (row.id,)
    )


def rate_of_date(
    *, currency: str, on: date, allow_estimate: bool | None = None
) -> RateAnswer | None:
    """The rate a regulator would accept for `currency` on `on`, or None ("no rate")."""
    if currency == MAD:
        return RateAnswer(MAD, on, Decimal(1), on, Origin.NONE, Method.OFFICIAL, ())
    starts = _starts(on)
    answer = _bam(currency, on, starts[RateSource.BAM]) or _derived(currency, on, starts)
    if answer is None and (conf.estimates_allowed() if allow_estimate is None else allow_estimate):
        answer = _estimate(currency, on)
    return answer
