"""Set-based inserts for high-volume screening rows, below the ORM's per-instance cost.

`bulk_create` builds a model instance and prepares every field of every row in Python; at a
million evaluations that alone costs minutes. These helpers take rows already in database form
(see `db_uuids`, `db_json`) and send them with one `executemany` (SQLite) or `COPY` (PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

# Rows per executemany call: bounds the memory of the parameter list SQLite binds.
EXECUTEMANY_BATCH = 20_000


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def db_uuids(values: Iterable[str]) -> list[str]:
    """UUID strings as the database stores them (SQLite: 32 hex digits, PostgreSQL: as is)."""
    if connection.features.has_native_uuid_field:
        return list(values)
    return [v.replace("-", "") for v in values]


def db_json(values: Iterable[Any]) -> list[str]:
    """JSON values serialised as a JSONField stores them."""
    return [json.dumps(v) for v in values]


def raw_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows (database-ready values in `columns` order, column names as attnames) into
    the model's table; returns the number of rows sent."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if _postgres():
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # Only quoted identifiers from the model's metadata are interpolated; values are bound.
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= EXECUTEMANY_BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
