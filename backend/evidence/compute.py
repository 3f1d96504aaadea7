"""The impact evidence of a period as three cubes — declarations by verdict pair and basis,
allowance usage, review outcomes — built from the measures' frames and, for advocates, protected
jointly (pure: no Django, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from backend.evidence.cube.build import Cube, Shape, cube_build
from backend.evidence.cube.protect import Rules, protect
from backend.evidence.measures import (
    ALLOWANCE_SHAPE,
    DECLARATION_SHAPE,
    EXACT_ALLOWANCE_SHAPE,
    EXACT_DECLARATION_SHAPE,
    EXACT_REVIEW_SHAPE,
    REVIEW_SHAPE,
    CubeInput,
    allowance_input,
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
    return Cubes(date_from, date_to, declarations, allowance, reviews, published)


def cubes_protect(cubes: Cubes, rules: Rules) -> Cubes:
    """Primary and complementary suppression of every cube (in place)."""
    for cube in (cubes.declarations, cubes.allowance, cubes.reviews):
        if cube is not None:
            protect(cube, rules)
    return cubes
