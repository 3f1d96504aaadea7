"""Outcome axes: what a cell counts by, and how its outcome cells add up.

An axis has *fine* cells (each counted item falls in exactly one) and margin cells that are sums
of fine cells (a verdict pair's total over its two bases; the grand total). Every margin is a
published linear relation, so disclosure control must know them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

TOTAL = "TOTAL"
LAW = "law"
ILLUSTRATIVE = "illustrative"

# A verdict pair (in force × proposed), in this order everywhere.
UNLOCKED = "unlocked"  # breach now, compliant under the proposal
BREACH_BOTH = "breach_both"
COMPLIANT_BOTH = "compliant_both"
NEWLY_BLOCKED = "newly_blocked"  # compliant now, breach under the proposal: shown, never hidden
REVIEW_OR_PENDING = "review_or_pending"
NOT_TRIALLED = "not_trialled"  # no proposal screened the declaration (participant in no cohort)
PAIRS = (UNLOCKED, BREACH_BOTH, COMPLIANT_BOTH, NEWLY_BLOCKED, REVIEW_OR_PENDING, NOT_TRIALLED)
# A declaration compliant under the rules in force rests on no rule: its basis is always "law",
# so only the pairs whose in-force verdict can be a breach or a review are split by basis.
SPLIT_PAIRS = (UNLOCKED, BREACH_BOTH, REVIEW_OR_PENDING, NOT_TRIALLED)
BASES = (LAW, ILLUSTRATIVE)


@dataclass(frozen=True)
class Axis:
    """Outcome cells: `labels[i]` of cell i, `members[i]` the fine cells it sums, `level` 0 for
    fine cells, 1 for group margins, 2 for the grand total."""

    name: str
    labels: tuple[tuple[str, str], ...]
    members: tuple[tuple[int, ...], ...]
    level: tuple[int, ...]
    fine: tuple[int, ...] = field(init=False)
    # For each fine cell, the cells containing it (itself first): its margins.
    containing: tuple[tuple[int, ...], ...] = field(init=False)

    def __post_init__(self) -> None:
        fine = tuple(i for i, m in enumerate(self.members) if len(m) == 1 and m[0] == i)
        object.__setattr__(self, "fine", fine)
        containing = []
        for f in fine:
            containing.append((f, *(i for i, m in enumerate(self.members) if f in m and i != f)))
        object.__setattr__(self, "containing", tuple(containing))

    @property
    def size(self) -> int:
        """Number of cells."""
        return len(self.labels)

    def fine_index(self) -> dict[tuple[str, str], int]:
        """Fine cell label -> position in `fine`."""
        return {self.labels[f]: n for n, f in enumerate(self.fine)}

    def expansion(self) -> tuple[np.ndarray, np.ndarray]:
        """(fine position, cell) for every fine cell and every cell containing it."""
        sources, targets = [], []
        for n, cells in enumerate(self.containing):
            for cell in cells:
                sources.append(n)
                targets.append(cell)
        return np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64)


def _axis(name: str, fine: Sequence[tuple[str, str]], groups: dict[str, list[int]]) -> Axis:
    """Fine cells first, then one margin per group with more than one member, then the total."""
    labels = list(fine)
    members: list[tuple[int, ...]] = [(i,) for i in range(len(fine))]
    level = [0] * len(fine)
    for group, cells in groups.items():
        if len(cells) > 1:
            labels.append((group, TOTAL))
            members.append(tuple(cells))
            level.append(1)
    labels.append((TOTAL, TOTAL))
    members.append(tuple(range(len(fine))))
    level.append(2)
    return Axis(name, tuple(labels), tuple(members), tuple(level))


def pair_axis() -> Axis:
    """Verdict pairs split by basis (law-backed or illustrative), pair totals, grand total."""
    fine: list[tuple[str, str]] = []
    groups: dict[str, list[int]] = {}
    for pair in PAIRS:
        for basis in BASES if pair in SPLIT_PAIRS else (LAW,):
            groups.setdefault(pair, []).append(len(fine))
            fine.append((pair, basis))
    return _axis("pair", fine, groups)


def flat_axis(name: str, values: Sequence[str], *, total: bool) -> Axis:
    """One fine cell per value, and a grand total when `total` (e.g. review outcomes); without
    it the cells are independent columns (e.g. the allowances, which overlap)."""
    fine = [(str(v), "") for v in values]
    if total:
        return _axis(name, fine, {})
    return Axis(
        name,
        tuple(fine),
        tuple((i,) for i in range(len(fine))),
        tuple(0 for _ in fine),
    )


PAIR_AXIS = pair_axis()
