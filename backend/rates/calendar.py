"""Bank Al-Maghrib's publication calendar: Moroccan business days.

BAM publishes no rate on Saturdays, Sundays, Moroccan public holidays (the `holidays` package's
Morocco calendar, Islamic holidays as estimated there) or on 25 and 26 December.
"""

from datetime import date, timedelta
from functools import cache

import holidays

SATURDAY = 5
# BAM and the interbank market close for Christmas and the day after.
CLOSED_MONTH_DAYS = frozenset({(12, 25), (12, 26)})


@cache
def _moroccan_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("MA", years=year))


def is_publication_day(day: date) -> bool:
    """Whether BAM publishes reference rates on `day`."""
    if day.weekday() >= SATURDAY or (day.month, day.day) in CLOSED_MONTH_DAYS:
        return False
    return day not in _moroccan_holidays(day.year)


def lookback_start(day: date, publication_days: int) -> date:
    """The first date of the look-back window: the `publication_days`-th publication day back.

    `day` itself counts when it is a publication day, so with 5 a Sunday reaches back to the
    Monday of the same week, and a Monday to the Tuesday before.
    """
    counted = 0
    cursor = day
    while True:
        if is_publication_day(cursor):
            counted += 1
            if counted >= publication_days:
                return cursor
        cursor -= timedelta(days=1)
