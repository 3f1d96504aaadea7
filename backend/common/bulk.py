"""Set-based reads and writes for high-volume rows (imports, screening), below the ORM's cost.

`bulk_create` builds a model instance and prepares every field of every row in Python; at a
million evaluations that alone costs minutes. These helpers take rows already in database form
(see `db_uuids`, `db_json`) and send them with one `executemany` (SQLite) or `COPY` (PostgreSQL).
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from django.db import connection, models
from django.db.models import QuerySet

# Rows per executemany call: bounds the memory of the parameter list SQLite binds.
EXECUTEMANY_BATCH = 20_000


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def ordered_uuids(count: int) -> list[str]:
    """`count` new UUIDs (canonical text) in increasing order: the UUIDv7 layout of RFC 9562
    (48 bits of Unix milliseconds, version, 12 random bits, variant, then a counter from a random
    start). Rows inserted together land at the end of the primary key's index instead of on
    random pages of it."""
    millis = time.time_ns() // 1_000_000 & (2**48 - 1)
    high = millis << 16 | 0x7 << 12 | int.from_bytes(os.urandom(2), "big") & 0xFFF
    start = int.from_bytes(os.urandom(8), "big") >> 3  # 61 random bits: room to count up
    variant = 0b10 << 62
    h = f"{high:016x}"
    prefix = f"{h[:8]}-{h[8:12]}-{h[12:]}-"
    out = []
    for n in range(count):
        low = f"{variant | start + n:016x}"
        out.append(f"{prefix}{low[:4]}-{low[4:]}")
    return out


def db_uuids(values: Iterable[str]) -> list[str]:
    """UUID strings as the database stores them (SQLite: 32 hex digits, PostgreSQL: as is)."""
    if connection.features.has_native_uuid_field:
        return list(values)
    return [v.replace("-", "") for v in values]


def db_json(values: Iterable[Any]) -> list[str]:
    """JSON values serialised as a JSONField stores them (an empty list, the common case,
    without a call to the encoder)."""
    empty = json.dumps([])
    return [empty if isinstance(v, list) and not v else json.dumps(v) for v in values]


def _sqlite_literal(value: Any) -> str:
    """A database-ready constant as an SQLite literal (NULL, integers, text); anything else is
    refused rather than guessed at."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and "\x00" not in value:
        # Quotes doubled for SQL; percent signs doubled for the driver's `%s` placeholders.
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    raise TypeError(f"no SQLite literal for {type(value).__name__}")


