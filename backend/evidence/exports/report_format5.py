"""The PDF report of packs of manifest format 5 and before, kept as they were built so that such
a pack rebuilds to the same bytes (format 6 on: `report`): headline figures, charts,
methodology, the rulebook versions with every rule's citation and confidence tag, and the
suppression note. Built with reportlab's invariant mode (no creation date or random document
id), so the same data gives the same bytes."""

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.evidence.exports.coverage import coverage_cell, rule_status
from backend.evidence.exports.methodology import (
    BASIS_LABELS,
    ILLUSTRATIVE_NOTE,
    METHODOLOGY_TITLE_FR,
    PAIR_LABELS,
    SUPPRESSION_NOTE_TITLE_FR,
    methodology_lines,
    methodology_lines_fr,
    suppression_note_fr,
)
from backend.evidence.exports.series import headline_cells
from backend.evidence.exports.sources import source_lines

CHART_WIDTH = 17 * cm
CHART_HEIGHT = 17 * cm * 0.7  # the PNG's aspect (10 x 7 in)
TABLE_STYLE = TableStyle(
    [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _charts(charts: dict[str, bytes], language: str) -> list[Any]:
    """The charts of one language, in file order."""
    suffix = f".{language}.png"
    return [
        Image(io.BytesIO(data), width=CHART_WIDTH, height=CHART_HEIGHT)
        for name, data in sorted(charts.items())
        if name.endswith(suffix)
    ]


def _shown(value: Any) -> str:
    return "suppressed" if value is None else str(value)


def _headline(payload: dict[str, Any]) -> Table:
    rows = [["Verdict pair", "Basis", "Declarations", "Participants", "MAD"]]
    for pair, basis, cell in headline_cells(payload):
        rows.append(
            [
                PAIR_LABELS.get(pair, pair),
                BASIS_LABELS.get(basis, basis),
                _shown(cell["declarations"]),
                _shown(cell["participants"]),
                _shown(cell["mad"]),
            ]
        )
    table = Table(rows, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _rules(rules: list[dict[str, Any]], style: Any, manifest: dict[str, Any]) -> Table:
    status = rule_status(manifest)
    # Packs built before the coverage report was frozen keep their four columns.
    rows: list[list[Any]] = [
        ["Version", "Rule", "Citation", "Confidence", *(["Coverage"] if status else [])]
    ]
    for r in rules:
        tag = r["confidence"]
        if tag == "illustrative":
            tag = f"illustrative ({ILLUSTRATIVE_NOTE})"
        covered = coverage_cell(status.get((r["version"], r["rule_id"])))
        rows.append(
            [
                Paragraph(escape(r["version"]), style),
                Paragraph(escape(f"{r['rule_id']}: {r['title']}"), style),
                Paragraph(escape(r["citation"]), style),
                Paragraph(escape(tag), style),
                *([Paragraph(escape(covered), style)] if status else []),
            ]
        )
    widths = [4 * cm, 5 * cm, 4.5 * cm, 3.5 * cm]
    if status:
        widths = [3.2 * cm, 4.2 * cm, 3.8 * cm, 2.8 * cm, 3 * cm]
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(TABLE_STYLE)
    return table


def pdf_bytes(
    payload: dict[str, Any],
    manifest: dict[str, Any],
    rules: list[dict[str, Any]],
    charts: dict[str, bytes],
) -> bytes:
    """The report as PDF bytes."""
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story: list[Any] = [
        Paragraph(
            "Impact evidence: exchange rules in force and the sandbox proposal", styles["Title"]
        ),
        Paragraph(escape(_scope_line(manifest)), styles["BodyText"]),
        Spacer(1, 0.3 * cm),
        Paragraph("Sources", styles["Heading2"]),
        *(Paragraph(escape(line), small) for line in source_lines(manifest, rules)),
        Paragraph("Headline figures", styles["Heading2"]),
        _headline(payload),
    ]
    # French first (the product's language), then the same in English: charts and methodology.
    story.append(Paragraph("Graphiques", styles["Heading2"]))
    story += _charts(charts, "fr")
    story.append(Paragraph(METHODOLOGY_TITLE_FR, styles["Heading2"]))
    story += [
        Paragraph(escape(line), styles["BodyText"])
        for line in methodology_lines_fr(manifest, payload)
    ]
    story.append(Paragraph(SUPPRESSION_NOTE_TITLE_FR, styles["Heading2"]))
    story.append(Paragraph(escape(suppression_note_fr(manifest)), styles["BodyText"]))
    story.append(Paragraph("Charts", styles["Heading2"]))
    story += _charts(charts, "en")
    story.append(Paragraph("Methodology", styles["Heading2"]))
    story += [
        Paragraph(escape(line), styles["BodyText"]) for line in methodology_lines(manifest, payload)
    ]
    disclosure = manifest.get("disclosure")
    story.append(Paragraph("Suppression note", styles["Heading2"]))
    story.append(
        Paragraph(
            escape(
                f"Cells from fewer than {disclosure['min_participants']} participants, and the "
                "cells that would reveal them, are marked 'suppressed'."
                if disclosure
                else "Regulator edition: no cell is suppressed."
            ),
            styles["BodyText"],
        )
    )
    story.append(Paragraph("Rulebook versions and citations", styles["Heading2"]))
    story.append(_rules(rules, small, manifest))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        title="Impact evidence",
        author="FX Sandbox Tracker",
        creator="FX Sandbox Tracker",
        producer="FX Sandbox Tracker",
    )
    doc.build(story)
    return buffer.getvalue()


def _scope_line(manifest: dict[str, Any]) -> str:
    filters = manifest["filters"]
    chosen = ", ".join(
        f"{k}={v}" for k, v in sorted(filters.items()) if v is not None and not k.startswith("date")
    )
    return (
        f"Value dates {filters['date_from']} to {filters['date_to']}"
        + (f"; filters: {chosen}" if chosen else "")
        + f"; engine {manifest['engine_version']}; code {manifest['code_version']}."
    )
