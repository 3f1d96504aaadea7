"""Disclosure control for what advocates see: primary and complementary cell suppression, and
MAD rounding (pure pandas/numpy).

A cell built from fewer than *k* participants is suppressed (primary). Each table publishes its
margins, so every row and every column is a linear relation (cells add up to the TOTAL cell):
a line with exactly one hidden cell would give it away by subtraction, so a second cell of that
line is hidden too (complementary), the smallest one, until no line has a single hidden cell.
The pair totals appear in every pair table, so their suppression is shared across tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from backend.evidence.measures import TOTAL, Measures

MINOR_PER_MAD = 100
# Count columns that add up along a line (participants are distinct counts and do not, but
# they are suppressed with the cell all the same).
ADDITIVE = ("declarations", "mad_minor", "used_minor", "cases", "days_total", "documents_requested")


@dataclass(frozen=True)
class DisclosureParams:
    """Suppression threshold and MAD rounding unit, as recorded in a manifest."""

    min_participants: int
    rounding_mad: int

    def as_dict(self) -> dict[str, int]:
        """JSON form for manifests."""
        return {"min_participants": self.min_participants, "rounding_mad": self.rounding_mad}


def suppression_mask(
    table: pd.DataFrame, dims: tuple[str, ...], k: int, forced: np.ndarray | None = None
) -> np.ndarray:
    """Which cells to hide: primary (0 < participants < k), `forced`, then complementary."""
    participants = table["participants"].to_numpy(dtype=np.int64)
    hidden = (participants > 0) & (participants < k)
    if forced is not None:
        hidden |= forced
    nonzero = participants > 0
    is_total = ((table[dims[0]] == TOTAL) | (table[dims[1]] == TOTAL)).to_numpy()
    weight = table["declarations"].to_numpy() if "declarations" in table else participants
    lines: list[dict[Any, Any]] = [table.groupby(dim, sort=False).indices for dim in dims]
    changed = True
    while changed:
        changed = False
        for groups in lines:
            for idx in groups.values():
                if hidden[idx].sum() != 1:
                    continue
                candidates = idx[~hidden[idx] & nonzero[idx]]
                if len(candidates) == 0:
                    continue
                # Prefer an inner cell, then the smallest: the least information lost.
                pick = min(
                    candidates,
                    key=lambda i: (bool(is_total[i]), int(participants[i]), int(weight[i]), i),
                )
                hidden[pick] = True
                changed = True
    return hidden


def _pair_total_forced(table: pd.DataFrame, dims: tuple[str, ...], pairs: set[str]) -> np.ndarray:
    row = table[dims[0]]
    return ((row == TOTAL) | (row == "all")).to_numpy() & table["pair"].isin(pairs).to_numpy()


def _pair_totals_hidden(table: pd.DataFrame, dims: tuple[str, ...], mask: np.ndarray) -> set[str]:
    row = table[dims[0]]
    at_total = ((row == TOTAL) | (row == "all")).to_numpy() & mask
    return set(table.loc[at_total, "pair"].astype(str))


def suppress_measures(measures: Measures, k: int) -> dict[str, np.ndarray]:
    """The hidden-cell mask of every table, consistent across tables sharing the pair totals."""
    pair_tables = [n for n, d in measures.dims.items() if d[1] == "pair"]
    shared: set[str] = set()
    masks: dict[str, np.ndarray] = {}
    while True:
        for name in pair_tables:
            table, dims = measures.tables[name], measures.dims[name]
            masks[name] = suppression_mask(table, dims, k, _pair_total_forced(table, dims, shared))
        found = set().union(
            *(_pair_totals_hidden(measures.tables[n], measures.dims[n], masks[n]) for n in masks)
        )
        if found <= shared:
            break
        shared |= found
    for name, dims in measures.dims.items():
        if name not in masks:
            masks[name] = suppression_mask(measures.tables[name], dims, k)
    return masks


def round_minor(values: np.ndarray, rounding_mad: int) -> np.ndarray:
    """MAD centimes rounded to the nearest `rounding_mad` MAD, halves up (amounts are >= 0)."""
    unit = rounding_mad * MINOR_PER_MAD
    if unit <= MINOR_PER_MAD:
        return values
    return ((values + unit // 2) // unit) * unit


def disclose(measures: Measures, params: DisclosureParams) -> Measures:
    """The advocates' view: hidden cells blanked (counts None) and marked, MAD rounded."""
    masks = suppress_measures(measures, params.min_participants)
    out = Measures(dims=dict(measures.dims))
    for name, table in measures.tables.items():
        shown = table.copy()
        mask = masks[name]
        for column in table.columns:
            if column in ADDITIVE or column == "participants":
                values = table[column].to_numpy(dtype=np.int64)
                if column in ("mad_minor", "used_minor"):
                    values = round_minor(values, params.rounding_mad)
                shown[column] = pd.Series(values, dtype=object).where(~mask, None).to_numpy()
        shown["suppressed"] = mask
        out.tables[name] = shown
    return out


def exact(measures: Measures) -> Measures:
    """The regulators' view: every cell shown, nothing suppressed or rounded."""
    out = Measures(dims=dict(measures.dims))
    for name, table in measures.tables.items():
        out.tables[name] = table.assign(suppressed=False)
    return out


def mad_text(minor: Any) -> str | None:
    """MAD centimes as a decimal string with two places (None stays None)."""
    if minor is None:
        return None
    return str((Decimal(int(minor)) / MINOR_PER_MAD).quantize(Decimal("0.01")))
