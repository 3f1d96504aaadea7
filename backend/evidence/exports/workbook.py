"""The XLSX file, wholly in French then wholly in English (manifest format 6 on): per language a
headline sheet, a sheet per table with its columns and codes named for the reader, native
charts, the sources, the rulebooks (each rule's title and rulebook in the language) and the
methodology. Text cells are neutralised like the CSV; metadata dates and zip entry times are
fixed. Packs of earlier formats keep the workbook they were built with (`workbook_format5`)."""

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from backend.evidence.exports import workbook_format5
from backend.evidence.exports.chart_text import TEXTS
from backend.evidence.exports.coverage import coverage_cell_in, rule_status
from backend.evidence.exports.labels import (
    BASES,
    COLUMN_NAMES,
    ILLUSTRATIVE,
    PAIRS,
    TABLE_NAMES,
    WORDS,
    Language,
    bilingual,
    confidence,
    rule_title,
    value_label,
    version_name,
)
from backend.evidence.exports.methodology import methodology_lines, methodology_lines_fr
from backend.evidence.exports.safe import safe_cell
from backend.evidence.exports.series import (
    CHARTS,
    headline_cells,
    ordered_keys,
    ordered_tables,
    unlocked_series,
)
from backend.evidence.exports.tabular import NUMBER_KEYS, header_lines

# Kept where every caller imports them from.
ZIP_EPOCH = workbook_format5.ZIP_EPOCH
normalise_zip = workbook_format5.normalise_zip
SHEET_NAME_MAX = 31
CHART_ANCHOR_STEP = 20
# Sheets whose name is the same word in both languages get a distinct French name.
FRENCH_SHEET = {"Sources": "Sources des chiffres", "Conversions": "Conversions en dirhams"}
LANGUAGES: tuple[Language, ...] = ("fr", "en")
# Amounts and counts stay numbers; their display format groups thousands (and shows centimes)
# with the separators of the reader's own spreadsheet: 5 302 500,00 in French, 5,302,500.00 in
# English.
MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
MONEY_KEYS = frozenset({"mad", "used_mad"})


def _number_formats(ws: Any, keys: list[str] | tuple[str, ...], first_row: int = 2) -> None:
    """Each numeric column of `ws` (named by `keys`, in order) shown as money or as a count."""
    for column, key in enumerate(keys, start=1):
        if key not in NUMBER_KEYS:
            continue
        shown = MONEY_FORMAT if key in MONEY_KEYS else COUNT_FORMAT
        for (cell,) in ws.iter_rows(min_row=first_row, min_col=column, max_col=column):
            cell.number_format = shown


def _sheet(wb: Workbook, name: str, language: Language) -> Any:
    if language == "fr":
        name = FRENCH_SHEET.get(name, name)
    return wb.create_sheet(name[:SHEET_NAME_MAX])


def _cell(key: str, value: Any, rules: list[dict[str, Any]], language: Language) -> Any:
    words = WORDS[language]
    if key == "suppressed":
        return words["yes"] if value else ""
    if value is None:
        return words["hidden"]
    if key in NUMBER_KEYS:
        return Decimal(value) if isinstance(value, str) else value
    return safe_cell(value_label(key, value, rules, language))


def _data_sheet(wb: Workbook, name: str, rows: list[dict[str, Any]], ctx: dict[str, Any]) -> None:
    language, rules = ctx["language"], ctx["rules"]
    ws = _sheet(wb, TABLE_NAMES[language].get(name, name), language)
    if not rows:
        ws.append([WORDS[language]["no_data"]])
        return
    keys = ordered_keys(rows[0])
    ws.append([COLUMN_NAMES[language].get(k, k) for k in keys])
    for r in rows:
        ws.append([_cell(k, r[k], rules, language) for k in keys])
    _number_formats(ws, keys)


def _headline_sheet(wb: Workbook, payload: dict[str, Any], language: Language) -> None:
    ws = _sheet(wb, WORDS[language]["headline"], language)
    columns = ("pair", "basis", "declarations", "participants", "mad", "suppressed")
    ws.append([COLUMN_NAMES[language][c] for c in columns])
    hidden = WORDS[language]["hidden"]
    for pair, basis, cell in headline_cells(payload):
        mad = cell["mad"]
        ws.append(
            [
                PAIRS[language].get(pair, pair),
                BASES[language].get(basis, basis),
                hidden if cell["declarations"] is None else cell["declarations"],
                hidden if cell["participants"] is None else cell["participants"],
                hidden if mad is None else Decimal(mad),
                WORDS[language]["yes"] if cell["suppressed"] else "",
            ]
        )
    _number_formats(ws, columns)


