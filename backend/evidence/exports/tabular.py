"""The CSV file: a header block of `#` lines saying where the figures come from (period, filter,
rulebooks with the confidence of each rule and its citation, what law-backed and illustrative
mean, how cells were hidden), then every table in long form with the basis of each figure. Text
cells are neutralised against formula injection."""

import csv
import io
from typing import Any

from backend.evidence.exports.coverage import coverage_lines, coverage_lines_fr, coverage_lines_in
from backend.evidence.exports.methodology import (
    BILINGUAL_FORMAT,
    RATE_EN,
    RATE_FR,
    RATE_METHODS_FORMAT,
    conversions_line,
    conversions_line_fr,
)
from backend.evidence.exports.safe import safe_cell, safe_text
from backend.evidence.exports.series import ordered_keys, ordered_tables
from backend.evidence.exports.sources import rule_lines, rule_lines_in, source_lines
from backend.rule_engine.plural import Language

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


def table_records(payload: dict[str, Any], hidden: str = "suppressed") -> list[tuple[Any, ...]]:
    """(table, row, column, basis, declarations, participants, mad, suppressed) for every cell;
    the basis says whether a figure rests on law-backed rules or on illustrative values; a
    hidden cell is flagged `hidden` ("1" from format 6 on, the same in both languages)."""
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
                    hidden if r["suppressed"] else "",
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
    if manifest.get("format", 0) >= BILINGUAL_FORMAT:
        lines = [TITLE]
        for language in ("fr", "en"):
            lines += [
                HEADER_PREFIX + line for line in header_lines(manifest, rules, payload, language)
            ]
        return lines
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


# What each column of the table holds, in each language: its codes are the same in both, so that
# a program reads either edition alike.
COLUMNS_FR = (
    "Colonnes : table = tableau ; row, column = ligne et colonne du tableau (TOTAL : ensemble) ; "
    "basis = fondement (law : fondé en droit, illustrative : valeurs illustratives seulement) ; "
    "declarations = déclarations (ou dossiers) ; participants ; mad = montant en MAD ; "
    "suppressed = 1 quand la case est masquée."
)
COLUMNS_EN = (
    "Columns: table; row, column = the table's row and column (TOTAL: all); basis (law: "
    "law-backed, illustrative: illustrative values only); declarations (or cases); "
    "participants; mad = amount in MAD; suppressed = 1 when the cell is hidden."
)
NOT_FACTS = {
    "fr": "Les valeurs illustratives ne sont pas des faits réglementaires.",
    "en": "Illustrative values are not regulatory facts.",
}


def header_lines(
    manifest: dict[str, Any],
    rules: list[dict[str, Any]],
    payload: dict[str, Any] | None,
    language: Language,
    *,
    columns: bool = True,
) -> list[str]:
    """The header block's lines in one language (format 6 on): sources, rate, rules, coverage,
    and what the CSV's columns hold (`columns`)."""
    lines = source_lines(manifest, rules, language)
    french = language == "fr"
    counts = conversions_line_fr(payload, narrow=True) if french else conversions_line(payload)
    lines += [RATE_FR if language == "fr" else RATE_EN, *([counts] if counts else [])]
    lines += rule_lines_in(rules, language)
    lines += coverage_lines_in(manifest, language, rules)
    if columns:
        lines.append(COLUMNS_FR if language == "fr" else COLUMNS_EN)
    lines.append(NOT_FACTS[language])
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
    hidden = "1" if manifest.get("format", 0) >= BILINGUAL_FORMAT else "suppressed"
    for record in table_records(payload, hidden):
        writer.writerow([safe_cell(v) if v is not None else "" for v in record])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
