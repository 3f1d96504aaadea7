"""Order-free hashes of stored rows, computed where the rows are: a 64-bit hash per row, and
the sum of a group's row hashes modulo 2**64 (the same value whether the database adds them
up or the rows' hashes are read and added up here)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Aggregate, BigIntegerField, Func, TextField

# Every declaration and conversion column the facts read (see `read.DECLARATION_FIELDS`), as
# stored: a change to any of them changes the hash. The status only moves a declaration in or
# out of the facts (withdrawn), which the filter and the count already show.
FINGERPRINT_FIELDS = (
    "id",
    "reference",
    "value_date",
    "created_at",
    "direction",
    "category",
    "channel",
    "counterparty_country",
    "counterparty_name",
    "service_performance_date",
    "expected_repatriation_date",
    "receipt_status",
    "subscription_months",
    "payment_kind",
    "amount",
    "contract_amount",
    "conversion__amount_mad",
    "conversion__rate_date",
    "conversion__method",
)
DOCUMENT_FIELDS = ("declaration_id", "kind", "created_at")


HASH_MODULUS = 2**64
SQLITE_ROW_HASH = "fxs_row_hash"
SQLITE_ROWS_HASH = "fxs_rows_hash"
# PostgreSQL hashes each value with its type's own 64-bit hash function (no value is turned
# into text), seeded by its column's position, and XORs them; a NULL hashes to its seed.
PG_TYPE_HASHES = {
    "UUIDField": "uuid_hash_extended({}, {})",
    "CharField": "hashtextextended({}, {})",
    "TextField": "hashtextextended({}, {})",
    "DateField": "hashint4extended({} - DATE '2000-01-01', {})",
    "DateTimeField": "timestamp_hash_extended({} AT TIME ZONE 'UTC', {})",
    "DecimalField": "hash_numeric_extended({}, {})",
    "PositiveSmallIntegerField": "hashint8extended({}::bigint, {})",
    "IntegerField": "hashint8extended({}::bigint, {})",
}


def _sqlite_row_hash(*values: Any) -> int:
    """A signed 64-bit BLAKE2 hash of one row's values (SQLite has no hash function)."""
    digest = hashlib.blake2b(repr(values).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class _SqliteRowsHash:
    """The SQLite aggregate behind `RowsHash`."""

    def __init__(self) -> None:
        self.total = 0

    def step(self, *values: Any) -> None:
        self.total += _sqlite_row_hash(*values)

    def finalize(self) -> str:
        return str(self.total % HASH_MODULUS)


def _sqlite_functions(connection: Any) -> None:
    # Registered on the connection that runs the statement (registering again is harmless).
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function(SQLITE_ROW_HASH, -1, _sqlite_row_hash, deterministic=True)
    raw.create_aggregate(SQLITE_ROWS_HASH, -1, _SqliteRowsHash)


def _internal_type(expression: Any) -> str:
    field = expression.output_field
    if getattr(field, "is_relation", False):
        field = field.target_field
    return str(field.get_internal_type())


def _pg_row_hash(compiler: Any, expressions: list[Any]) -> tuple[str, list[Any]]:
    """The PostgreSQL expression of one row's hash over `expressions`."""
    parts: list[str] = []
    params: list[Any] = []
    for seed, expression in enumerate(expressions, start=1):
        sql, found = compiler.compile(expression)
        hashed = PG_TYPE_HASHES[_internal_type(expression)].format(sql, seed)
        parts.append(f"coalesce({hashed}, {seed})")
        params.extend(found)
    return "(" + " # ".join(parts) + ")", params


class RowHash(Func):
    """A signed 64-bit hash of one row's values."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return _pg_row_hash(compiler, self.get_source_expressions())

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        _sqlite_functions(connection)
        return self.as_sql(compiler, connection, function=SQLITE_ROW_HASH, **extra)


class RowsHash(Aggregate):
    """The sum of the grouped rows' `RowHash` modulo 2**64, as decimal text."""

    function = "SUM"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # The row expressions only: the aggregate's last source expression is its filter.
        row, params = _pg_row_hash(compiler, self.get_source_expressions()[:-1])
        m = HASH_MODULUS
        return f"mod(mod(SUM({row}), {m}) + {m}, {m})::text", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        _sqlite_functions(connection)
        return self.as_sql(compiler, connection, function=SQLITE_ROWS_HASH, **extra)


def hash_totals(groups: pd.Series, hashes: np.ndarray) -> dict[str, str]:
    """`RowsHash` of each group from its rows' `RowHash` values (int64), exactly: the high and
    low 32 bits are summed apart, so no partial sum overflows."""
    if not len(hashes):
        return {}
    values = np.asarray(hashes, dtype=np.int64)
    halves = pd.DataFrame(
        {"group": np.asarray(groups), "high": values >> 32, "low": values & 0xFFFFFFFF}
    )
    sums = halves.groupby("group", sort=False)[["high", "low"]].sum()
    return {
        str(group): str(((int(high) << 32) + int(low)) % HASH_MODULUS)
        for group, high, low in zip(sums.index, sums["high"], sums["low"], strict=True)
    }


@dataclass(frozen=True)
class StoredFacts:
    """One participant's facts as stored: rows, their hash, how many of them wait to be marked
    screened (converted), and the same count and hash for their documents."""

    rows: int = 0
    rows_hash: str = ""
    converted: int = 0
    documents: int = 0
    documents_hash: str = ""

    def key(self) -> list[Any]:
        """The values that identify these facts (the converted count excluded: screening it
        changes a status the engine does not read)."""
        return [self.rows, self.rows_hash, self.documents, self.documents_hash]
