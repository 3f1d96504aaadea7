"""The impact evidence of a period as three cubes — declarations by verdict pair and basis,
allowance usage, review outcomes — built from the measures' frames and, for advocates, protected
jointly (pure: no Django, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from backend.evidence.cube.axes import TOTAL
from backend.evidence.cube.build import Cube, Shape, cube_build
from backend.evidence.cube.protect import Rules, protect
from backend.evidence.measures import (
    ALLOWANCE_SHAPE,
    CONVERSION_SHAPE,
    DECLARATION_SHAPE,
    EXACT_ALLOWANCE_SHAPE,
    EXACT_CONVERSION_SHAPE,
    EXACT_DECLARATION_SHAPE,
    EXACT_REVIEW_SHAPE,
    RATE_METHOD,
    REVIEW_SHAPE,
    CubeInput,
    allowance_input,
    conversion_input,
    declaration_input,
    month_labels,
    review_input,
)


@dataclass(frozen=True)
class Frames:
    """What the evidence of a period is computed from (see `backend.evidence.measures`)."""

    declarations: pd.DataFrame
    participants: pd.DataFrame
    usage: pd.DataFrame | None
    reviews: pd.DataFrame


@dataclass
class Cubes:
    """The evidence of a period: `published` when built in the advocates' shape (one filter at a
    time, every reachable cell protected jointly), else exact over already filtered frames."""

    date_from: date
    date_to: date
    declarations: Cube
    allowance: Cube | None
    reviews: Cube
    published: bool
    # Declarations per rate method; None when the inputs do not say (a pack frozen before
    # they did), so such a pack rebuilds exactly as it was built.
    conversions: Cube | None = None


def _cube(shape: Shape, built: CubeInput) -> Cube:
    return cube_build(shape=shape, axis=built.axis, values=built.values, facts=built.facts)


def cubes_build(frames: Frames, *, date_from: date, date_to: date, published: bool) -> Cubes:
    """Every cell of the period's evidence, not yet protected."""
    months = month_labels(date_from, date_to)
    shapes = (
        (DECLARATION_SHAPE, ALLOWANCE_SHAPE, REVIEW_SHAPE)
        if published
        else (EXACT_DECLARATION_SHAPE, EXACT_ALLOWANCE_SHAPE, EXACT_REVIEW_SHAPE)
    )
    declarations = _cube(
        shapes[0], declaration_input(frames.declarations, frames.participants, months)
    )
    allowance = None
    if frames.usage is not None:
        allowance = _cube(shapes[1], allowance_input(frames.usage, frames.participants))
    reviews = _cube(shapes[2], review_input(frames.reviews, frames.participants))
    conversions = None
    if RATE_METHOD in frames.declarations.columns:
        shape = CONVERSION_SHAPE if published else EXACT_CONVERSION_SHAPE
        conversions = _cube(shape, conversion_input(frames.declarations, frames.participants))
    return Cubes(date_from, date_to, declarations, allowance, reviews, published, conversions)


def slice_totals(declarations: Cube, conversions: Cube) -> tuple[np.ndarray, np.ndarray]:
    """The conversions cube's grand-total cells and, for each, the declarations cube's cell of
    the same slice and of every verdict pair together: both count the same declarations."""
    total = conversions.axis.labels.index((TOTAL, TOTAL))
    everything = declarations.axis.labels.index((TOTAL, TOTAL))
    mine, theirs = [], []
    for position in conversions.positions:
        for dim in position:
            if conversions.values[dim] != declarations.values[dim]:
                raise ValueError(f"the two cubes list other values of {dim}")
        mine.append(conversions.index[position][..., total].ravel())
        theirs.append(declarations.index[position][..., everything].ravel())
    return np.concatenate(mine), np.concatenate(theirs)


def cubes_protect(cubes: Cubes, rules: Rules) -> Cubes:
    """Primary and complementary suppression of every cube (in place). The conversions cube's
    totals are the declarations cube's: each is hidden exactly where that one is, and its
    methods are protected around them (see `protect`'s `fixed`)."""
    for cube in (cubes.declarations, cubes.allowance, cubes.reviews):
        if cube is not None:
            protect(cube, rules)
    if cubes.conversions is not None:
        mine, theirs = slice_totals(cubes.declarations, cubes.conversions)
        fixed = np.zeros(cubes.conversions.size, dtype=bool)
        fixed[mine] = True
        hidden = np.zeros(cubes.conversions.size, dtype=bool)
        hidden[mine] = cubes.declarations.suppressed[theirs]
        protect(cubes.conversions, rules, fixed=fixed, fixed_hidden=hidden)
    return cubes
