"""Frames in and out of the database: chunked key reads and database-form values."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from django.db import connection

from backend.common.bulk import raw_columns
from backend.screening.facts import IN_CHUNK


def _key_frame(queryset: Any, fields: tuple[str, ...], names: list[str]) -> pd.DataFrame:
    columns = raw_columns(queryset, fields)
    return pd.DataFrame(
        {name: columns[f] for name, f in zip(names, fields, strict=True)}, columns=names
    )


def _chunks(items: list[Any]) -> list[list[Any]]:
    """Slices of at most IN_CHUNK items (always one, possibly empty, so frames keep columns)."""
    return [items[i : i + IN_CHUNK] for i in range(0, len(items), IN_CHUNK)] or [[]]


def _per_distinct_day(values: pd.Series, prep: Any) -> list[Any]:
    """A date column in database form, converting each distinct day once."""
    days = values.to_numpy().astype("datetime64[D]")
    distinct, inverse = np.unique(days, return_inverse=True)
    prepared = [prep(d.astype(object)) for d in distinct]
    return [prepared[i] for i in inverse.tolist()]


def _field_prep(model: type[Any], name: str) -> Any:
    """A memoised database-form converter for one field's values (few distinct dates)."""
    field = model._meta.get_field(name)
    cache: dict[Any, Any] = {}

    def prep(value: Any) -> Any:
        if value not in cache:
            cache[value] = field.get_db_prep_save(value, connection)
        return cache[value]

    return prep
