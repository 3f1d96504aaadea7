"""Writing decimals for people and the wire: no trailing zeros, never exponent notation."""

from decimal import Decimal


def plain(value: Decimal) -> str:
    """`Decimal("0.058620000000")` -> "0.05862"; `Decimal("1E+1")` -> "10"."""
    text = format(value.normalize(), "f")
    return text
