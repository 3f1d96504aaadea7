"""A JSON parser that keeps numbers exact, so a float amount can be recognised and refused."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from backend.common.parsers import SafeJSONParser


class ExactJSONParser(SafeJSONParser):
    """Numbers with a fraction or exponent become `Decimal`, never `float` (no silent rounding)."""

    parse_float: Callable[[str], Any] = Decimal
