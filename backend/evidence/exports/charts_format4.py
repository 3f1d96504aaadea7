"""The PNG charts of packs of manifest format 4 and before, drawn exactly as they were built
(small fonts at 100 dpi, allowances named by their code), so such a pack still rebuilds to the
same bytes. Newer packs use `charts`.

PNG charts drawn with matplotlib (Agg), each in French and in English: labelled axes with
units starting at zero, the law-backed figure beside the illustrative one, suppressed points
marked, an empty or fully hidden chart saying why and what to widen, and a caption naming the
period, the filter, the rulebook versions and the confidence of their rules. Fixed size, fonts
and metadata, so the same data gives the same bytes."""

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

from backend.evidence.exports.chart_text import LANGUAGES, TEXTS, tick_label
from backend.evidence.exports.series import (
    BUCKET_LABELS,
    CHARTS,
    allowance_series,
    unlocked_series,
)
from backend.evidence.exports.sources import source_lines

FIGSIZE = (10, 7)
DPI = 100
LAW_COLOUR = "#1f6f5c"
ILLUSTRATIVE_COLOUR = "#e0a526"
HIDDEN_COLOUR = "#b00020"
ALLOWANCE_COLOURS = ("#1f6f5c", "#4a7fb5", "#e0a526", "#9c4f96", "#7a7a7a")
CAPTION_WIDTH = 185  # characters per caption line at this size
CAPTION_SIZE = 6.5
# No software version or creation time inside the PNG: only the pixels.
PNG_METADATA = {"Software": None}
Point = tuple[str, Decimal | None, Decimal | None]


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return buffer.getvalue()


def _grouped(language: str) -> Any:
    separator = " " if language == "fr" else ","
    return FuncFormatter(lambda value, _: f"{value:,.0f}".replace(",", separator))


def _figure(title: str, caption: list[str]) -> tuple[Any, Any]:
    fig, ax = plt.subplots(figsize=FIGSIZE)
    fig.subplots_adjust(left=0.11, right=0.98, top=0.86, bottom=0.40)
    fig.suptitle(title, fontsize=11, y=0.98)
    wrapped = [w for line in caption for w in textwrap.wrap(line, CAPTION_WIDTH)]
    fig.text(0.01, 0.01, "\n".join(wrapped), fontsize=CAPTION_SIZE, va="bottom", ha="left")
    return fig, ax


def _legend(ax: Any, handles: list[Any], columns: int) -> None:
    ax.legend(
        handles=handles,
        fontsize=7,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=columns,
        frameon=False,
    )


def _say(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=9)


def _state(ax: Any, values: list[Decimal | None], words: dict[str, str]) -> None:
    """Write why nothing is drawn, when nothing is."""
    if any(v is not None and v > 0 for v in values):
        return
    _say(ax, words["all_hidden"] if any(v is None for v in values) else words["empty"])


LABEL_MAX = 38  # characters of a value's name on an axis


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def pair_chart(
    language: str, title: str, dim: str, points: list[Point], caption: list[str]
) -> bytes:
    """Law-backed and illustrative MAD side by side per value (months as columns, the other
    dimensions as rows, whose names are long); a suppressed one is marked."""
    words = TEXTS[language]
    fig, ax = _figure(title, caption)
    across = dim == "month"
    if not across:
        fig.subplots_adjust(left=0.30, bottom=0.28)
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
                )
                continue
            tallest = max(tallest, value)
            style = {"color": colour, "hatch": hatch, "edgecolor": "#333"}
            if across:
                ax.bar(spot, float(value), 0.4, **style)
            else:
                ax.barh(spot, float(value), 0.4, **style)
    top = float(tallest) * 1.15 if tallest > 0 else 1
    labels = [_short(tick_label(dim, p[0], language)) for p in points]
    if across:
        ax.set_ylim(0, top)
        ax.yaxis.set_major_formatter(_grouped(language))
        ax.set_ylabel("MAD")
        ax.set_xlabel(words[f"dim.{dim}"])
        ax.set_xticks(positions, labels, rotation=35, ha="right", fontsize=8)
    else:
        ax.set_xlim(0, top)
        ax.xaxis.set_major_formatter(_grouped(language))
        ax.set_xlabel("MAD")
        ax.set_ylabel(words[f"dim.{dim}"])
        ax.set_yticks(positions, labels, fontsize=8)
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
        3,
    )
    _state(ax, [v for p in points for v in (p[1], p[2])], words)
    return _png(fig)


def allowance_chart(
    language: str, series: dict[str, list[int | None]], caption: list[str]
) -> bytes:
    """Participants per share of each annual allowance used, one bar group per allowance."""
    words = TEXTS[language]
    fig, ax = _figure(words["allowance_title"], caption)
    width = 0.8 / max(len(series), 1)
    tallest = 0
    handles = []
    for n, (allowance, counts) in enumerate(series.items()):
        colour = ALLOWANCE_COLOURS[n % len(ALLOWANCE_COLOURS)]
        for i, count in enumerate(counts):
            x = i + n * width - 0.4 + width / 2
            if count is None:
                ax.annotate("×", (x, 0), ha="center", va="bottom", color=HIDDEN_COLOUR)
                continue
            tallest = max(tallest, count)
            ax.bar(x, count, width=width, color=colour)
        handles.append(Patch(color=colour, label=tick_label("allowance", allowance, language)))
    ax.set_ylim(0, tallest * 1.15 if tallest else 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(words["participants"])
    ax.set_xlabel(words["share"])
    ax.set_xticks(range(len(BUCKET_LABELS)), [f"{b} %" for b in BUCKET_LABELS], fontsize=8)
    if handles:
        _legend(ax, [*handles, Patch(color="white", label=f"× {words['hidden']}")], 2)
    else:
        _say(ax, words["no_allowance"])
    return _png(fig)


def chart_pngs(
    payload: dict[str, Any], manifest: dict[str, Any], rules: list[dict[str, Any]]
) -> dict[str, bytes]:
    """Every chart of the payload in each language, by file name (``unlocked_by_month.fr.png``);
    a table left out of the answer (its dimension is the filter) has none."""
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
            title = words["title"].format(dim=words[f"by.{dim}"])
            out[f"{name}.{language}.png"] = pair_chart(language, title, dim, points, caption)
        if "allowance" in payload["tables"]:
            series = allowance_series(payload)
            out[f"allowance_usage.{language}.png"] = allowance_chart(language, series, caption)
    return out
