"""The publication calendars of the rate sources: which days may be crossed by a carry-forward.

Bank Al-Maghrib publishes on Moroccan business days: no rate on Saturdays, Sundays, Moroccan
public holidays (the `holidays` package's Morocco calendar; the Islamic holidays are estimated
there and can move by a day) or on 25 and 26 December. The ECB publishes on TARGET business days.

A business day on which a source has published nothing is *awaited* until the source's next
publication arrives without it, or a regulator marks it: it is then a confirmed non-publication
day (`NonPublicationDay`, passed here as the `confirmed` set). Only non-publication days (by the
calendar, or confirmed) may be crossed by a carry-forward; an awaited day never is.

Everything here is pure: the confirmed days come from the caller.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

BAM = "bam"
ECB = "ecb"
SATURDAY = 5
# BAM and the interbank market close for Christmas and the day after.
CLOSED_MONTH_DAYS = frozenset({(12, 25), (12, 26)})
# The TARGET calendar's holidays have English names only in the `holidays` package.
TARGET_NAMES_FR = {
    "New Year's Day": "Jour de l'an",
    "Good Friday": "Vendredi saint",
    "Easter Monday": "Lundi de Pâques",
    "Labour Day": "Fête du Travail",
    "Christmas Day": "Noël",
    "Christmas Holiday": "Lendemain de Noël",
}
# No source goes without publishing for longer than this: a bound on every walk back in time.
MAX_WALK_DAYS = 366


class ClosureKind:
    """Why a source publishes nothing on a day."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    CLOSURE = "closure"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Closure:
    """A day without publication and why, in French and English."""

    kind: str
    fr: str
    en: str


WEEKEND = Closure(ClosureKind.WEEKEND, "week-end", "weekend")
CHRISTMAS_CLOSURE = Closure(
    ClosureKind.CLOSURE,
    "fermeture de Bank Al-Maghrib (25 et 26 décembre)",
    "Bank Al-Maghrib closed (25 and 26 December)",
)
CONFIRMED = Closure(
    ClosureKind.CONFIRMED,
    "jour sans publication confirmé",
    "confirmed non-publication day",
)


@cache
def _moroccan(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """Moroccan public holidays of `year`: French names, English names."""
    french = holidays.country_holidays("MA", years=year, language="fr")
    english = holidays.country_holidays("MA", years=year, language="en_US")
    return dict(french.items()), dict(english.items())


@cache
def _target(year: int) -> dict[date, str]:
    """TARGET closing days of `year` (English names)."""
    return dict(holidays.financial_holidays("XECB", years=year).items())


def _holiday(source: str, day: date) -> Closure | None:
    if source == ECB:
        name = _target(day.year).get(day)
        if name is None:
            return None
        return Closure(ClosureKind.HOLIDAY, TARGET_NAMES_FR.get(name, name), name)
    french, english = _moroccan(day.year)
    if day not in english:
        return None
    return Closure(ClosureKind.HOLIDAY, french.get(day, english[day]), english[day])


def closure(source: str, day: date) -> Closure | None:
    """Why `source` publishes nothing on `day` by its calendar, or None on a business day."""
    if day.weekday() >= SATURDAY:
        return WEEKEND
    if source == BAM and (day.month, day.day) in CLOSED_MONTH_DAYS:
        return CHRISTMAS_CLOSURE
    return _holiday(source, day)


def is_business_day(source: str, day: date) -> bool:
    """Whether `source` is expected to publish on `day` by its calendar."""
    return closure(source, day) is None


def is_publication_day(day: date) -> bool:
    """Whether BAM publishes reference rates on `day` by its calendar."""
    return is_business_day(BAM, day)


def lookback_start(day: date, publication_days: int, source: str = BAM) -> date:
    """The first date of the look-back window: the `publication_days`-th business day back.

    `day` itself counts when it is a business day, so with 5 a Sunday reaches back to the
    Monday of the same week, and a Monday to the Tuesday before.
    """
    counted = 0
    cursor = day
    while True:
        if is_business_day(source, cursor):
            counted += 1
            if counted >= publication_days:
                return cursor
        cursor -= timedelta(days=1)


def window_start(day: date, publication_days: int) -> date:
    """The earliest look-back start of any source for `day`: the rates a batch must read."""
    return min(lookback_start(day, publication_days, source) for source in (BAM, ECB))


def honest_start(
    source: str, day: date, *, confirmed: Collection[date], lookback_days: int
) -> date:
    """The oldest publication date of `source` that may stand for `day`.

    The latest day on or before `day` on which the source was due to publish (a business day
    not confirmed as a non-publication day): a rate from before it would be carried across a day
    whose publication is still awaited. Never before the look-back window's start.
    """
    start = lookback_start(day, lookback_days, source)
    cursor = day
    while cursor > start:
        if is_business_day(source, cursor) and cursor not in confirmed:
            return cursor
        cursor -= timedelta(days=1)
    return start


def gap_closures(source: str, rate_date: date, value_date: date) -> list[tuple[date, Closure]]:
    """The days in (rate_date, value_date] and why `source` published nothing on each.

    A carry-forward only ever crosses non-publication days, so a business day in the gap was a
    confirmed non-publication day when the rate was chosen.
    """
    days: list[tuple[date, Closure]] = []
    cursor = rate_date + timedelta(days=1)
    while cursor <= value_date and len(days) < MAX_WALK_DAYS:
        days.append((cursor, closure(source, cursor) or CONFIRMED))
        cursor += timedelta(days=1)
    return days