def raw_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    constants: Mapping[str, Any] | None = None,
) -> int:
    """Insert rows (database-ready values in `columns` order, column names as attnames) into
    the model's table, with `constants` (database-ready values by column) the same in every row;
    returns the number of rows sent.

    On SQLite the constants are written into the statement once instead of being bound for
    every row (binding is most of an `executemany`'s cost); on PostgreSQL `COPY` sends them."""
    constants = dict(constants or {})
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in [*columns, *constants])
    count = 0
    with connection.cursor() as cursor:
        if _postgres():
            fixed = tuple(constants.values())
            raw = cursor.cursor
            # As Django's own cursor does: driver errors surface as django.db errors
            # (IntegrityError for a unique violation).
            with (
                connection.wrap_database_errors,
                raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row((*row, *fixed))
                    count += 1
            return count
        values = ", ".join([*(["%s"] * len(columns)), *map(_sqlite_literal, constants.values())])
        # Interpolated: quoted identifiers from the model's metadata and constants rendered by
        # `_sqlite_literal`; every per-row value is bound.
        sql = f"INSERT INTO {table} ({names}) VALUES ({values})"  # noqa: S608
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


def raw_update(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> int:
    """Update rows of the model's table by primary key: each row is the key then the new values
    of `columns` (database-ready, attnames); returns the number of rows sent.

    On PostgreSQL the rows go by `COPY` into a temporary table joined in one `UPDATE ... FROM`;
    elsewhere one `executemany` of `UPDATE ... WHERE pk = %s`."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key = quote(str(model._meta.pk.column))
    names = [quote(c) for c in columns]
    with connection.cursor() as cursor:
        if _postgres():
            scratch = quote(f"upd_{model._meta.db_table}_{os.urandom(4).hex()}")
            # The temporary table takes the target's column types; it goes at commit.
            selected = ", ".join([key, *names])
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {selected} FROM {table} WITH NO DATA"
            )
            raw = cursor.cursor
            with (
                connection.wrap_database_errors,
                raw.copy(f"COPY {scratch} ({selected}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            assignments = ", ".join(f"{n} = s.{n}" for n in names)
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM {scratch} AS s "  # noqa: S608
                f"WHERE t.{key} = s.{key}"
            )
            cursor.execute(f"DROP TABLE {scratch}")
            return len(rows)
        assignments = ", ".join(f"{n} = %s" for n in names)
        sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
        for start in range(0, len(rows), EXECUTEMANY_BATCH):
            cursor.executemany(
                sql, [(*row[1:], row[0]) for row in rows[start : start + EXECUTEMANY_BATCH]]
            )
    return len(rows)


def _uuid_text(value: Any) -> str | None:
    """A UUID as read raw (SQLite: 32 hex digits; PostgreSQL: a UUID) in its canonical form."""
    if value is None:
        return None
    if isinstance(value, str):
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _internal_type(field: Any) -> str:
    if getattr(field, "is_relation", False):
        field = field.target_field
    return str(field.get_internal_type())


def raw_columns(queryset: QuerySet[Any], fields: Sequence[str]) -> dict[str, list[Any]]:
    """The queryset's `fields` as columns of Python values, UUIDs as canonical strings.

    The ORM's own SQL and converters, but converters run once per distinct value (dates, money
    and flags repeat across rows) and UUIDs are formatted directly, instead of building a UUID
    object per cell: at a million rows that is most of the cost of `values_list`."""
    query = queryset.values_list(*fields).query
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    expressions = [s[0] for s in compiler.select]
    converters = compiler.get_converters(expressions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    raw = list(zip(*rows, strict=True)) if rows else [() for _ in fields]
    out: dict[str, list[Any]] = {}
    for i, name in enumerate(fields):
        values = raw[i]
        expression = expressions[i]
        if _internal_type(expression.output_field) == "UUIDField":
            out[name] = [_uuid_text(v) for v in values]
            continue
        found = converters.get(i)
        if not found:
            out[name] = list(values)
            continue
        functions, expr = found
        memo: dict[Any, Any] = {}

        def convert(value: Any, functions: Any = functions, expr: Any = expr) -> Any:
            for function in functions:
                value = function(value, expr, connection)
            return value

        column = []
        for value in values:
            key = (type(value), value)
            try:
                if key not in memo:
                    memo[key] = convert(value)
                column.append(memo[key])
            except TypeError:  # unhashable (a JSON list): convert without memoising
                column.append(convert(value))
        out[name] = column
    return out


def frame_read(
    queryset: QuerySet[Any], fields: Sequence[str], dtypes: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The queryset's `fields` as a DataFrame of text (None or NaN for NULL), for columns whose
    readers parse text: dates as ISO days, numbers as digits, UUIDs canonical; `dtypes` names
    other pandas dtypes for some columns (``category`` for repeated text, ``Int64``).

    On PostgreSQL the rows come through `COPY ... TO STDOUT` as CSV, parsed by pandas' C reader
    (no Python object per cell until the caller converts a column); elsewhere as `raw_columns`
    (there SQLite hands back text and numbers as stored, dates as `date`)."""
    dtypes = dict(dtypes or {})
    if not _postgres():
        frame = pd.DataFrame(raw_columns(queryset, fields), columns=list(fields))
        return frame.astype(dtypes) if len(frame) else frame
    query = queryset.values_list(*fields).query
    sql, params = query.get_compiler(using=queryset.db).as_sql()
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # COPY takes no bound parameters: the driver renders them (quoted) into the statement.
        statement = raw.mogrify(sql, params)
        with (
            connection.wrap_database_errors,
            raw.copy(f"COPY ({statement}) TO STDOUT (FORMAT csv, NULL '\\N')") as copy,
        ):
            for block in copy:
                buffer.write(block)
    buffer.seek(0)
    if not buffer.getbuffer().nbytes:
        return pd.DataFrame({f: pd.Series([], dtype=object) for f in fields})
    return pd.read_csv(
        buffer,
        names=list(fields),
        header=None,
        dtype={f: dtypes.get(f, str) for f in fields},
        keep_default_na=False,
        na_values=["\\N"],
    )
