"""MAD amounts from a declared amount and a rate: exact, one rounding, shared by both paths."""

from decimal import ROUND_HALF_EVEN, Context, Decimal

CENTIME = Decimal("0.01")
# Wide enough that the product of a 20-digit amount and a 24-digit rate is exact before the one
# rounding to centimes (the default 28 digits would round twice).
EXACT = Context(prec=80)


def mad_amount(amount: Decimal, mad_per_unit: Decimal) -> Decimal:
    """`amount` x rate, to the centime with ROUND_HALF_EVEN.

    Half-even (banker's rounding) has no upward bias when many converted amounts are summed into an
    annual allowance, which half-up would have; it is also IEEE 754's and Python's default.
    """
    return EXACT.multiply(amount, mad_per_unit).quantize(
        CENTIME, rounding=ROUND_HALF_EVEN, context=EXACT
    )
