"""The exported charts read: whole, distinct, non-negative ticks on small or empty figures, text
of a printable size, a caption naming the period, the rulebooks and the confidence of their
rules, allowances named by their rule's title; and a pack of an earlier format keeps the charts
it was built with."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from backend.evidence.exports import charts, charts_format4
from backend.evidence.exports.sources import source_lines

RULES = [
    {
        "version": "IGOC 2026 v1",
        "rule_id": "ECOM_JEI_ANNUAL_CAP",
        "kind": "in_force",
        "confidence": "press",
        "citation": "IGOC 2026",
        "title": "Labelled startup card allowance",
    },
    {
        "version": "Proposal v1",
        "rule_id": "ECOM_JEI_ANNUAL_CAP",
        "kind": "proposed",
        "confidence": "illustrative",
        "citation": "Proposal",
        "title": "Labelled startup card allowance",
    },
]
MANIFEST = {
    "format": charts.READABLE_CHARTS_FORMAT,
    "filters": {"date_from": "2026-01-01", "date_to": "2026-12-31", "cluster": None},
    "cutoff": "2026-12-06T00:00:00Z",
    "disclosure": {"min_participants": 5, "rounding_mad": 1000},
}
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def _drawn(fig: Any) -> None:
    fig.canvas.draw()


def _value_ticks(fig: Any, across: bool) -> list[str]:
    ax = fig.axes[0]
    labels = ax.get_yticklabels() if across else ax.get_xticklabels()
    return [t.get_text() for t in labels if t.get_text()]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("dim", ["month", "category"])
def test_small_figures_get_whole_distinct_ticks_from_zero(language: str, dim: str) -> None:
    labels = MONTHS if dim == "month" else ["SAAS_CLOUD", "DIGITAL_ADS"]
    points = [(label, Decimal("3.00"), Decimal("1.00")) for label in labels]
    caption = source_lines(MANIFEST, RULES, language)
    fig = charts.pair_figure(language, "t", dim, points, caption)
    _drawn(fig)
    ticks = _value_ticks(fig, across=dim == "month")
    plt.close(fig)
    assert ticks[0] == "0"
    assert len(ticks) == len(set(ticks)) >= 2
    assert not any(t.startswith(("-", "−")) for t in ticks)
    assert all(t.isdigit() for t in ticks)


def test_large_figures_group_thousands_as_each_language_writes_them() -> None:
    points = [(m, Decimal("1750000.00"), None) for m in MONTHS]
    ticks = {}
    for language in ("fr", "en"):
        fig = charts.pair_figure(language, "t", "month", points, [])
        _drawn(fig)
        ticks[language] = _value_ticks(fig, across=True)
        plt.close(fig)
    assert "1,200,000" in ticks["en"]
    assert "1\u202f200\u202f000" in ticks["fr"]


@pytest.mark.parametrize(
    ("value", "said"),
    [(Decimal("0.00"), "No payment blocked now"), (None, "Every figure of this chart")],
)
def test_an_empty_or_hidden_chart_says_why_and_shows_no_value_axis(
    value: Decimal | None, said: str
) -> None:
    points = [(m, value, value) for m in MONTHS]
    fig = charts.pair_figure("en", "t", "month", points, [])
    _drawn(fig)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    ticks = _value_ticks(fig, across=True)
    plt.close(fig)
    assert said in texts
    assert ticks == []


def test_every_text_is_printable_and_the_caption_names_period_rulebooks_and_confidence() -> None:
    caption = source_lines(MANIFEST, RULES, "en")
    fig = charts.pair_figure("en", "t", "month", [(m, Decimal(5), None) for m in MONTHS], caption)
    _drawn(fig)
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    everything = "\n".join(t.get_text() for t in texts)
    sizes = {t.get_fontsize() for t in texts}
    plt.close(fig)
    assert min(sizes) >= 8.5
    assert charts.DPI >= 150
    assert "Period: 2026-01-01 – 2026-12-31" in everything
    assert "Rulebook: IGOC 2026 v1 — rules: 1 press" in everything
    assert "Rulebook: Proposal v1 — rules: 1 illustrative" in everything
    assert "Illustrative values only" in everything  # the illustrative bars' own label


def test_allowances_are_named_by_their_rule_not_their_code() -> None:
    series = {
        "in_force:ECOM_JEI_ANNUAL_CAP": [6, None, 0, 0, 0, 0],
        "proposed:ECOM_JEI_ANNUAL_CAP": [7, 5, 0, 0, 0, 0],
    }
    for language, kind in (("fr", "en vigueur : presse"), ("en", "in force: press")):
        fig = charts.allowance_figure(language, series, [], RULES)
        _drawn(fig)
        legend = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
        plt.close(fig)
        assert "ECOM_JEI_ANNUAL_CAP" not in legend
        assert f"Labelled startup card allowance ({kind})" in legend.replace("\n", " ")


def test_a_pack_of_an_earlier_format_keeps_the_charts_it_was_built_with() -> None:
    payload: dict[str, Any] = {
        "tables": {
            "monthly": [
                {"month": m, "pair": "unlocked", "basis": b, "mad": "5000.00"}
                for m in MONTHS
                for b in ("law", "illustrative")
            ]
        }
    }
    older = {**MANIFEST, "format": charts.READABLE_CHARTS_FORMAT - 1}
    assert charts.chart_pngs(payload, older, RULES) == charts_format4.chart_pngs(
        payload, older, RULES
    )
    newer = charts.chart_pngs(payload, MANIFEST, RULES)
    assert (
        newer["unlocked_by_month.en.png"]
        != charts_format4.chart_pngs(payload, MANIFEST, RULES)["unlocked_by_month.en.png"]
    )


def test_the_report_shows_the_charts_at_their_own_aspect() -> None:
    from backend.evidence.exports import report

    fig = charts.pair_figure("en", "t", "month", [(m, Decimal(5), None) for m in MONTHS], [])
    width, height = fig.get_size_inches()
    plt.close(fig)
    assert height / width == pytest.approx(report.CHART_HEIGHT / report.CHART_WIDTH)
