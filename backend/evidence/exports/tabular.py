"""The CSV file: a header block of `#` lines saying where the figures come from (period, filter,
rulebooks with the confidence of each rule and its citation, what law-backed and illustrative
mean, how cells were hidden), then every table in long form with the basis of each figure. Text
cells are neutralised against formula injection."""

import csv
import io
from typing import Any

from backend.evidence.exports.coverage import coverage_lines, coverage_lines_fr
from backend.evidence.exports.methodology import (
    RATE_EN,
    RATE_FR,
    RATE_METHODS_FORMAT,
    conversions_line,
    conversions_line_fr,
)
from backend.evidence.exports.safe import safe_cell, safe_text
from backend.evidence.exports.series import ordered_keys, ordered_tables
from backend.evidence.exports.sources import rule_lines, source_lines

TITLE = "# FX Sandbox Tracker: indicateurs d'impact / impact evidence"
HEADER_PREFIX = "# "

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
    for name, rows in ordered_tables(payload):
        for r in rows:
            keys = [k for k in ordered_keys(r) if k not in COUNT_KEYS]
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


def header_block(
    manifest: dict[str, Any], rules: list[dict[str, Any]], payload: dict[str, Any] | None = None
) -> list[str]:
    """The `#` lines before the table: sources, the rate used and the conversions per method,
    confidence and disclosure."""
    lines = [TITLE]
    lines += [HEADER_PREFIX + line for line in source_lines(manifest, rules)]
    if manifest.get("format", 0) >= RATE_METHODS_FORMAT:
        rates = [RATE_FR, conversions_line_fr(payload), RATE_EN, conversions_line(payload)]
        lines += [HEADER_PREFIX + line for line in rates if line]
    lines += [HEADER_PREFIX + line for line in rule_lines(rules)]
    coverage = [*coverage_lines_fr(manifest), *coverage_lines(manifest)]
    lines += [HEADER_PREFIX + line for line in coverage]
    lines.append(
        HEADER_PREFIX + "Les valeurs illustratives ne sont pas des faits réglementaires / "
        "Illustrative values are not regulatory facts"
    )
    return lines


def csv_bytes(
    payload: dict[str, Any], manifest: dict[str, Any], rules: list[dict[str, Any]]
) -> bytes:
    """UTF-8 CSV (with BOM for spreadsheets), CRLF lines: the header block, then every cell;
    MAD strings written as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in header_block(manifest, rules, payload):
        writer.writerow([safe_text(line)])
    writer.writerow(CSV_COLUMNS)
    for record in table_records(payload):
        writer.writerow([safe_cell(v) if v is not None else "" for v in record])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
