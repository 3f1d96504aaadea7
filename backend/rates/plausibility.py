"""Is a parsed payload believable? Pure checks over the payload and the rates stored before it."""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from backend.common.iso import CURRENCIES
from backend.rates.decimals import plain
from backend.rates.providers.base import ParsedPayload

# "Day over day": a previous publication older than this is no reference for a move (a back-fill
# after a long gap may legitimately move more).
JUMP_WINDOW_DAYS = 10


@dataclass(frozen=True)
class Implausible:
    """Why a payload is not believable (the first few problems are reported)."""

    code: str
    detail: str


def _jump(before: Decimal, after: Decimal, max_move: Decimal) -> bool:
    ratio = after / before
    return ratio > 1 + max_move or ratio < 1 / (1 + max_move)


def check_payload(
    payload: ParsedPayload,
    *,
    stored: Mapping[str, Sequence[tuple[date, Decimal]]],
    max_move: Decimal,
) -> list[Implausible]:
    """Problems with `payload`: a non-positive value or unit, an unknown currency, or a move
    beyond `max_move` from the previous publication (stored or earlier in the payload).

    `stored` maps a currency to its current stored (date, per-unit value) pairs, sorted by date.
    """
    problems: list[Implausible] = []
    series: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for rate in payload.rates:
        if rate.value <= 0 or rate.unit <= 0:
            problems.append(
                Implausible(
                    "non_positive", f"{rate.currency} on {rate.published_on}: {plain(rate.value)}"
                )
            )
        elif rate.currency not in CURRENCIES:
            problems.append(
                Implausible("unknown_currency", f"{rate.currency} is not an ISO 4217 currency")
            )
        else:
            series[rate.currency].append((rate.published_on, rate.per_unit))
    if problems:
        return problems
    for currency, fresh in series.items():
        fresh_dates = {day for day, _ in fresh}
        # The same date stored before is a revision candidate, not a reference point.
        known = sorted(
            [pair for pair in stored.get(currency, ()) if pair[0] not in fresh_dates] + fresh
        )
        days = [day for day, _ in known]
        for day, value in fresh:
            index = bisect_left(days, day)
            if index == 0:
                continue
            before_day, before_value = known[index - 1]
            if day - before_day > timedelta(days=JUMP_WINDOW_DAYS) or before_value <= 0:
                continue
            if _jump(before_value, value, max_move):
                problems.append(
                    Implausible(
                        "jump",
                        f"{currency} moves from {plain(before_value)} ({before_day}) "
                        f"to {plain(value)} ({day})",
                    )
                )
    return problems