def _chart_sheet(wb: Workbook, payload: dict[str, Any], language: Language) -> None:
    """A native chart per table: the law-backed and the illustrative MAD side by side."""
    ws = _sheet(wb, WORDS[language]["charts"], language)
    words, texts = WORDS[language], TEXTS[language]
    charts = [(name, spec) for name, spec in CHARTS.items() if spec[0] in payload["tables"]]
    column = 1
    for n, (_, (table, dim)) in enumerate(charts):
        law = unlocked_series(payload, table, dim, "law")
        illustrative = dict(unlocked_series(payload, table, dim, "illustrative"))
        ws.cell(row=1, column=column, value=texts[f"dim.{dim}"])
        ws.cell(row=1, column=column + 1, value=words["law_mad"])
        ws.cell(row=1, column=column + 2, value=words["illustrative_mad"])
        for i, (label, value) in enumerate(law, start=2):
            ws.cell(row=i, column=column, value=_cell(dim, label, [], language))
            ws.cell(row=i, column=column + 1, value=value).number_format = MONEY_FORMAT
            shown = ws.cell(row=i, column=column + 2, value=illustrative.get(label))
            shown.number_format = MONEY_FORMAT
        chart = BarChart()
        chart.title = texts["title"].format(dim=texts[f"by.{dim}"])
        chart.y_axis.title = texts["mad"]
        chart.x_axis.title = texts[f"dim.{dim}"]
        last = max(len(law) + 1, 2)
        chart.add_data(
            Reference(ws, min_col=column + 1, max_col=column + 2, min_row=1, max_row=last),
            titles_from_data=True,
        )
        chart.set_categories(Reference(ws, min_col=column, min_row=2, max_row=last))
        anchor = f"{get_column_letter(column + 4 * len(charts))}{1 + n * CHART_ANCHOR_STEP}"
        ws.add_chart(chart, anchor)
        column += 4


def _rulebook_sheet(wb: Workbook, ctx: dict[str, Any]) -> None:
    language, rules, manifest = ctx["language"], ctx["rules"], ctx["manifest"]
    words = WORDS[language]
    ws = _sheet(wb, words["rulebooks"], language)
    status = rule_status(manifest)
    columns = ["version", "rule", "title", "citation", "confidence", "note"]
    ws.append([words[c] for c in columns] + ([words["coverage"]] if status else []))
    for r in rules:
        note = ILLUSTRATIVE[language] if r["confidence"] == "illustrative" else ""
        covered = status.get((r["version"], r["rule_id"]))
        ws.append(
            [
                safe_cell(version_name(r, language)),
                safe_cell(r["rule_id"]),
                safe_cell(rule_title(r, language)),
                safe_cell(r["citation"]),
                confidence(r["confidence"], language),
                note,
                *([coverage_cell_in(covered, language)] if status else []),
            ]
        )


def _text_sheet(wb: Workbook, name: str, lines: list[str], language: Language) -> None:
    ws = _sheet(wb, name, language)
    for line in lines:
        ws.append([safe_cell(line)])


def _language_sheets(wb: Workbook, payload: dict[str, Any], ctx: dict[str, Any]) -> None:
    language, manifest, rules = ctx["language"], ctx["manifest"], ctx["rules"]
    words = WORDS[language]
    _headline_sheet(wb, payload, language)
    for name, rows in ordered_tables(payload):
        _data_sheet(wb, name, rows, ctx)
    _chart_sheet(wb, payload, language)
    sources = header_lines(manifest, rules, payload, language, columns=False)
    _text_sheet(wb, words["sources"], sources, language)
    _rulebook_sheet(wb, ctx)
    write = methodology_lines_fr if language == "fr" else methodology_lines
    _text_sheet(wb, words["methodology"], write(manifest, payload, rules), language)


def xlsx_bytes(
    payload: dict[str, Any], manifest: dict[str, Any], rules: list[dict[str, Any]], stamp: datetime
) -> bytes:
    """The workbook; `stamp` (the pack's cutoff) is its only date, so reruns are identical."""
    if not bilingual(manifest):
        return workbook_format5.xlsx_bytes(payload, manifest, rules, stamp)
    wb = Workbook()
    wb.remove(wb.active)
    for language in LANGUAGES:
        ctx = {"language": language, "manifest": manifest, "rules": rules}
        _language_sheets(wb, payload, ctx)
    wb.properties.creator = "FX Sandbox Tracker"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "FX Sandbox Tracker"
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue(), stamp)
