"""Amounts and counts as each reader writes them (manifest format 6 on): ``5 302 500,00 MAD``
in French (narrow no-break space between thousands, decimal comma, no-break space before the
currency) and ``5,302,500.00 MAD`` in English. Built on the rule engine's wording of MAD from
integer centimes, so an amount is never a float on its way to the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from backend.rule_engine.schema import MINOR_PER_MAD
from backend.rule_engine.text import mad_en

Language = Literal["fr", "en"]
THOUSANDS_FR = "\u202f"  # narrow no-break space (French typographic convention)
UNIT_SPACE_FR = "\u00a0"  # no-break space: the amount never parts from its currency
# English separators -> French ones, applied in one pass.
TO_FRENCH = str.maketrans({",": THOUSANDS_FR, ".": ","})


def _minor(value: str | int | Decimal) -> int:
    """A MAD amount (decimal string, Decimal or whole dirhams) as integer centimes."""
    if isinstance(value, (float, bool)):
        raise TypeError(f"an amount is never a {type(value).__name__}: {value!r}")
    minor = Decimal(value) * MINOR_PER_MAD
    if minor != minor.to_integral_value():
        raise ValueError(f"{value!r} is finer than a centime")
    return int(minor)


def amount_text(value: str | int | Decimal, language: Language) -> str:
    """A MAD amount for the reader: ``5 302 500,00 MAD`` / ``5,302,500.00 MAD``."""
    english = mad_en(_minor(value))
    if language == "en":
        return english
    number, _, unit = english.partition(" ")
    return number.translate(TO_FRENCH) + UNIT_SPACE_FR + unit


def count_text(value: int, language: Language) -> str:
    """A count for the reader: ``12 345`` / ``12,345``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a count is a whole number: {value!r}")
    english = f"{value:,}"
    return english if language == "en" else english.replace(",", THOUSANDS_FR)
