"""Typed column access for engine and facts frames.

pandas types a row of `itertuples` as a union of every scalar it could hold, so reading frames
row by row defeats the type checker and is slow. These helpers read one whole column at a time
into a plain Python list of one declared type; callers zip the columns they need.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd


def _values(frame: pd.DataFrame, column: str) -> list[Any]:
    """The column's values as Python objects (numpy scalars and all), in row order."""
    return list(frame[column].to_numpy(dtype=object))


def _missing(value: Any) -> bool:
    """None, NaN, NaT and pd.NA: a cell with no value."""
    return value is None or bool(pd.isna(value))


def texts(frame: pd.DataFrame, column: str) -> list[str]:
    """The column as strings (ids, verdicts, rule fields: never missing)."""
    return [str(v) for v in _values(frame, column)]


def texts_or_empty(frame: pd.DataFrame, column: str) -> list[str]:
    """The column as strings, a missing cell as the empty string."""
    return ["" if _missing(v) else str(v) for v in _values(frame, column)]


def ints(frame: pd.DataFrame, column: str) -> list[int]:
    """The column as ints (never missing)."""
    return [int(v) for v in _values(frame, column)]


def optional_ints(frame: pd.DataFrame, column: str) -> list[int | None]:
    """The column as ints, a missing cell as None."""
    return [None if _missing(v) else int(v) for v in _values(frame, column)]


def bools(frame: pd.DataFrame, column: str) -> list[bool]:
    """The column as bools (never missing)."""
    return [bool(v) for v in _values(frame, column)]


def dates(frame: pd.DataFrame, column: str) -> list[date]:
    """A datetime column as calendar dates (never missing)."""
    found = optional_dates(frame, column)
    days = [d for d in found if d is not None]
    if len(days) != len(found):
        raise ValueError(f"{column}: a date is missing")
    return days


def optional_dates(frame: pd.DataFrame, column: str) -> list[date | None]:
    """A datetime column as calendar dates, a missing cell as None (each distinct day
    converted once: a column repeats few days over many rows)."""
    codes, distinct = pd.factorize(frame[column], use_na_sentinel=True)
    days = [pd.Timestamp(v).date() for v in distinct]
    return [days[c] if c >= 0 else None for c in codes.tolist()]


def optional_decimals(frame: pd.DataFrame, column: str) -> list[Decimal | None]:
    """A column of Decimal amounts, a missing cell as None."""
    return [None if _missing(v) else Decimal(v) for v in _values(frame, column)]


def string_lists(frame: pd.DataFrame, column: str) -> list[list[str]]:
    """A column of id sequences (tuples, lists or arrays) as lists of strings."""
    return [[str(i) for i in v] for v in _values(frame, column)]


def fact_lists(frame: pd.DataFrame, column: str) -> list[list[str]]:
    """A column of comma-separated names (the engine's missing facts) as lists of names; a
    frame without the column gives empty lists."""
    if column not in frame.columns:
        return [[] for _ in range(len(frame))]
    return [[n for n in str(v).split(",") if n] for v in _values(frame, column)]


def key_pairs(frame: pd.DataFrame, first: str, second: str) -> set[tuple[str, str]]:
    """The distinct (first, second) string pairs of two columns."""
    return set(zip(texts(frame, first), texts(frame, second), strict=True))
