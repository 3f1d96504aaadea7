"""PNG charts drawn with matplotlib (Agg), each in French and in English, at a size one can read
when printed or projected (150 dpi, text of 9 points and more): labelled axes with units and
grouped thousands starting at zero, whole-number ticks on small figures (never the same tick
twice), the law-backed figure beside the illustrative one, suppressed points marked, an empty or
fully hidden chart saying why and what to widen (with no value axis to misread), allowances named
by their rule's title with in force and proposal told apart, and a caption naming the period,
the filter, the rulebook versions and the confidence of their rules. Fixed size, fonts and
metadata, so the same data gives the same bytes. Packs of manifest format 4 and before keep the
charts they were built with (`charts_format4`)."""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from backend.evidence.exports import charts_format4
from backend.evidence.exports.chart_text import LANGUAGES, TEXTS, tick_label
from backend.evidence.exports.methodology import BILINGUAL_FORMAT
from backend.evidence.exports.series import (
    BUCKET_LABELS,
    CHARTS,
    allowance_series,
    unlocked_series,
)
from backend.evidence.exports.sources import source_lines

NO_CLUSTER = {"fr": "Hors cluster", "en": "No cluster"}
# The first manifest format whose charts are drawn here.
READABLE_CHARTS_FORMAT = 5
FIGSIZE = (10, 7)  # inches, the aspect the PDF report gives them
DPI = 150
TITLE_SIZE = 13
LABEL_SIZE = 11
TICK_SIZE = 10
LEGEND_SIZE = 9
CAPTION_SIZE = 8.5
CAPTION_WIDTH = 150  # characters per caption line at this size
LINE_FRACTION = CAPTION_SIZE * 1.25 / (FIGSIZE[1] * 72)  # one caption line, of the height
LAW_COLOUR = "#1f6f5c"
ILLUSTRATIVE_COLOUR = "#e0a526"
HIDDEN_COLOUR = "#b00020"
RULE_COLOURS = ("#1f6f5c", "#4a7fb5", "#e0a526", "#9c4f96", "#7a7a7a", "#c0504d", "#2e9fb0")
PROPOSAL_HATCH = "///"
# No software version or creation time inside the PNG: only the pixels.
PNG_METADATA = {"Software": None}
Point = tuple[str, Decimal | None, Decimal | None]
LABEL_MAX = 38  # characters of a value's name on an axis
RULE_LABEL_WIDTH = 40  # characters per line of an allowance's name in the legend


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return buffer.getvalue()


def _grouped(language: str) -> Any:
    """Whole MAD with thousands grouped as the language writes them (``1 250 000``)."""
    separator = "\u202f" if language == "fr" else ","
    return FuncFormatter(lambda value, _: f"{value:,.0f}".replace(",", separator))


def _value_axis(axis: Any, tallest: float, language: str, *, money: bool) -> float:
    """Whole-number ticks from zero (so small figures never show the same tick twice, and no
    negative amount); returns the axis's top."""
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=2))
    if money:
        axis.set_major_formatter(_grouped(language))
    return tallest * 1.15 if tallest > 0 else 1.0


def _caption(caption: list[str]) -> list[str]:
    return [w for line in caption for w in textwrap.wrap(line, CAPTION_WIDTH)]


def _figure(title: str, caption: list[str], *, left: float, below: float) -> tuple[Any, Any]:
    """A figure with its title on top and its caption at the foot; `below` is the room the
    axis's tick labels and name need under the axes."""
    lines = _caption(caption)
    fig, ax = plt.subplots(figsize=FIGSIZE)
    foot = 0.015 + len(lines) * LINE_FRACTION
    fig.subplots_adjust(left=left, right=0.97, top=0.84, bottom=foot + below)
    fig.suptitle(title, fontsize=TITLE_SIZE, y=0.975)
    fig.text(0.01, 0.012, "\n".join(lines), fontsize=CAPTION_SIZE, va="bottom", ha="left")
    ax.tick_params(labelsize=TICK_SIZE)
    return fig, ax


def _legend(ax: Any, handles: list[Any], columns: int) -> None:
    """Above the axes, from the figure's left edge (the value names may take half its width)."""
    ax.legend(
        handles=handles,
        fontsize=LEGEND_SIZE,
        loc="lower left",
        bbox_to_anchor=(0.01, 0.845),
        bbox_transform=ax.figure.transFigure,
        ncol=columns,
        frameon=False,
    )


SAY_WIDTH = 52  # characters per line of what an empty chart says (the narrowest axes hold it)


