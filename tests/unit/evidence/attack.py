"""An adversary of the advocates' evidence: from the answers to every allowed request it writes
every linear relation the published tables imply and solves for the hidden cells.

It knows only what an advocate sees (the payloads) and what the tables mean:

- a row of a breakdown adds up to the filter's total (months, categories, clusters, countries
  partition the declarations; usage buckets partition the participants measured);
- the rows under one filter value add up, over the values of that dimension, to the unfiltered
  rows (clusters and the labelled flag partition participants, the other filters declarations);
- a verdict pair's total is its law-backed plus its illustrative part, and the grand total is
  the sum of the pairs; review outcomes add up to their total;
- the declarations per rate method add up to their total, which is also the grand total of the
  verdict pairs under the same filters (both count every declaration).

A hidden cell is *recovered* when those relations with the published values fix it: its unit
vector lies in the row space of the relations restricted to the hidden cells (published cells
are constants) — equivalently, every solution of the homogeneous relations is zero there. The
check is done per connected group of hidden cells: small groups by a singular value
decomposition; large ones by projecting random vectors on the solutions of the homogeneous
relations (conjugate gradients on the least-squares problem, matrix-free), where a coordinate
that stays zero for every random vector is fixed. Every request is used at once, which includes
every pair of requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

TOTAL = "TOTAL"
PAIR_TABLES = {"pairs": None, "monthly": "month", "by_category": "category"}
PAIR_TABLES |= {"by_cluster": "cluster", "by_country": "country"}
COUNT_FIELDS = {"declarations", "participants", "mad", "suppressed", "used_mad", "cases"}
COUNT_FIELDS |= {"days_total", "documents_requested"}

Key = tuple[str, frozenset[tuple[str, str]], tuple[str, str]]


@dataclass
class Published:
    """Every cell seen in any answer: hidden or shown, with its count when shown."""

    hidden: set[Key] = field(default_factory=set)
    shown: dict[Key, Any] = field(default_factory=dict)
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, key: Key, row: dict[str, Any], count: str) -> None:
        if row["suppressed"]:
            self.hidden.add(key)
        elif key in self.shown and self.shown[key] != row[count]:
            raise AssertionError(f"one cell with two values: {key}")
        else:
            self.shown[key] = row[count]
        if key in self.hidden and key in self.shown:
            raise AssertionError(f"one cell both hidden and shown: {key}")


def _conditions(where: dict[str, str] | None, dim: str | None, value: str) -> frozenset:
    out = set()
    if where is not None:
        out.add((where["dimension"], where["value"]))
    if dim is not None and value != TOTAL:
        out.add((dim, value))
    return frozenset(out)


def collect(payloads: Iterable[dict[str, Any]]) -> Published:
    """The cells of every answer, keyed by what they count."""
    seen = Published()
    for payload in payloads:
        where = payload["filter"]
        if where is not None:
            seen.values[where["dimension"]].add(where["value"])
        for table, rows in payload["tables"].items():
            if table in PAIR_TABLES:
                dim = PAIR_TABLES[table]
                for r in rows:
                    label = r[dim] if dim else TOTAL
                    if dim and label != TOTAL:
                        seen.values[dim].add(label)
                    key = ("pairs", _conditions(where, dim, label), (r["pair"], r["basis"]))
                    seen.add(key, r, "declarations")
            elif table == "allowance":
                for r in rows:
                    if r["bucket"] != TOTAL:
                        seen.values["bucket"].add(r["bucket"])
                    key = (
                        "allowance",
                        _conditions(where, "bucket", r["bucket"]),
                        (r["allowance"], ""),
                    )
                    seen.add(key, r, "participants")
            elif table == "reviews":
                for r in rows:
                    key = ("reviews", _conditions(where, None, TOTAL), (r["outcome"], ""))
                    seen.add(key, r, "cases")
            elif table == "conversions":
                for r in rows:
                    key = ("conversions", _conditions(where, None, TOTAL), (r["method"], ""))
                    seen.add(key, r, "declarations")
    return seen


def _outcome_relations(seen: Published) -> list[tuple[Key, list[Key]]]:
    """(total, parts) for every outcome margin present."""
    out = []
    keys = seen.hidden | set(seen.shown)
    by_place: dict[tuple[str, frozenset], set[tuple[str, str]]] = defaultdict(set)
    for family, conditions, outcome in keys:
        by_place[(family, conditions)].add(outcome)
    for (family, conditions), outcomes in by_place.items():
        if family == "pairs":
            pairs = {p for p, _ in outcomes if p != TOTAL}
            for pair in pairs:
                law, ill, tot = ((pair, b) for b in ("law", "illustrative", TOTAL))
                if {law, ill, tot} <= outcomes:
                    parts = [(family, conditions, law), (family, conditions, ill)]
                    out.append(((family, conditions, tot), parts))
            whole = (TOTAL, TOTAL)
            if whole in outcomes:
                parts = [(family, conditions, (p, TOTAL)) for p in sorted(pairs)]
                out.append(((family, conditions, whole), parts))
        elif family in ("reviews", "conversions") and (TOTAL, "") in outcomes:
            parts = [(family, conditions, o) for o in sorted(outcomes) if o[0] != TOTAL]
            out.append(((family, conditions, (TOTAL, "")), parts))
            if family == "conversions" and ("pairs", conditions, (TOTAL, TOTAL)) in keys:
                # One figure published twice: both count every declaration under the filters.
                out.append(
                    ((family, conditions, (TOTAL, "")), [("pairs", conditions, (TOTAL, TOTAL))])
                )
    return out


def _dimension_relations(seen: Published) -> list[tuple[Key, list[Key]]]:
    """(total, parts) for every dimension summed out of a cell, when all its parts exist."""
    keys = seen.hidden | set(seen.shown)
    out = []
    for family, conditions, outcome in keys:
        present = {d for d, _ in conditions}
        for dim, values in seen.values.items():
            if dim in present:
                continue
            parts = [(family, conditions | {(dim, v)}, outcome) for v in sorted(values)]
            if all(p in keys for p in parts):
                out.append(((family, conditions, outcome), parts))
    return out


def recovered(seen: Published, tolerance: float = 1e-9) -> set[Key]:
    """The hidden cells the published ones determine."""
    hidden = sorted(seen.hidden, key=repr)
    column = {key: i for i, key in enumerate(hidden)}
    rows: list[dict[int, float]] = []
    for total, parts in _outcome_relations(seen) + _dimension_relations(seen):
        row: dict[int, float] = defaultdict(float)
        for key, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if key in column:
                row[column[key]] += sign
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    parent = list(range(len(hidden)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        first, *rest = row
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(hidden)):
        groups[find(i)].append(i)
    group_rows: dict[int, list[dict[int, float]]] = defaultdict(list)
    for row in rows:
        group_rows[find(next(iter(row)))].append(row)
    out: set[Key] = set()
    for root, members in groups.items():
        relations = group_rows.get(root)
        if not relations:
            continue
        place = {m: i for i, m in enumerate(members)}
        entries = [(i, place[k], v) for i, row in enumerate(relations) for k, v in row.items()]
        rows_, cols, vals = (np.asarray(x) for x in zip(*entries, strict=True))
        shape = (len(relations), len(members))
        if len(members) <= DENSE_LIMIT:
            fixed = _fixed_dense(rows_, cols, vals, shape, tolerance)
        else:
            fixed = _fixed_sparse(rows_, cols, vals, shape)
        out |= {hidden[members[i]] for i in np.flatnonzero(fixed)}
    return out


DENSE_LIMIT = 400
RANDOM_VECTORS = 3
SEED = 20260316


def _fixed_dense(rows, cols, vals, shape, tolerance: float) -> np.ndarray:
    matrix = np.zeros(shape)
    np.add.at(matrix, (rows, cols), vals)
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > tolerance * max(1.0, float(singular.max()))).sum())
    null = vt[rank:].T
    if not null.shape[1]:
        return np.ones(shape[1], dtype=bool)
    return np.linalg.norm(null, axis=1) < 1e-6


def _fixed_sparse(rows, cols, vals, shape, iterations: int = 20_000) -> np.ndarray:
    """Coordinates zero on every solution of A z = 0, from the projection of random vectors b
    on those solutions: z = b - A^T y with y minimising |A^T y - b| (CGLS)."""
    m, n = shape

    def times(x: np.ndarray) -> np.ndarray:  # A x
        return np.bincount(rows, weights=vals * x[cols], minlength=m)

    def times_t(y: np.ndarray) -> np.ndarray:  # A^T y
        return np.bincount(cols, weights=vals * y[rows], minlength=n)

    rng = np.random.default_rng(SEED)
    largest = np.zeros(n)
    for _ in range(RANDOM_VECTORS):
        b = rng.standard_normal(n)
        residual = b.copy()  # b - A^T y, with y = 0
        s = times(residual)
        p = s.copy()
        gamma = float(s @ s)
        for _ in range(iterations):
            if gamma < 1e-26:
                break
            q = times_t(p)
            alpha = gamma / float(q @ q)
            residual -= alpha * q
            s = times(residual)
            new = float(s @ s)
            p = s + (new / gamma) * p
            gamma = new
        else:
            raise AssertionError("the least-squares projection did not converge")
        if np.abs(times(residual)).max() > 1e-8:
            raise AssertionError("the projection is not a solution of the relations")
        largest = np.maximum(largest, np.abs(residual))
    return largest < 1e-6
