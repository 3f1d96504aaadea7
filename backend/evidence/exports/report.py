"""The PDF report, wholly in French then wholly in English (manifest format 6 on): per language
the headline figures, the charts, the methodology, the suppression note and the rulebook
versions with every rule's title, citation and confidence in that language. Built with
reportlab's invariant mode (no creation date or random document id), so the same data gives the
same bytes. Packs of earlier formats keep the report they were built with (`report_format5`)."""

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.evidence.exports import report_format5
from backend.evidence.exports.coverage import coverage_cell_in, rule_status
from backend.evidence.exports.labels import (
    BASES,
    COLUMN_NAMES,
    ILLUSTRATIVE,
    PAIRS,
    WORDS,
    Language,
    bilingual,
    confidence,
    rule_title,
    version_name,
)
from backend.evidence.exports.methodology import (
    METHODOLOGY_TITLE_FR,
    SUPPRESSION_NOTE_TITLE_FR,
    methodology_lines,
    methodology_lines_fr,
    suppression_note,
    suppression_note_fr,
)
from backend.evidence.exports.numbers import amount_text, count_text
from backend.evidence.exports.series import headline_cells
from backend.evidence.exports.sources import filter_text, source_lines

TABLE_STYLE = report_format5.TABLE_STYLE
# Figures are set in DejaVu Sans (the font the charts are drawn in, shipped with matplotlib,
# whose version the manifest records): unlike the PDF standard fonts it has the narrow no-break
# space that groups French thousands.
FIGURE_FONT = "DejaVuSans"
FIGURE_FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
CHART_WIDTH, CHART_HEIGHT = report_format5.CHART_WIDTH, report_format5.CHART_HEIGHT
HEADINGS: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Indicateurs d'impact : règles de change en vigueur et proposition du bac à sable",
        "sources": "Sources",
        "headline": "Chiffres clés",
        "charts": "Graphiques",
        "methodology": METHODOLOGY_TITLE_FR,
        "suppression": SUPPRESSION_NOTE_TITLE_FR,
        "rules": "Versions des référentiels et références",
        "scope": "Dates de valeur du {start} au {end} ; filtre : {filter} ; moteur {engine} ; "
        "code {code}.",
    },
    "en": {
        "title": "Impact evidence: exchange rules in force and the sandbox proposal",
        "sources": "Sources",
        "headline": "Headline figures",
        "charts": "Charts",
        "methodology": "Methodology",
        "suppression": "Suppression note",
        "rules": "Rulebook versions and citations",
        "scope": "Value dates {start} to {end}; filter: {filter}; engine {engine}; code {code}.",
    },
}


def _figure_font() -> str:
    if FIGURE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FIGURE_FONT, str(FIGURE_FONT_FILE)))
    return FIGURE_FONT


def _headline(payload: dict[str, Any], language: Language) -> Table:
    """The headline table, each count and amount written as the reader writes it."""
    names, hidden = COLUMN_NAMES[language], WORDS[language]["hidden"]
    columns = ("pair", "basis", "declarations", "participants", "mad")
    rows: list[list[Any]] = [[names[c] for c in columns]]
    for pair, basis, cell in headline_cells(payload):
        counts = (cell["declarations"], cell["participants"])
        rows.append(
            [
                PAIRS[language].get(pair, pair),
                BASES[language].get(basis, basis),
                *(hidden if n is None else count_text(n, language) for n in counts),
                hidden if cell["mad"] is None else amount_text(cell["mad"], language),
            ]
        )
    table = Table(rows, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    figures = ((2, 1), (-1, -1))
    table.setStyle(
        TableStyle([("FONTNAME", *figures, _figure_font()), ("ALIGN", *figures, "RIGHT")])
    )
    return table


def _rules(ctx: dict[str, Any], style: Any) -> Table:
    language, rules = ctx["language"], ctx["rules"]
    words = WORDS[language]
    status = rule_status(ctx["manifest"])
    heads = ["version", "rule", "citation", "confidence", *(["coverage"] if status else [])]
    rows: list[list[Any]] = [[words[h] for h in heads]]
    for r in rules:
        tag = confidence(r["confidence"], language)
        if r["confidence"] == "illustrative":
            tag = f"{tag} ({ILLUSTRATIVE[language]})"
        cells = [
            version_name(r, language),
            f"{r['rule_id']} : {rule_title(r, language)}"
            if language == "fr"
            else f"{r['rule_id']}: {rule_title(r, language)}",
            r["citation"],
            tag,
        ]
        if status:
            cells.append(coverage_cell_in(status.get((r["version"], r["rule_id"])), language))
        rows.append([Paragraph(escape(c), style) for c in cells])
    widths = [4 * cm, 5 * cm, 4.5 * cm, 3.5 * cm]
    if status:
        widths = [3.2 * cm, 4.2 * cm, 3.8 * cm, 2.8 * cm, 3 * cm]
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(TABLE_STYLE)
    return table


def _part(ctx: dict[str, Any], payload: dict[str, Any], charts: dict[str, bytes]) -> list[Any]:
    """The report in one language."""
    language, manifest, rules, styles = (
        ctx["language"],
        ctx["manifest"],
        ctx["rules"],
        ctx["styles"],
    )
    heads, body, small = HEADINGS[language], styles["BodyText"], ctx["small"]
    filters = manifest["filters"]
    scope = heads["scope"].format(
        start=filters["date_from"],
        end=filters["date_to"],
        filter=filter_text(manifest, language),
        engine=manifest["engine_version"],
        code=manifest["code_version"],
    )
    write = methodology_lines_fr if language == "fr" else methodology_lines
    note = suppression_note_fr if language == "fr" else suppression_note
    return [
        Paragraph(escape(heads["title"]), styles["Title"]),
        Paragraph(escape(scope), body),
        Spacer(1, 0.3 * cm),
        Paragraph(heads["sources"], styles["Heading2"]),
        *(Paragraph(escape(line), small) for line in source_lines(manifest, rules, language)),
        Paragraph(escape(heads["headline"]), styles["Heading2"]),
        _headline(payload, language),
        Paragraph(escape(heads["charts"]), styles["Heading2"]),
        *report_format5._charts(charts, language),
        Paragraph(escape(heads["methodology"]), styles["Heading2"]),
        *(Paragraph(escape(line), body) for line in write(manifest, payload, rules)),
        Paragraph(escape(heads["suppression"]), styles["Heading2"]),
        Paragraph(escape(note(manifest)), body),
        Paragraph(escape(heads["rules"]), styles["Heading2"]),
        _rules(ctx, small),
    ]


def pdf_bytes(
    payload: dict[str, Any],
    manifest: dict[str, Any],
    rules: list[dict[str, Any]],
    charts: dict[str, bytes],
) -> bytes:
    """The report as PDF bytes: the French part, then on a new page the English one."""
    if not bilingual(manifest):
        return report_format5.pdf_bytes(payload, manifest, rules, charts)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story: list[Any] = []
    for language in ("fr", "en"):
        ctx = {
            "language": language,
            "manifest": manifest,
            "rules": rules,
            "styles": styles,
            "small": small,
        }
        story += [*([PageBreak()] if story else []), *_part(ctx, payload, charts)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        title="Indicateurs d'impact / Impact evidence",
        author="FX Sandbox Tracker",
        creator="FX Sandbox Tracker",
        producer="FX Sandbox Tracker",
    )
    doc.build(story)
    return buffer.getvalue()