def _say(ax: Any, text: str) -> None:
    lines = [w for line in text.split("\n") for w in textwrap.wrap(line, SAY_WIDTH)]
    ax.text(
        0.5,
        0.5,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=LABEL_SIZE,
    )


def _nothing_drawn(ax: Any, values: list[Any], words: dict[str, str], *, across: bool) -> None:
    """When no bar is drawn, say why and what to widen, and leave no value axis to misread."""
    if any(v is not None and v > 0 for v in values):
        return
    _say(ax, words["all_hidden"] if any(v is None for v in values) else words["empty"])
    if across:
        ax.set_yticks([])
    else:
        ax.set_xticks([])


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def pair_figure(
    language: str, title: str, dim: str, points: list[Point], caption: list[str]
) -> Any:
    """Law-backed and illustrative MAD side by side per value (months as columns, the other
    dimensions as rows, whose names are long); a suppressed one is marked."""
    words = TEXTS[language]
    across = dim == "month"
    fig, ax = _figure(title, caption, left=0.12 if across else 0.38, below=0.14 if across else 0.09)
    positions = list(range(len(points)))
    if not across:
        positions = positions[::-1]  # the first value on top
    tallest = Decimal(0)
    series = ((-0.2, 1, LAW_COLOUR, None), (0.2, 2, ILLUSTRATIVE_COLOUR, "//"))
    for offset, index, colour, hatch in series:
        for at, point in zip(positions, points, strict=True):
            value = point[index]
            spot = at + (offset if across else -offset)
            if value is None or isinstance(value, str):
                xy = (spot, 0) if across else (0, spot)
                ax.annotate(
                    "×",
                    xy,
                    ha="center" if across else "left",
                    va="bottom" if across else "center",
                    color=HIDDEN_COLOUR,
                    fontsize=TICK_SIZE,
                )
                continue
            tallest = max(tallest, value)
            style = {"color": colour, "hatch": hatch, "edgecolor": "#333"}
            if across:
                ax.bar(spot, float(value), 0.4, **style)
            else:
                ax.barh(spot, float(value), 0.4, **style)
    labels = [_short(tick_label(dim, p[0], language)) for p in points]
    unit = words["mad"]
    if across:
        ax.set_ylim(0, _value_axis(ax.yaxis, float(tallest), language, money=True))
        ax.set_ylabel(unit, fontsize=LABEL_SIZE)
        ax.set_xlabel(words[f"dim.{dim}"], fontsize=LABEL_SIZE)
        ax.set_xticks(positions, labels, rotation=35, ha="right", fontsize=TICK_SIZE)
    else:
        ax.set_xlim(0, _value_axis(ax.xaxis, float(tallest), language, money=True))
        ax.set_xlabel(unit, fontsize=LABEL_SIZE)
        ax.set_ylabel(words[f"dim.{dim}"], fontsize=LABEL_SIZE)
        ax.set_yticks(positions, labels, fontsize=TICK_SIZE)
    ax.grid(axis="y" if across else "x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    _legend(
        ax,
        [
            Patch(color=LAW_COLOUR, label=words["law"]),
            Patch(
                facecolor=ILLUSTRATIVE_COLOUR,
                hatch="//",
                edgecolor="#333",
                label=words["illustrative"],
            ),
            Patch(color="white", label=f"× {words['hidden']}"),
        ],
        2,
    )
    _nothing_drawn(ax, [v for p in points for v in (p[1], p[2])], words, across=across)
    return fig


def pair_chart(
    language: str, title: str, dim: str, points: list[Point], caption: list[str]
) -> bytes:
    return _png(pair_figure(language, title, dim, points, caption))


def _rule_names(rules: list[dict[str, Any]], language: str) -> dict[str, tuple[str, str]]:
    """``kind:rule_id`` -> (the rule's title in the language, else in English, else its code;
    its confidence in the language)."""
    out = {}
    for rule in rules:
        title = rule.get(f"title_{language}") or rule.get("title") or rule["rule_id"]
        confidence = TEXTS[language].get(f"confidence.{rule['confidence']}", rule["confidence"])
        out[f"{rule['kind']}:{rule['rule_id']}"] = (title, confidence)
    return out


