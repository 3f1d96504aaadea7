"""Insert many declarations at once (`COPY` on PostgreSQL, one prepared `executemany` on SQLite).

`bulk_create` prepares every value of every row through its field and, on SQLite, splits the rows
into statements of 999 parameters (35 declarations each): at 100,000 rows that is most of an
import's time. Here each column is adapted once, vectorised, and the rows go through
`raw_insert`. Columns this module does not fill get their model default, prepared by Django, so a
column added later still receives a correct value. New ids are time-ordered, so a file's rows are
appended to the primary key's index rather than scattered over it.
"""

from decimal import Decimal
from typing import Any

import pandas as pd
from django.db import connection

from backend.common.bulk import db_uuids, ordered_uuids, raw_insert
from backend.declarations.models import Declaration
from backend.declarations.search import references_indexed_in_bulk

PER_ROW_COLUMNS = (
    "reference",
    "direction",
    "category",
    "channel",
    "currency",
    "counterparty_name",
    "counterparty_country",
    "description",
)
# Filled when the rows carry them (an import's checked table does); the model default otherwise.
OPTIONAL_PER_ROW_COLUMNS = ("receipt_status", "payment_kind")
DATE_COLUMNS = ("value_date", "service_performance_date", "expected_repatriation_date")


def _date_values(series: pd.Series) -> list[Any]:
    """Dates as the driver wants them (ISO text for SQLite, `date` objects elsewhere)."""
    if connection.vendor == "sqlite":
        return series.dt.strftime("%Y-%m-%d").where(series.notna(), None).tolist()
    return [None if pd.isna(value) else value.date() for value in series]


def insert_declarations(rows: pd.DataFrame, *, constants: dict[str, Any]) -> list[str]:
    """Insert one declaration per row (checked, canonical columns) with `constants` for the
    rest (organisation_id, created_by_id, created_at...); returns the new ids in row order."""
    ids = ordered_uuids(len(rows))
    columns: dict[str, list[Any]] = {"id": db_uuids(ids)}
    for name in PER_ROW_COLUMNS:
        columns[name] = rows[name].tolist()
    for name in OPTIONAL_PER_ROW_COLUMNS:
        if name in rows:
            columns[name] = rows[name].tolist()
    columns["amount"] = [Decimal(value) for value in rows["amount"].tolist()]
    if "contract_amount" in rows:
        columns["contract_amount"] = [
            None if value is None else Decimal(value) for value in rows["contract_amount"].tolist()
        ]
        columns["subscription_months"] = [
            None if pd.isna(value) else int(value) for value in rows["subscription_months"]
        ]
    for name in DATE_COLUMNS:
        columns[name] = _date_values(rows[name])

    fixed: dict[str, Any] = {}
    for field in Declaration._meta.concrete_fields:
        if field.attname in columns:
            continue
        value = constants.get(field.attname, field.get_default())
        if value is not None:
            value = field.get_db_prep_save(value, connection)
        fixed[field.attname] = value

    names = [n for n in (str(f.attname) for f in Declaration._meta.concrete_fields) if n in columns]
    # Column-wise, then transposed by zip: no per-cell Python work.
    with references_indexed_in_bulk():
        raw_insert(
            Declaration,
            names,
            zip(*(columns[n] for n in names), strict=True),
            constants=fixed,
        )
    return ids
