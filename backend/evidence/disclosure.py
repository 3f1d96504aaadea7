"""Disclosure parameters and MAD rounding for what advocates see (pure).

Which cells are hidden is decided for a whole period at once, across every table, filter and
outcome margin any request can reach (see `backend.evidence.cube.protect`): a cell built from
fewer than *k* participants, or where one participant makes up most of the MAD, is suppressed,
with the complementary cells that keep it from being recovered by sums and differences. MAD
volumes shown to advocates are then rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from backend.evidence.cube.protect import Rules
from backend.rule_engine.schema import MINOR_PER_MAD


@dataclass(frozen=True)
class DisclosureParams:
    """Suppression threshold and MAD rounding unit, as recorded in a manifest."""

    min_participants: int
    rounding_mad: int
    # One participant holding more than half of a cell's MAD hides the cell.
    dominance: bool = True

    def as_dict(self) -> dict[str, Any]:
        """JSON form for manifests."""
        return {
            "min_participants": self.min_participants,
            "rounding_mad": self.rounding_mad,
            "dominance": self.dominance,
        }

    @property
    def rules(self) -> Rules:
        """The primary suppression rules."""
        return Rules(min_participants=self.min_participants, dominance=self.dominance)


def round_minor(values: np.ndarray, rounding_mad: int) -> np.ndarray:
    """MAD centimes rounded to the nearest `rounding_mad` MAD, halves up (amounts are >= 0)."""
    unit = rounding_mad * MINOR_PER_MAD
    if unit <= MINOR_PER_MAD:
        return values
    return ((values + unit // 2) // unit) * unit


def mad_text(minor: Any) -> str | None:
    """MAD centimes as a decimal string with two places (None stays None)."""
    if minor is None:
        return None
    return str((Decimal(int(minor)) / MINOR_PER_MAD).quantize(Decimal("0.01")))
