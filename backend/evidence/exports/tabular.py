"""The CSV file: every table in long form, text cells neutralised."""

import csv
import io
from typing import Any

from backend.evidence.exports.safe import safe_cell

CSV_COLUMNS = (
    "table",
    "row",
    "column",
    "basis",
    "declarations",
    "participants",
    "mad",
    "suppressed",
)


def table_records(payload: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(table, row, column, basis, declarations, participants, mad, suppressed) for every cell;
    the basis says whether a figure rests on law-backed rules or on illustrative values."""
    out = []
    for name, rows in payload["tables"].items():
        for r in rows:
            keys = [k for k in r if k not in COUNT_KEYS]
            row_key = keys[0]
            col_key = keys[1] if len(keys) > 1 else None
            out.append(
                (
                    name,
                    r[row_key],
                    r[col_key] if col_key else "",
                    r.get("basis", ""),
                    r.get("declarations", r.get("cases")),
                    r["participants"],
                    r.get("mad", r.get("used_mad")),
                    "suppressed" if r["suppressed"] else "",
                )
            )
    return out


COUNT_KEYS = {
    "basis",
    "declarations",
    "participants",
    "mad",
    "used_mad",
    "suppressed",
    "cases",
    "days_total",
    "documents_requested",
}


# Count keys holding numbers (the others are labels or flags).
NUMBER_KEYS = COUNT_KEYS - {"basis", "suppressed"}


def csv_bytes(records: list[tuple[Any, ...]], header: tuple[str, ...] = CSV_COLUMNS) -> bytes:
    """UTF-8 CSV (with BOM for spreadsheets), CRLF lines; MAD strings written as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for record in records:
        writer.writerow([safe_cell(v) if v is not None else "" for v in record])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
