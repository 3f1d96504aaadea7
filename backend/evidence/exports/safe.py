"""Spreadsheet formula-injection defence for text cells (OWASP "CSV injection").

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by a spreadsheet; it is prefixed with an apostrophe so it stays inert text. Numbers are
written as numbers, and a text that is exactly a number (``-12.5``) is data, not a formula.
"""

import re
from decimal import Decimal
from typing import Any

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
NEUTRALISER = "'"


def safe_text(value: str) -> str:
    """The text, neutralised when a spreadsheet would read it as a formula."""
    if value.startswith(DANGEROUS_PREFIXES) and not PLAIN_NUMBER.fullmatch(value):
        return NEUTRALISER + value
    return value


def safe_cell(value: Any) -> Any:
    """A cell value: numbers stay numbers, text is neutralised, None stays empty."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    return safe_text(str(value))
