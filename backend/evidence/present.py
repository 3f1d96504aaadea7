"""Measures as JSON-ready rows: counts as integers (None when hidden), MAD as decimal strings."""

from __future__ import annotations

from typing import Any

from backend.evidence.disclosure import mad_text
from backend.evidence.measures import NEAR_CAP_PERCENT, PAIRS, TOTAL, Measures

NEAR_BUCKETS = ("80-100", "100+")
FULL_BUCKET = "100+"
MONEY_COLUMNS = {"mad_minor": "mad", "used_minor": "used_mad"}


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return int(value)


def table_rows(measures: Measures, name: str) -> list[dict[str, Any]]:
    """One table's rows, dimensions first; MAD columns as decimal strings."""
    out = []
    for record in measures.tables[name].to_dict("records"):
        row: dict[str, Any] = {}
        for name_, value in record.items():
            key = str(name_)
            if key in MONEY_COLUMNS:
                row[MONEY_COLUMNS[key]] = mad_text(value)
            elif key in measures.dims[name]:
                row[key] = str(value)
            elif key == "suppressed":
                row[key] = bool(value)
            else:
                row[key] = _cell(value)
        out.append(row)
    return out


def headline(measures: Measures) -> dict[str, Any]:
    """The pair totals: declarations, participants and MAD of each pair and overall."""
    rows = {r["pair"]: r for r in table_rows(measures, "pairs") if r["scope"] == TOTAL}
    keys = ("declarations", "participants", "mad", "suppressed")
    return {pair: {k: rows[pair][k] for k in keys} for pair in (*PAIRS, TOTAL)}


def allowance_summary(measures: Measures) -> list[dict[str, Any]]:
    """Per allowance: participants measured, near the cap (>= 80 %) and at the cap (>= 100 %)."""
    if "allowance" not in measures.tables:
        return []
    rows = table_rows(measures, "allowance")
    by_key = {(r["bucket"], r["allowance"]): r for r in rows}
    allowances = sorted({r["allowance"] for r in rows if r["allowance"] != TOTAL})
    out = []
    for allowance in allowances:
        total = by_key[(TOTAL, allowance)]
        near = [by_key[(b, allowance)] for b in NEAR_BUCKETS]
        near_hidden = any(r["suppressed"] for r in near)
        kind, _, rule_id = allowance.partition(":")
        out.append(
            {
                "allowance": allowance,
                "kind": kind,
                "rule_id": rule_id,
                "participants": total["participants"],
                "near_cap": None if near_hidden else sum(r["participants"] for r in near),
                "at_cap": by_key[(FULL_BUCKET, allowance)]["participants"],
                "near_cap_percent": NEAR_CAP_PERCENT,
                "suppressed": near_hidden or by_key[(FULL_BUCKET, allowance)]["suppressed"],
            }
        )
    return out


def measures_payload(measures: Measures, *, disclosure: dict[str, int] | None) -> dict[str, Any]:
    """The whole answer of the measures endpoint (and the data of every export)."""
    return {
        "headline": headline(measures),
        "allowances": allowance_summary(measures),
        "tables": {name: table_rows(measures, name) for name in measures.tables},
        "disclosure": disclosure,
    }
