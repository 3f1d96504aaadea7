"""A request's slice of the evidence cubes as JSON-ready tables: counts as integers (None when
hidden), MAD as decimal strings (rounded for advocates), and the suppression flag of each cell."""

from __future__ import annotations

from typing import Any

import numpy as np

from backend.evidence.compute import Cubes
from backend.evidence.cube.axes import BASES, PAIR_AXIS, PAIRS, SPLIT_PAIRS, TOTAL
from backend.evidence.cube.build import Cube
from backend.evidence.disclosure import DisclosureParams, mad_text, round_minor
from backend.evidence.measures import (
    BUCKET_LABELS,
    NEAR_CAP_PERCENT,
    PARTICIPANT_FILTERS,
    TABLES,
)

NEAR_BUCKETS = ("80-100", "100+")
FULL_BUCKET = "100+"
HEADLINE = "pairs"
# Why a table is not in an answer (a code the interface translates).
FILTERED_BY_PAYMENT = "allowance_needs_participant_filter"
FILTERED_DIMENSION = "table_of_the_filtered_dimension"

Filter = tuple[str, str] | None


def pair_cells() -> list[tuple[str, str, int | None]]:
    """(pair, basis, outcome cell) in table order; None: a structural zero (a compliant-now
    pair has no illustrative part)."""
    index = {label: i for i, label in enumerate(PAIR_AXIS.labels)}
    out: list[tuple[str, str, int | None]] = []
    for pair in PAIRS:
        law = index[(pair, "law")]
        split = pair in SPLIT_PAIRS
        out.append((pair, BASES[0], law))
        out.append((pair, BASES[1], index[(pair, BASES[1])] if split else None))
        out.append((pair, TOTAL, index[(pair, TOTAL)] if split else law))
    out.append((TOTAL, TOTAL, index[(TOTAL, TOTAL)]))
    return out


class _Reader:
    """Cell values of one cube as the viewer may see them."""

    def __init__(self, cube: Cube, params: DisclosureParams | None) -> None:
        self.cube = cube
        self.params = params

    def count(self, cell: int | None, column: str = "count") -> int | None:
        if cell is None:
            return 0
        if self.cube.suppressed[cell]:
            return None
        if column == "count":
            return int(self.cube.count[cell])
        if column == "participants":
            return int(self.cube.participants[cell])
        return int(self.cube.measures[column][cell])

    def mad(self, cell: int | None, column: str) -> str | None:
        if cell is None:
            return mad_text(0)
        if self.cube.suppressed[cell]:
            return None
        value = np.asarray([self.cube.measures[column][cell]], dtype=np.int64)
        if self.params is not None:
            value = round_minor(value, self.params.rounding_mad)
        return mad_text(int(value[0]))

    def hidden(self, cell: int | None) -> bool:
        return cell is not None and bool(self.cube.suppressed[cell])


def _block(cube: Cube, where: Filter, dim: str | None) -> tuple[list[str], np.ndarray]:
    """Row labels (the dimension's values, then TOTAL) and their cell ids (rows × outcomes)."""
    values = cube.values
    if where is None:
        total = cube.index[()][None, :]
        if dim is None:
            return [TOTAL], total
        return [*values[dim], TOTAL], np.vstack([cube.cells((dim,), (dim,)), total])
    f, v = where
    code = values[f].index(v)
    total = cube.cells((f,), (f,))[code][None, :]
    if dim is None:
        return [TOTAL], total
    position = tuple(d for d in cube.shape.dims if d in (f, dim))
    return [*values[dim], TOTAL], np.vstack([cube.cells(position, (f, dim))[code], total])


def _cell(reader: _Reader, cell: int | None) -> dict[str, Any]:
    return {
        "declarations": reader.count(cell),
        "participants": reader.count(cell, "participants"),
        "mad": reader.mad(cell, "mad_minor"),
        "suppressed": reader.hidden(cell),
    }


def pair_rows(cube: Cube, params: DisclosureParams | None, where: Filter, dim: str | None):
    """The rows of one declarations table: each row value (then TOTAL) × pair × basis."""
    reader = _Reader(cube, params)
    labels, ids = _block(cube, where, dim)
    key = dim or "scope"
    rows = []
    for label, row in zip(labels, ids, strict=True):
        for pair, basis, outcome in pair_cells():
            cell = None if outcome is None else int(row[outcome])
            rows.append({key: label, "pair": pair, "basis": basis, **_cell(reader, cell)})
    return rows


