"""The int64 conversion (`mad_minor`) gives exactly `mad_amount`'s Decimal answer on every row."""

import random
from decimal import Decimal

import numpy as np
import pytest

from backend.rates.money import (
    INT64_MAX,
    decimal_to_scaled,
    mad_amount,
    mad_minor,
    rates_to_scaled,
)


def centimes_of(amounts: list[Decimal], rates: list[Decimal]) -> list[int]:
    minor, scale, fits = decimal_to_scaled(amounts)
    assert fits.all()
    rate_int, rate_scale, rate_ok = rates_to_scaled(rates)
    out = mad_minor(
        minor,
        scale,
        rate_int,
        rate_scale,
        rate_ok,
        rates=np.array(rates, dtype=object),
        usable=np.ones(len(amounts), dtype=bool),
    )
    assert out.dtype == np.int64
    return out.tolist()


def expected(amounts: list[Decimal], rates: list[Decimal]) -> list[int]:
    return [int(mad_amount(a, r).scaleb(2)) for a, r in zip(amounts, rates, strict=True)]


def random_rate(rng: random.Random) -> Decimal:
    # Stored rates carry up to 12 decimals (cross rates always do; BAM's carry 3 to 6), from
    # 10^-12 to 1,000 MAD per unit.
    places = rng.choice([0, 1, 3, 4, 5, 6, 12])
    return Decimal(rng.randrange(1, 10 ** (places + 3))).scaleb(-places)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_int64_path_equals_decimal_path_on_generated_data(seed):
    rng = random.Random(seed)
    amounts = [
        Decimal(rng.randrange(-(10**12), 10**12)).scaleb(-rng.choice([0, 2, 3]))
        for _ in range(5_000)
    ]
    rates = [random_rate(rng) for _ in range(5_000)]
    assert centimes_of(amounts, rates) == expected(amounts, rates)


def test_ties_round_half_even():
    # 0.125 -> 0.12 and 0.135 -> 0.14 (half to even), 0.1251 -> 0.13; negative ties mirror.
    amounts = [Decimal("0.125"), Decimal("0.135"), Decimal("0.1251"), Decimal("-0.125")]
    rates = [Decimal(1), Decimal(1), Decimal(1), Decimal(1)]
    assert centimes_of(amounts, rates) == [12, 14, 13, -12]
    # A tie hidden in a 12-decimal rate: 1 x 0.005000000000 = 0.005 -> 0.00; 3 x -> 0.015 -> 0.02.
    assert centimes_of([Decimal(1), Decimal(3)], [Decimal("0.005000000000")] * 2) == [0, 2]


def test_recorded_rates_exact_values():
    # 1,234.56 EUR at 10.8057 = 13,340.284992 -> 13,340.28; 1,000 JPY at 0.05862 = 58.62.
    assert centimes_of(
        [Decimal("1234.56"), Decimal(1000)], [Decimal("10.8057"), Decimal("0.05862")]
    ) == [
        1_334_028,
        5_862,
    ]


def test_whole_rate_and_whole_amount_are_scaled_up_not_divided():
    # a + k < 2: 7 units at 3 is 21.00 MAD, computed by multiplying, not dividing.
    assert centimes_of([Decimal(7)], [Decimal(3)]) == [2_100]


def test_products_beyond_int64_take_the_split_or_exact_path():
    # 10^12 minor units x a 12-decimal rate of ~33: the raw product (~3.3 x 10^25) overflows int64.
    amounts = [Decimal(10**12 - 1).scaleb(-2), Decimal(9 * 10**17).scaleb(-3)]
    rates = [Decimal("33.123456789012"), Decimal("0.000000000001")]
    assert centimes_of(amounts, rates) == expected(amounts, rates)


def test_a_mad_amount_beyond_int64_centimes_raises():
    with pytest.raises(OverflowError):
        centimes_of([Decimal(INT64_MAX)], [Decimal(2)])


def test_rows_without_a_rate_get_zero():
    minor, scale, _ = decimal_to_scaled([Decimal("5.00"), Decimal("7.00")])
    rate_int, rate_scale, rate_ok = rates_to_scaled([Decimal(2), Decimal(0)])
    out = mad_minor(
        minor,
        scale,
        rate_int,
        rate_scale,
        rate_ok,
        rates=np.array([Decimal(2), None], dtype=object),
        usable=np.array([True, False]),
    )
    assert out.tolist() == [1_000, 0]


def test_decimal_to_scaled_strips_trailing_zeros_and_flags_what_does_not_fit():
    minor, scale, fits = decimal_to_scaled(
        [Decimal("10.805700000000"), Decimal("1E+3"), Decimal(10**19)]
    )
    assert minor[:2].tolist() == [108_057, 1_000]
    assert scale[:2].tolist() == [4, 0]
    assert fits.tolist() == [True, True, False]