def allowance_figure(
    language: str,
    series: dict[str, list[int | None]],
    caption: list[str],
    rules: list[dict[str, Any]],
) -> Any:
    """Participants per share of each annual allowance used: one colour per rule, the proposal's
    bars hatched, named in a legend beside the axes by the rule's title, its rulebook and the
    confidence of its value."""
    words = TEXTS[language]
    fig, ax = _figure(words["allowance_title"], caption, left=0.08, below=0.09)
    fig.subplots_adjust(right=0.58, top=0.90)
    names = _rule_names(rules, language)
    rule_ids = sorted({a.partition(":")[2] for a in series})
    colour_of = {r: RULE_COLOURS[n % len(RULE_COLOURS)] for n, r in enumerate(rule_ids)}
    width = 0.8 / max(len(series), 1)
    tallest = 0
    for n, (allowance, counts) in enumerate(series.items()):
        kind, _, rule_id = allowance.partition(":")
        hatch = PROPOSAL_HATCH if kind == "proposed" else None
        style = {"facecolor": colour_of[rule_id], "hatch": hatch, "edgecolor": "#333"}
        for i, count in enumerate(counts):
            x = i + n * width - 0.4 + width / 2
            if count is None:
                ax.annotate(
                    "×", (x, 0), ha="center", va="bottom", color=HIDDEN_COLOUR, fontsize=TICK_SIZE
                )
                continue
            tallest = max(tallest, count)
            ax.bar(x, count, width=width, linewidth=0.5, **style)
    # One entry per rule (its title, and the confidence of its value in force), then what the
    # hatching and the crosses mean.
    handles = []
    for rule_id in rule_ids:
        title, confidence = names.get(
            f"in_force:{rule_id}", names.get(f"proposed:{rule_id}", (rule_id, ""))
        )
        if f"in_force:{rule_id}" in series and confidence:
            title = f"{title} ({words['in_force']} : {confidence})"
        if language == "en":
            title = title.replace(" : ", ": ")
        label = "\n".join(textwrap.wrap(title, RULE_LABEL_WIDTH))
        handles.append(Patch(facecolor=colour_of[rule_id], edgecolor="#333", label=label))
    ax.set_ylim(0, _value_axis(ax.yaxis, float(tallest), language, money=False))
    ax.set_ylabel(words["participants"], fontsize=LABEL_SIZE)
    ax.set_xlabel(words["share"], fontsize=LABEL_SIZE)
    ax.set_xticks(range(len(BUCKET_LABELS)), [f"{b} %" for b in BUCKET_LABELS])
    ax.set_xlim(-0.5, len(BUCKET_LABELS) - 0.5)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if handles:
        handles += [
            Patch(
                facecolor="white",
                edgecolor="#333",
                hatch=PROPOSAL_HATCH,
                label="\n".join(textwrap.wrap(words["hatched"], RULE_LABEL_WIDTH)),
            ),
            Patch(
                color="white",
                label="\n".join(textwrap.wrap(f"× {words['hidden']}", RULE_LABEL_WIDTH)),
            ),
        ]
        ax.legend(
            handles=handles,
            fontsize=LEGEND_SIZE,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            frameon=False,
            labelspacing=0.8,
        )
        counted: list[Any] = [c for counts in series.values() for c in counts]
        _nothing_drawn(ax, counted, words, across=True)
    else:
        _say(ax, words["no_allowance"])
        ax.set_yticks([])
    return fig


def chart_pngs(
    payload: dict[str, Any], manifest: dict[str, Any], rules: list[dict[str, Any]]
) -> dict[str, bytes]:
    """Every chart of the payload in each language, by file name (``unlocked_by_month.fr.png``);
    a table left out of the answer (its dimension is the filter) has none."""
    if manifest.get("format", 0) < READABLE_CHARTS_FORMAT:
        return charts_format4.chart_pngs(payload, manifest, rules)
    out = {}
    for language in LANGUAGES:
        caption = source_lines(manifest, rules, language)
        words = TEXTS[language]
        for name, (table, dim) in CHARTS.items():
            if table not in payload["tables"]:
                continue
            law = unlocked_series(payload, table, dim, "law")
            illustrative = dict(unlocked_series(payload, table, dim, "illustrative"))
            points = [(label, value, illustrative.get(label)) for label, value in law]
            if dim == "cluster" and manifest.get("format", 0) >= BILINGUAL_FORMAT:
                # Outside any cluster, said in the reader's language (format 6 on).
                none = NO_CLUSTER[language]
                points = [(none if p[0] == "NONE" else p[0], p[1], p[2]) for p in points]
            title = words["title"].format(dim=words[f"by.{dim}"])
            out[f"{name}.{language}.png"] = pair_chart(language, title, dim, points, caption)
        if "allowance" in payload["tables"]:
            series = allowance_series(payload)
            figure = allowance_figure(language, series, caption, rules)
            out[f"allowance_usage.{language}.png"] = _png(figure)
    return out
