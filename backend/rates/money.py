"""MAD amounts from a declared amount and a rate: exact, one rounding, the same on both paths.

`mad_amount` is the reference (Decimal, one declaration). `mad_minor` is the batch form: int64
minor units times a rate held as a scaled integer, rounded half-even to centimes with integer
operations only, so it gives exactly `mad_amount`'s answer at numpy speed.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal

import numpy as np

CENTIME = Decimal("0.01")
CENTIME_EXPONENT = -2
CENTIME_PLACES = 2
# Wide enough that the product of a 20-digit amount and a 24-digit rate is exact before the one
# rounding to centimes (the default 28 digits would round twice).
EXACT = Context(prec=80)

INT64_MAX = int(np.iinfo(np.int64).max)
# 10**18 is the largest power of ten an int64 holds; every divisor below is one of these.
MAX_POWER = 18
POW10 = np.array([10**power for power in range(MAX_POWER + 1)], dtype=np.int64)


def mad_amount(amount: Decimal, mad_per_unit: Decimal) -> Decimal:
    """`amount` x rate, to the centime with ROUND_HALF_EVEN.

    Half-even (banker's rounding) has no upward bias when many converted amounts are summed into an
    annual allowance, which half-up would have; it is also IEEE 754's and Python's default.
    """
    return EXACT.multiply(amount, mad_per_unit).quantize(
        CENTIME, rounding=ROUND_HALF_EVEN, context=EXACT
    )


def _scaled(value: Decimal) -> tuple[int, int]:
    """`value` as (integer, decimal places) with no trailing zeros: 10.805700 -> (108057, 4)."""
    exponent = value.normalize(EXACT).as_tuple().exponent
    places = max(0, -int(exponent))
    return int(value.scaleb(places, EXACT)), places


def decimal_to_scaled(values: Sequence[Decimal]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decimals as int64 (integer, decimal places) arrays and whether each fits int64 exactly."""
    count = len(values)
    integers = np.zeros(count, dtype=np.int64)
    places = np.zeros(count, dtype=np.int64)
    fits = np.zeros(count, dtype=bool)
    for at, value in enumerate(values):
        integer, scale = _scaled(value)
        if abs(integer) <= INT64_MAX and scale <= MAX_POWER:
            integers[at], places[at], fits[at] = integer, scale, True
    return integers, places, fits


def rates_to_scaled(rates: Sequence[Decimal]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rates as scaled integers (rate = integer x 10^-places), with the rate's own max decimals."""
    return decimal_to_scaled(rates)


def _round_half_even_product(
    amount: np.ndarray, rate: np.ndarray, divisor_power: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """round_half_even(amount x rate / 10^divisor_power) for amount, rate >= 0, in int64 only.

    The product may not fit int64 (a 12-decimal cross rate times a large amount), so the rate is
    split at 10^t into high and low parts: amount x rate = (amount x high + q) x 10^t + r with
    q, r = divmod(amount x low, 10^t). Dividing by 10^d = 10^(d-t) x 10^t then gives the quotient
    (amount x high + q) // 10^(d-t) and a remainder below 10^d to round on. t is about half the
    rate's digits so that both partial products stay small; rows where they could still overflow
    are reported as unsafe (second array) and left for exact Python integers.
    """
    digits = np.floor(np.log10(np.maximum(rate, 1).astype(np.float64))).astype(np.int64) + 1
    split_power = np.clip((digits + 1) // 2, 0, divisor_power)
    split = POW10[split_power]
    high, low = np.divmod(rate, split)
    safe = (amount <= INT64_MAX // split) & (amount <= INT64_MAX // (high + 1))
    amount = np.where(safe, amount, 0)
    carry, low_rest = np.divmod(amount * low, split)
    quotient, high_rest = np.divmod(amount * high + carry, POW10[divisor_power - split_power])
    remainder = high_rest * split + low_rest
    # 2 x remainder < 2 x 10^18 still fits int64.
    twice, divisor = 2 * remainder, POW10[divisor_power]
    round_up = (twice > divisor) | ((twice == divisor) & (quotient % 2 == 1))
    return quotient + round_up, safe


def mad_minor(
    amount_minor: np.ndarray,
    amount_scale: np.ndarray,
    rate_int: np.ndarray,
    rate_scale: np.ndarray,
    rate_ok: np.ndarray,
    *,
    rates: np.ndarray,
    usable: np.ndarray,
) -> np.ndarray:
    """MAD centimes (int64) of amount_minor x 10^-amount_scale at rate_int x 10^-rate_scale.

    Exactly `mad_amount` for every row where `usable` (others get 0). `rates` holds the Decimal
    rates, used with Python integers for the rare rows whose integers could overflow int64 (or
    whose rate did not fit one, `rate_ok` False). Raises OverflowError when a MAD amount itself
    exceeds int64 centimes.
    """
    magnitude = np.abs(amount_minor)
    # amount x rate = A x R x 10^-(a+k); centimes divide by 10^(a+k-2). When a+k < 2 the rate is
    # scaled up first, so the divisor power d is never negative.
    lift = np.maximum(0, CENTIME_PLACES - amount_scale - rate_scale)
    lift_ok = lift <= MAX_POWER
    lift = np.where(lift_ok, lift, 0)
    lifted_ok = rate_int <= INT64_MAX // POW10[lift]
    rate = np.where(lifted_ok, rate_int, 0) * POW10[lift]
    power = amount_scale + rate_scale + lift - CENTIME_PLACES
    power_ok = (power >= 0) & (power <= MAX_POWER)
    # abs() of the smallest int64 stays negative; negative rates never pass plausibility. Both are
    # left to the exact path rather than trusted to floor division.
    fast = usable & rate_ok & lift_ok & lifted_ok & power_ok & (magnitude >= 0) & (rate_int >= 0)
    centimes, safe = _round_half_even_product(
        np.where(fast, magnitude, 0), np.where(fast, rate, 0), np.where(fast, power, 0)
    )
    fast &= safe
    result = np.where(fast, np.where(amount_minor < 0, -centimes, centimes), 0).astype(np.int64)
    for at in np.flatnonzero(usable & ~fast):
        amount = Decimal(int(amount_minor[at])).scaleb(-int(amount_scale[at]), EXACT)
        exact = int(mad_amount(amount, rates[at]).scaleb(CENTIME_PLACES, EXACT))
        if abs(exact) > INT64_MAX:
            raise OverflowError(f"row {at}: {exact} centimes do not fit int64")
        result[at] = exact
    return result
