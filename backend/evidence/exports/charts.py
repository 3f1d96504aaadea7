"""PNG charts with matplotlib's Agg backend: fixed size, fonts and metadata, so the same data
gives the same bytes."""

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from backend.evidence.exports.series import (
    BUCKET_LABELS,
    CHARTS,
    allowance_series,
    unlocked_series,
)

FIGSIZE = (8, 4)
DPI = 100
BAR_COLOUR = "#1f6f5c"
# No software version or creation time inside the PNG: only the pixels and the title.
PNG_METADATA = {"Software": None}


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    plt.close(fig)
    return buffer.getvalue()


def bar_chart(title: str, points: list[tuple[str, Any]], ylabel: str) -> bytes:
    """A bar chart; suppressed points are drawn as a gap labelled 'suppressed'."""
    fig, ax = plt.subplots(figsize=FIGSIZE)
    labels = [p[0] for p in points]
    values = [float(p[1]) if p[1] is not None else 0.0 for p in points]
    ax.bar(range(len(points)), values, color=BAR_COLOUR)
    for i, point in enumerate(points):
        if point[1] is None:
            ax.annotate("suppressed", (i, 0), ha="center", va="bottom", fontsize=7, rotation=90)
    ax.set_xticks(range(len(points)), labels, rotation=45, ha="right", fontsize=8)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return _png(fig)


def allowance_chart(series: dict[str, list[int | None]]) -> bytes:
    """Participants per share of each annual allowance used, one bar group per allowance."""
    fig, ax = plt.subplots(figsize=FIGSIZE)
    width = 0.8 / max(len(series), 1)
    for n, (allowance, counts) in enumerate(series.items()):
        xs = [i + n * width for i in range(len(BUCKET_LABELS))]
        ax.bar(xs, [c or 0 for c in counts], width=width, label=allowance)
    ax.set_xticks(range(len(BUCKET_LABELS)), [f"{b} %" for b in BUCKET_LABELS], fontsize=8)
    ax.set_title("Participants by share of each annual allowance used")
    ax.set_ylabel("participants")
    if series:
        ax.legend(fontsize=7)
    fig.tight_layout()
    return _png(fig)


def chart_pngs(payload: dict[str, Any]) -> dict[str, bytes]:
    """Every chart of the payload, by file name."""
    out = {
        f"{name}.png": bar_chart(title, unlocked_series(payload, table, dim), "MAD")
        for name, (table, dim, title) in CHARTS.items()
    }
    out["allowance_usage.png"] = allowance_chart(allowance_series(payload))
    return out
