"""The chart series taken from a measures payload (suppressed points are None)."""

from decimal import Decimal
from typing import Any

from backend.evidence.cube.axes import LAW, TOTAL
from backend.evidence.measures import USAGE_BUCKETS

CHARTS = {
    "unlocked_by_month": ("monthly", "month", "Unlocked MAD volume by month"),
    "unlocked_by_category": ("by_category", "category", "Unlocked MAD volume by category"),
    "unlocked_by_cluster": ("by_cluster", "cluster", "Unlocked MAD volume by cluster"),
}
BUCKET_LABELS = [f"{lo}-{hi}" if hi is not None else f"{lo}+" for lo, hi in USAGE_BUCKETS]


def unlocked_series(
    payload: dict[str, Any], table: str, dim: str, basis: str = LAW
) -> list[tuple[str, Decimal | None]]:
    """(label, unlocked MAD of that basis) per row of `table`, without the total."""
    return [
        (r[dim], Decimal(r["mad"]) if r["mad"] is not None else None)
        for r in payload["tables"].get(table, [])
        if r["pair"] == "unlocked" and r["basis"] == basis and r[dim] != TOTAL
    ]


def allowance_series(payload: dict[str, Any]) -> dict[str, list[int | None]]:
    """Participants per usage bucket, per allowance (``kind:rule_id``)."""
    rows = payload["tables"].get("allowance", [])
    out: dict[str, list[int | None]] = {}
    for allowance in sorted({r["allowance"] for r in rows if r["allowance"] != TOTAL}):
        cells = {r["bucket"]: r["participants"] for r in rows if r["allowance"] == allowance}
        out[allowance] = [cells.get(b) for b in BUCKET_LABELS]
    return out
