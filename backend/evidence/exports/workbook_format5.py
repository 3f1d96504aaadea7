"""The XLSX file of packs of manifest format 5 and before, kept as they were built so that such a
pack rebuilds to the same bytes (format 6 on: `workbook`): data sheets, native charts, the
rulebooks and a methodology sheet, the headline's labels in English with a French column. Text
cells are neutralised like the CSV; metadata dates and zip entry times are fixed."""

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from backend.evidence.exports.chart_text import TEXTS
from backend.evidence.exports.coverage import coverage_cell, rule_status
from backend.evidence.exports.methodology import (
    BASIS_LABELS,
    ILLUSTRATIVE_NOTE,
    METHODOLOGY_TITLE_FR,
    PAIR_LABELS,
    PAIR_LABELS_FR,
    methodology_lines,
    methodology_lines_fr,
)
from backend.evidence.exports.safe import safe_cell
from backend.evidence.exports.series import (
    CHARTS,
    headline_cells,
    ordered_keys,
    ordered_tables,
    unlocked_series,
)
from backend.evidence.exports.tabular import NUMBER_KEYS, header_block

# The earliest time a zip entry can carry: every entry gets it, so bytes depend on data only.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
SHEET_NAME_MAX = 31
CHART_ANCHOR_STEP = 20


def _number(value: Any) -> Any:
    from decimal import Decimal

    return Decimal(value) if isinstance(value, str) else value


def _data_sheet(wb: Workbook, name: str, rows: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet(name[:SHEET_NAME_MAX])
    if not rows:
        ws.append(["no data"])
        return
    header = ordered_keys(rows[0])
    ws.append(header)
    for r in rows:
        ws.append(
            [
                safe_cell(_number(r[k]) if k in NUMBER_KEYS else r[k])
                if r[k] is not None
                else "suppressed"
                for k in header
            ]
        )


def _headline_sheet(wb: Workbook, payload: dict[str, Any]) -> None:
    ws = wb.active
    ws.title = "Headline"
    # The French label comes last so the English sheet layout (and what reads it) is unchanged.
    ws.append(
        ["Verdict pair", "Basis", "Declarations", "Participants", "MAD", "Suppressed", "Couple"]
    )
    for pair, basis, cell in headline_cells(payload):
        ws.append(
            [
                PAIR_LABELS.get(pair, pair),
                BASIS_LABELS.get(basis, basis),
                cell["declarations"] if cell["declarations"] is not None else "suppressed",
                cell["participants"] if cell["participants"] is not None else "suppressed",
                _number(cell["mad"]) if cell["mad"] is not None else "suppressed",
                "yes" if cell["suppressed"] else "",
                PAIR_LABELS_FR.get(pair, pair),
            ]
        )


def _chart_sheet(wb: Workbook, payload: dict[str, Any]) -> None:
    """A native chart per table: the law-backed and the illustrative MAD side by side."""
    ws = wb.create_sheet("Charts")
    column = 1
    charts = [(name, spec) for name, spec in CHARTS.items() if spec[0] in payload["tables"]]
    for n, (name, (table, dim)) in enumerate(charts):
        law = unlocked_series(payload, table, dim, "law")
        illustrative = dict(unlocked_series(payload, table, dim, "illustrative"))
        ws.cell(row=1, column=column, value=dim)
        ws.cell(row=1, column=column + 1, value=f"{name}: law-backed (MAD)")
        ws.cell(row=1, column=column + 2, value=f"{name}: illustrative (MAD)")
        for i, (label, value) in enumerate(law, start=2):
            ws.cell(row=i, column=column, value=safe_cell(label))
            ws.cell(row=i, column=column + 1, value=value)
            ws.cell(row=i, column=column + 2, value=illustrative.get(label))
        chart = BarChart()
        fr, en = TEXTS["fr"], TEXTS["en"]
        chart.title = (
            f"{fr['title'].format(dim=fr['by.' + dim])} / {en['title'].format(dim=en['by.' + dim])}"
        )
        chart.y_axis.title = "MAD"
        chart.x_axis.title = f"{fr['dim.' + dim]} / {en['dim.' + dim]}"
        last = max(len(law) + 1, 2)
        chart.add_data(
            Reference(ws, min_col=column + 1, max_col=column + 2, min_row=1, max_row=last),
            titles_from_data=True,
        )
        chart.set_categories(Reference(ws, min_col=column, min_row=2, max_row=last))
        ws.add_chart(
            chart, f"{get_column_letter(column + 4 * len(charts))}{1 + n * CHART_ANCHOR_STEP}"
        )
        column += 4


def _sources_sheet(wb: Workbook, manifest: dict[str, Any], rules: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet("Sources")
    for line in header_block(manifest, rules):
        ws.append([safe_cell(line)])


def _rulebook_sheet(wb: Workbook, rules: list[dict[str, Any]], manifest: dict[str, Any]) -> None:
    ws = wb.create_sheet("Rulebooks")
    status = rule_status(manifest)
    # Packs built before the coverage report was frozen keep their columns.
    extra = ["Coverage in the period"] if status else []
    ws.append(["Rulebook version", "Rule", "Title", "Citation", "Confidence", "Note", *extra])
    for r in rules:
        note = ILLUSTRATIVE_NOTE if r["confidence"] == "illustrative" else ""
        covered = [coverage_cell(status.get((r["version"], r["rule_id"])))] if status else []
        ws.append(
            [
                safe_cell(r["version"]),
                safe_cell(r["rule_id"]),
                safe_cell(r["title"]),
                safe_cell(r["citation"]),
                r["confidence"],
                note,
                *covered,
            ]
        )


CORE_PROPERTIES = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def normalise_zip(data: bytes, stamp: datetime | None = None) -> bytes:
    """The same zip with every entry's time fixed (zip writers stamp the current time), and
    the workbook's modified date set to `stamp` (openpyxl writes the save time there)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if stamp is not None and info.filename == CORE_PROPERTIES:
                when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


def xlsx_bytes(
    payload: dict[str, Any], manifest: dict[str, Any], rules: list[dict[str, Any]], stamp: datetime
) -> bytes:
    """The workbook; `stamp` (the pack's cutoff) is its only date, so reruns are identical."""
    wb = Workbook()
    _headline_sheet(wb, payload)
    for name, rows in ordered_tables(payload):
        _data_sheet(wb, name, rows)
    _chart_sheet(wb, payload)
    _sources_sheet(wb, manifest, rules)
    _rulebook_sheet(wb, rules, manifest)
    ws = wb.create_sheet("Methodology")
    ws.append([METHODOLOGY_TITLE_FR])
    for line in methodology_lines_fr(manifest, payload):
        ws.append([safe_cell(line)])
    ws.append([])
    ws.append(["Methodology"])
    for line in methodology_lines(manifest, payload):
        ws.append([safe_cell(line)])
    wb.properties.creator = "FX Sandbox Tracker"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "FX Sandbox Tracker"
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue(), stamp)
