"""Every published cell of a shape, computed from facts in one pass per position.

A *shape* names the dimensions a request may filter on and the dimensions its tables break down
by. A request filters on at most one dimension value and gets, for each table dimension, the
cells of that breakdown within its filter (and the filter's total): so the cells any request can
reach are those of every *position* — no dimension (the headline), one dimension, or a filter
dimension with a table dimension — crossed with every outcome cell of the axis. Each cell counts
items (declarations, participants measured, cases), distinct participants, additive measures and,
for the dominance rule, the largest single participant's share of the money measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd

from backend.evidence.cube.axes import Axis

COUNT = "count"
SPLIT_BITS = 24


@dataclass(frozen=True)
class Shape:
    """Dimensions a request may filter on (one at a time) and those its tables break down by."""

    filters: tuple[str, ...]
    tables: tuple[str, ...]

    @property
    def dims(self) -> tuple[str, ...]:
        """Every dimension, filters first, each once (the canonical order of a position)."""
        return tuple(dict.fromkeys((*self.filters, *self.tables)))

    def positions(self) -> list[tuple[str, ...]]:
        """Every reachable position, canonical: (), each dimension, each filter × table pair."""
        order = {d: i for i, d in enumerate(self.dims)}
        pairs = {
            tuple(sorted((f, t), key=order.__getitem__))
            for f in self.filters
            for t in self.tables
            if f != t
        }
        return [
            (),
            *((d,) for d in self.dims),
            *sorted(pairs, key=lambda p: (order[p[0]], order[p[1]])),
        ]

    def partners(self, dim: str) -> tuple[str, ...]:
        """The dimensions published crossed with `dim`."""
        out: list[str] = []
        if dim in self.filters:
            out += [t for t in self.tables if t != dim]
        if dim in self.tables:
            out += [f for f in self.filters if f != dim]
        return tuple(dict.fromkeys(out))


@dataclass
class Cube:
    """Every cell of a shape: `index[position]` holds the cell ids, shaped (values of each
    dimension of the position..., outcome cells); the cell arrays are flat, by cell id."""

    shape: Shape
    axis: Axis
    values: dict[str, list[str]]
    money: str | None = None
    index: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict)
    positions: list[tuple[str, ...]] = field(default_factory=list)
    # Per cell: its position (index in `positions`), value codes (-1 past the position's
    # dimensions) and outcome cell.
    position: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    coords: np.ndarray = field(default_factory=lambda: np.zeros((2, 0), dtype=np.int64))
    outcome: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    participants: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    measures: dict[str, np.ndarray] = field(default_factory=dict)
    # The largest single participant's total of the money measure in the cell (dominance rule).
    top: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    suppressed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    sensitive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def size(self) -> int:
        """Number of cells."""
        return len(self.count)

    def cells(self, position: tuple[str, ...], dims: Sequence[str]) -> np.ndarray:
        """The cell ids of `position` with its dimension axes in the order of `dims`."""
        ids = self.index[position]
        return np.transpose(ids, [position.index(d) for d in dims] + [len(position)])


def exact_sums(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Exact int64 sums of `values` per key: np.bincount adds in float64, exact below 2**53, so
    the low 24 bits and the rest are summed apart (value == high * 2**24 + low, signs too)."""
    low = values & ((1 << SPLIT_BITS) - 1)
    high = values >> SPLIT_BITS
    low_sums = np.bincount(keys, weights=low, minlength=size).astype(np.int64)
    high_sums = np.bincount(keys, weights=high, minlength=size).astype(np.int64)
    return (high_sums << SPLIT_BITS) + low_sums


def codes_of(column: pd.Series, values: list[str]) -> np.ndarray:
    """Positions of a text column's values in `values` (every value must be listed)."""
    codes = pd.Categorical(column.astype(str), categories=values).codes.astype(np.int64)
    if (codes < 0).any():
        missing = sorted(set(column.astype(str)) - set(values))
        raise ValueError(f"values outside the cube's dimension: {missing[:5]}")
    return codes