def headline(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """{pair: {basis: cell}} from the headline table's rows."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        cell = {k: r[k] for k in ("declarations", "participants", "mad", "suppressed")}
        out.setdefault(r["pair"], {})[r["basis"]] = cell
    return out


def allowance_rows(cube: Cube, params: DisclosureParams | None, where: Filter):
    """Participants and MAD used per usage bucket (then TOTAL) and allowance."""
    reader = _Reader(cube, params)
    labels, ids = _block(cube, where, "bucket")
    rows = []
    for label, row in zip(labels, ids, strict=True):
        for outcome, (allowance, _) in enumerate(cube.axis.labels):
            cell = int(row[outcome])
            rows.append(
                {
                    "bucket": label,
                    "allowance": allowance,
                    "participants": reader.count(cell),
                    "used_mad": reader.mad(cell, "used_minor"),
                    "suppressed": reader.hidden(cell),
                }
            )
    return rows


def review_rows(cube: Cube, params: DisclosureParams | None, where: Filter):
    """Cases per decision outcome (then TOTAL): participants, days and documents."""
    reader = _Reader(cube, params)
    _, ids = _block(cube, where, None)
    rows = []
    for outcome, (label, _) in enumerate(cube.axis.labels):
        cell = int(ids[0][outcome])
        rows.append(
            {
                "outcome": label,
                "cases": reader.count(cell),
                "participants": reader.count(cell, "participants"),
                "days_total": reader.count(cell, "days_total"),
                "documents_requested": reader.count(cell, "documents_requested"),
                "suppressed": reader.hidden(cell),
            }
        )
    return rows


def conversion_rows(cube: Cube, params: DisclosureParams | None, where: Filter):
    """Declarations per rate method of the slice (then TOTAL), and how many participants."""
    reader = _Reader(cube, params)
    _, ids = _block(cube, where, None)
    rows = []
    for outcome, (label, _) in enumerate(cube.axis.labels):
        cell = int(ids[0][outcome])
        rows.append(
            {
                "method": label,
                "declarations": reader.count(cell),
                "participants": reader.count(cell, "participants"),
                "suppressed": reader.hidden(cell),
            }
        )
    return rows


def allowance_summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per allowance: participants measured, near the cap (>= 80 %) and at the cap (>= 100 %)."""
    by_key = {(r["bucket"], r["allowance"]): r for r in rows}
    out = []
    for allowance in sorted({r["allowance"] for r in rows}):
        near = [by_key[(b, allowance)] for b in NEAR_BUCKETS]
        full = by_key[(FULL_BUCKET, allowance)]
        near_hidden = any(r["suppressed"] for r in near)
        kind, _, rule_id = allowance.partition(":")
        out.append(
            {
                "allowance": allowance,
                "kind": kind,
                "rule_id": rule_id,
                "participants": by_key[(TOTAL, allowance)]["participants"],
                "near_cap": None if near_hidden else sum(r["participants"] for r in near),
                "at_cap": full["participants"],
                "near_cap_percent": NEAR_CAP_PERCENT,
                "suppressed": near_hidden or full["suppressed"],
            }
        )
    return out


def _known(cube: Cube, where: Filter) -> bool:
    """Whether the filter's value exists in the cube (an unknown value has no data at all)."""
    return where is None or where[1] in cube.values.get(where[0], [])


def measures_payload(
    cubes: Cubes, *, where: Filter, params: DisclosureParams | None
) -> dict[str, Any]:
    """The whole answer of the measures endpoint (and the data of every export)."""
    cube = cubes.declarations
    known = _known(cube, where)
    scope = where if known else None
    tables: dict[str, Any] = {HEADLINE: pair_rows(cube, params, scope, None)}
    unavailable: dict[str, str] = {}
    for name, dim in TABLES.items():
        if where is not None and where[0] == dim:
            unavailable[name] = FILTERED_DIMENSION
            continue
        tables[name] = pair_rows(cube, params, scope, dim)
    allowance_cube = cubes.allowance
    allowances: list[dict[str, Any]] = []
    if allowance_cube is not None and (where is None or where[0] in PARTICIPANT_FILTERS):
        allowance_scope = where if _known(allowance_cube, where) else None
        tables["allowance"] = allowance_rows(allowance_cube, params, allowance_scope)
        allowances = allowance_summary(tables["allowance"])
    elif allowance_cube is not None:
        unavailable["allowance"] = FILTERED_BY_PAYMENT
    review_scope = where if _known(cubes.reviews, where) else None
    tables["reviews"] = review_rows(cubes.reviews, params, review_scope)
    if cubes.conversions is not None:
        tables["conversions"] = conversion_rows(cubes.conversions, params, scope)
    if not known:
        tables = _zeroed(tables)
    return {
        "period": {"date_from": cubes.date_from.isoformat(), "date_to": cubes.date_to.isoformat()},
        "filter": None if where is None else {"dimension": where[0], "value": where[1]},
        "headline": headline(tables[HEADLINE]),
        "allowances": allowances,
        "tables": tables,
        "unavailable": unavailable,
        "buckets": list(BUCKET_LABELS),
        "disclosure": params.as_dict() if params else None,
    }


def _zeroed(tables: dict[str, Any]) -> dict[str, Any]:
    """A filter value with no data at all: every count zero, nothing hidden."""
    out = {}
    for name, rows in tables.items():
        out[name] = [
            {
                k: (0 if isinstance(v, int) or v is None else v)
                if k not in ("suppressed", "mad", "used_mad")
                else (False if k == "suppressed" else mad_text(0))
                for k, v in r.items()
            }
            for r in rows
        ]
    return out
