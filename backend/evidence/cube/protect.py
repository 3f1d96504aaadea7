"""Disclosure control of a whole cube: primary suppression, then complementary suppression chosen
so that no suppressed sensitive cell can be recovered from the published cells by any linear
combination — across every table, every filter and every outcome margin at once.

Primary: a cell built from fewer than *k* participants, or one where a single participant makes
up more than half of the money measure (dominance), is sensitive and hidden.

Complementary: a sensitive cell is safe when some change of the underlying counts alters it and
leaves every published cell as it is — then the published cells are equally consistent with
another value of it, and no sum or difference of them gives it. Such a change is built from
"swaps" of one unit between two items (a certificate); every cell the swap alters must be hidden.
For each sensitive cell the cheapest certificate is chosen among:

- a rectangle within one table: +1 at (a, b), -1 at (a', b), -1 at (a, b'), +1 at (a', b'),
  all other dimensions fixed: only the four cells of that table change (rows, columns, filter
  totals and other tables see the swap cancel);
- a swap of the cell's value of one dimension for another, the others fixed at witness values:
  the two values' cells change in every table crossing that dimension, and its totals;
- a change at one point of every dimension (for the headline cells, or dimensions with a single
  value): every table's cell at that point changes;

each combined with an outcome change that keeps the outcome margins in balance where it can (one
unit moved from one outcome cell to another) or hides the margins it changes. Hiding only ever
grows, so every certificate found stays valid: one pass over the sensitive cells suffices. The
cost of hiding a cell favours losing the least: never the headline unless it is sensitive itself,
rather a pair's total than its law-backed figure, rather a small cell than an empty one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from backend.evidence.cube.build import Cube

# Cost weights of hiding a published cell: by the number of dimensions of its position (the
# headline is hidden only when it is sensitive itself), by the level of its outcome cell (a
# group margin is a sum of cells still shown; the grand total matters most), and a surcharge
# for an empty cell (hiding a known zero protects little against someone who knows the trade).
POSITION_WEIGHT = (1_000_000, 100, 1)
OUTCOME_WEIGHT = (3, 1, 4)
EMPTY_WEIGHT = 25
INF = np.iinfo(np.int64).max // 4
# The cost of hiding a cell whose publication is fixed from outside the cube (another cube
# publishes the same figure): far above any real cost, yet summed a few dozen times still below
# INF, so a certificate needing one is chosen only when there is no other, and then detected.
FORBIDDEN = 10**15


@dataclass(frozen=True)
class Rules:
    """Primary suppression: the participants threshold and the dominance rule."""

    min_participants: int
    dominance: bool = True


def sensitive_cells(cube: Cube, rules: Rules) -> np.ndarray:
    """Cells from 1 to k-1 participants, or where one participant holds most of the money."""
    participants = cube.participants
    hidden = (participants > 0) & (participants < rules.min_participants)
    if rules.dominance and cube.money is not None:
        money = cube.measures[cube.money]
        hidden |= (money > 0) & (cube.top * 2 > money)
    return hidden


def _weights(cube: Cube) -> np.ndarray:
    levels = np.asarray([len(p) for p in cube.positions])[cube.position]
    position = np.asarray(POSITION_WEIGHT, dtype=np.int64)[levels]
    outcome = np.asarray(OUTCOME_WEIGHT, dtype=np.int64)[np.asarray(cube.axis.level)][cube.outcome]
    empty = np.where(cube.count == 0, EMPTY_WEIGHT, 1)
    return position * outcome * empty * (1 + cube.participants)


def outcome_options(cube: Cube) -> list[np.ndarray]:
    """Per outcome cell, the outcome changes that alter it, as rows of the outcome cells each
    alters (padded with the index `axis.size`, a cell that costs nothing)."""
    axis = cube.axis
    members = [set(m) for m in axis.members]
    fine = axis.fine
    changes: list[dict[int, int]] = [{f: 1} for f in fine]
    changes += [{f: 1, g: -1} for f in fine for g in fine if f != g]
    touched = []
    for change in changes:
        cells = [
            c for c in range(axis.size) if sum(s for f, s in change.items() if f in members[c])
        ]
        touched.append(cells)
    width = max((len(t) for t in touched), default=0)
    out = []
    for cell in range(axis.size):
        rows = [t + [axis.size] * (width - len(t)) for t in touched if cell in t]
        out.append(np.asarray(rows, dtype=np.int64))
    return out


class Protector:
    """Chooses and applies a certificate for each sensitive cell of a cube."""

    def __init__(
        self,
        cube: Cube,
        rules: Rules,
        fixed: np.ndarray | None = None,
        fixed_hidden: np.ndarray | None = None,
    ) -> None:
        self.cube = cube
        self.options = outcome_options(cube)
        cube.sensitive = sensitive_cells(cube, rules)
        cube.suppressed = cube.sensitive.copy()
        if fixed_hidden is not None:
            cube.suppressed |= fixed_hidden
        # The cost of hiding each cell (0 once hidden), and a last entry for the padding cell.
        costs = np.where(cube.suppressed, 0, _weights(cube))
        self.fixed_shown = np.zeros(cube.size, dtype=bool)
        if fixed is not None:
            self.fixed_shown = fixed & ~cube.suppressed
            costs = np.where(self.fixed_shown, FORBIDDEN, costs)
        self.costs = np.append(costs, 0)
        self.ids_cache: dict[tuple[str, ...], np.ndarray] = {}

    def hide(self, cells: np.ndarray) -> None:
        """Suppress `cells` (padding entries, -1, ignored)."""
        flat = cells.ravel()
        flat = flat[flat >= 0]
        self.cube.suppressed[flat] = True
        self.costs[flat] = 0

    # -- costs ---------------------------------------------------------------------------
    def _ids(self, dims: tuple[str, ...]) -> np.ndarray:
        """Cell ids of the position of `dims` (in that order), a padding outcome appended."""
        found = self.ids_cache.get(dims)
        if found is None:
            cube = self.cube
            position = tuple(d for d in cube.shape.dims if d in dims)
            ids = cube.cells(position, dims)
            pad = np.full((*ids.shape[:-1], 1), -1, dtype=np.int64)
            found = self.ids_cache[dims] = np.concatenate([ids, pad], axis=-1)
        return found

    def _cost(self, ids: np.ndarray, options: np.ndarray) -> np.ndarray:
        """Cost per value combination and outcome change: (..., changes)."""
        return self.costs[ids][..., options].sum(axis=-1)

    # -- candidates ----------------------------------------------------------------------
    def _rectangle(self, a: str, b: str, va: int, vb: int, options: np.ndarray):
        ids = self._ids((a, b))
        cost = self._cost(ids, options)  # (|a|, |b|, changes)
        total = cost[va, vb][None, None, :] + cost[va, :][None, :, :] + cost[:, vb][:, None, :]
        total = total + cost
        total[va, :, :] = INF
        total[:, vb, :] = INF
        best = np.unravel_index(int(np.argmin(total)), total.shape)
        if total[best] >= INF:
            return INF, []
        va2, vb2, change = (int(x) for x in best)
        cells = ids[np.ix_([va, va2], [vb, vb2])][..., options[change]]
        return int(total[best]), [cells]

    def _swap(self, dim: str, value: int, fixed: dict[str, int], options: np.ndarray):
        """Swap `value` of `dim` for another; partners in `fixed` keep their value, the others
        take the cheapest witness value (chosen per partner: each table is separate)."""
        own = self._ids((dim,))
        cost = self._cost(own, options)  # (|dim|, changes)
        total = cost[value][None, :] + cost
        choices = []
        for partner in self.cube.shape.partners(dim):
            ids = self._ids((dim, partner))
            pc = self._cost(ids, options)  # (|dim|, |partner|, changes)
            pair = pc[value][None, :, :] + pc
            if partner in fixed:
                w = fixed[partner]
                total = total + pair[:, w, :]
                choices.append((partner, ids, np.full(pair[:, w, :].shape, w)))
            else:
                total = total + pair.min(axis=1)
                choices.append((partner, ids, pair.argmin(axis=1)))
        total[value, :] = INF
        best = np.unravel_index(int(np.argmin(total)), total.shape)
        if total[best] >= INF:
            return INF, []
        value2, change = (int(x) for x in best)
        rows = options[change]
        cells = [own[[value, value2]][..., rows]]
        for _, ids, witness in choices:
            w = int(witness[value2, change])
            cells.append(ids[[value, value2], w][..., rows])
        return int(total[best]), cells

    def _point(self, fixed: dict[str, int], options: np.ndarray):
        """A change at one point of every dimension (values in `fixed` kept, the others chosen
        one dimension at a time): every position's cell at that point changes."""
        cube = self.cube
        point = dict(fixed)
        for dim in cube.shape.dims:
            if dim not in point:
                cost = self._cost(self._ids((dim,)), options).min(axis=1)
                point[dim] = int(np.argmin(cost))
        best_total, best_cells = INF, []
        for change in range(len(options)):
            rows = options[change]
            cells = []
            for position in cube.positions:
                ids = self._ids(position)
                at = tuple(point[d] for d in position)
                cells.append(ids[at][rows])
            picked = np.concatenate(cells)
            cost = int(self.costs[picked].sum())
            if cost < best_total:
                best_total, best_cells = cost, [picked]
        return best_total, best_cells

    def certificate(self, cell: int) -> list[np.ndarray]:
        """The cells to hide so that `cell` is safe (already hidden ones included)."""
        cube = self.cube
        position = cube.positions[cube.position[cell]]
        coords = {d: int(cube.coords[i, cell]) for i, d in enumerate(position)}
        options = self.options[cube.outcome[cell]]
        sizes = {d: len(cube.values[d]) for d in position}
        candidates = []
        if len(position) == 2:
            a, b = position
            candidates.append(self._rectangle(a, b, coords[a], coords[b], options))
        for dim in position:
            if sizes[dim] > 1:
                others = {d: v for d, v in coords.items() if d != dim}
                candidates.append(self._swap(dim, coords[dim], others, options))
        if not any(cost < INF for cost, _ in candidates):
            candidates.append(self._point(coords, options))
        cost, cells = min(candidates, key=lambda c: c[0])
        if cost >= INF:
            raise RuntimeError(f"no certificate for cell {cell}: the cube has one cell only")
        return cells

    def run(self) -> np.ndarray:
        """Hide what each sensitive cell needs, headline cells first; returns the mask."""
        cube = self.cube
        levels = np.asarray([len(p) for p in cube.positions])[cube.position]
        order = np.lexsort((np.arange(cube.size), levels))
        for cell in order[cube.sensitive[order]]:
            for cells in self.certificate(int(cell)):
                self.hide(np.asarray(cells))
        if (cube.suppressed & self.fixed_shown).any():
            # Only hiding a figure published elsewhere would protect some cell: publish none of
            # this cube's own cells instead (the fixed ones say nothing the other cube does not).
            cube.suppressed = ~self.fixed_shown
        return cube.suppressed


def protect(
    cube: Cube,
    rules: Rules,
    *,
    fixed: np.ndarray | None = None,
    fixed_hidden: np.ndarray | None = None,
) -> np.ndarray:
    """Mark the sensitive and suppressed cells of `cube` (in place); returns the suppressed mask.

    `fixed` marks cells whose fate is decided outside this cube (the same figure is published,
    or hidden, by another one): those in `fixed_hidden` are hidden from the start, the others
    stay published, and complementary suppression works around both."""
    if not cube.axis.fine:  # nothing counted at all: every cell is an empty margin
        return cube.suppressed
    return Protector(cube, rules, fixed, fixed_hidden).run()


def combinations(cube: Cube, position: tuple[str, ...]) -> list[tuple[int, ...]]:
    """Every value-code combination of a position."""
    return list(product(*(range(len(cube.values[d])) for d in position)))