@dataclass(frozen=True)
class Facts:
    """Counted items already coded: the participant (0..n-1), each dimension's value codes, the
    fine outcome (position in `axis.fine`), the item count and additive measures per row."""

    participant: np.ndarray
    dims: dict[str, np.ndarray]
    outcome: np.ndarray
    count: np.ndarray
    measures: dict[str, np.ndarray]
    money: str | None  # the measure the dominance rule reads (None: no dominance)
    participants: int


@dataclass(frozen=True)
class _Expanded:
    """Each item repeated once per outcome cell it counts in (its fine cell and its margins)."""

    rows: np.ndarray
    outcome: np.ndarray


def _expand(axis: Axis, facts: Facts) -> _Expanded:
    sources, targets = axis.expansion()
    order = np.argsort(sources, kind="stable")
    sources, targets = sources[order], targets[order]
    first = np.searchsorted(sources, facts.outcome, side="left")
    repeats = np.bincount(sources, minlength=len(axis.fine))[facts.outcome]
    rows = np.repeat(np.arange(len(facts.outcome)), repeats)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return _Expanded(rows=rows, outcome=targets[np.repeat(first, repeats) + offsets])


def _position_cells(
    cube: Cube, facts: Facts, expanded: _Expanded, position: tuple[str, ...]
) -> tuple[tuple[int, ...], dict[str, np.ndarray]]:
    """The shape of the position's block and its sums per cell (block-local cell keys)."""
    n_o = cube.axis.size
    sizes = tuple(len(cube.values[d]) for d in position)
    key = np.zeros(len(facts.count), dtype=np.int64)
    for dim, size in zip(position, sizes, strict=True):
        key = key * size + facts.dims[dim]
    rows = expanded.rows
    cell = key[rows] * n_o + expanded.outcome
    block = int(np.prod(sizes, dtype=np.int64)) * n_o
    out = {COUNT: exact_sums(cell, facts.count[rows], block)}
    for name, values in facts.measures.items():
        out[name] = exact_sums(cell, values[rows], block)
    pair = cell * facts.participants + facts.participant[rows]
    uniques, inverse = np.unique(pair, return_inverse=True)
    out["participants"] = np.bincount(uniques // facts.participants, minlength=block)
    top = np.zeros(block, dtype=np.int64)
    if facts.money is not None:
        per_participant = exact_sums(inverse, facts.measures[facts.money][rows], len(uniques))
        np.maximum.at(top, uniques // facts.participants, per_participant)
    out["top"] = top
    return (*sizes, n_o), out


def cube_build(*, shape: Shape, axis: Axis, values: dict[str, list[str]], facts: Facts) -> Cube:
    """Every cell of every position of the shape, zeros included."""
    cube = Cube(shape=shape, axis=axis, values=values, money=facts.money)
    expanded = _expand(axis, facts)
    parts: dict[str, list[np.ndarray]] = {}
    start = 0
    for number, position in enumerate(shape.positions()):
        block_shape, sums = _position_cells(cube, facts, expanded, position)
        size = int(np.prod(block_shape))
        cube.index[position] = np.arange(start, start + size).reshape(block_shape)
        grid = np.indices(block_shape).reshape(len(block_shape), -1)
        coords = np.full((2, size), -1, dtype=np.int64)
        coords[: len(position)] = grid[: len(position)]
        parts.setdefault("coords", []).append(coords)
        parts.setdefault("outcome", []).append(grid[-1])
        parts.setdefault("position", []).append(np.full(size, number, dtype=np.int64))
        for name, array in sums.items():
            parts.setdefault(name, []).append(array)
        start += size
    cube.positions = shape.positions()
    cube.position = np.concatenate(parts["position"])
    cube.coords = np.concatenate(parts["coords"], axis=1)
    cube.outcome = np.concatenate(parts["outcome"])
    cube.count = np.concatenate(parts[COUNT])
    cube.participants = np.concatenate(parts["participants"]).astype(np.int64)
    cube.top = np.concatenate(parts["top"])
    cube.measures = {name: np.concatenate(parts[name]) for name in facts.measures}
    cube.suppressed = np.zeros(cube.size, dtype=bool)
    cube.sensitive = np.zeros(cube.size, dtype=bool)
    return cube


def all_combinations(values: dict[str, list[str]], position: tuple[str, ...]) -> list[tuple]:
    """Every value combination of a position, in the order of its cell block."""
    return list(product(*(values[d] for d in position)))
