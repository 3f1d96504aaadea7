"""The chart series taken from a measures payload (suppressed points are None)."""

from decimal import Decimal
from typing import Any

from backend.evidence.cube.axes import LAW, PAIRS, TOTAL
from backend.evidence.measures import USAGE_BUCKETS

# file name -> (table, dimension): the exported charts of unlocked MAD
CHARTS = {
    "unlocked_by_month": ("monthly", "month"),
    "unlocked_by_category": ("by_category", "category"),
    "unlocked_by_cluster": ("by_cluster", "cluster"),
    "unlocked_by_country": ("by_country", "country"),
}
# Every key a table row may hold, in the order files show them: a file never depends on the
# order of a row's keys (a pack's figures are read back from JSON with sorted keys).
KEY_ORDER = (
    "scope",
    "month",
    "category",
    "cluster",
    "country",
    "bucket",
    "allowance",
    "outcome",
    "method",
    "pair",
    "basis",
    "declarations",
    "cases",
    "participants",
    "mad",
    "used_mad",
    "days_total",
    "documents_requested",
    "suppressed",
)
HEADLINE_PAIRS = (*PAIRS, TOTAL)
HEADLINE_BASES = ("law", "illustrative", TOTAL)


TABLE_ORDER = (
    "pairs",
    "monthly",
    "by_category",
    "by_cluster",
    "by_country",
    "allowance",
    "reviews",
    "conversions",
)


def ordered_tables(payload: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(name, rows) of the payload's tables in file order (unknown tables last)."""
    tables = payload["tables"]
    rank = {name: n for n, name in enumerate(TABLE_ORDER)}
    return [(n, tables[n]) for n in sorted(tables, key=lambda n: (rank.get(n, len(rank)), n))]


def ordered_keys(row: dict[str, Any]) -> list[str]:
    """The row's keys in file order (unknown keys last, alphabetically)."""
    rank = {key: n for n, key in enumerate(KEY_ORDER)}
    return sorted(row, key=lambda k: (rank.get(k, len(rank)), k))


def headline_cells(payload: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(pair, basis, cell) of the headline, in the fixed order of pairs and bases."""
    headline = payload["headline"]
    return [
        (pair, basis, headline[pair][basis])
        for pair in HEADLINE_PAIRS
        if pair in headline
        for basis in HEADLINE_BASES
        if basis in headline[pair]
    ]


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
