"""The columnar result of one rule, and how its explanations are rendered.

Explanations are rendered once per distinct sentence, not once per row: a compliant finding's
sentence depends only on a few attributes (the limit, the period...), listed in
``compliant_keys``; a non-compliant finding gets its own sentence with its own numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from backend.rule_engine.facts import I64, NAT, B
from backend.rule_engine.model import Rule

# Codes index model.OUTCOMES. OPEN: a deadline still running (nothing to decide yet).
COMPLIANT, BREACH, NEEDS_REVIEW, PENDING_RATE, OPEN = 0, 1, 2, 3, 4
OUTCOME_CODE = {"compliant": COMPLIANT, "breach": BREACH, "needs_review": NEEDS_REVIEW}
UNITS = ("mad_minor", "bp", "days", "count", "none")
# Contributing payments a finding names: the latest few of its window, beside their count. A
# participant's whole window would make storage and payloads grow with the square of its
# declarations; the full list is computed on demand (evaluator.contributing_ids).
CONTRIBUTING_SAMPLE = 10

Explainer = Callable[[int], tuple[str, str]]


@dataclass
class RuleResult:
    """Findings of one rule for the rows in its scope (positions in canonical order)."""

    rule: Rule
    idx: I64
    outcome: npt.NDArray[np.int8]
    unit: str
    measured: I64
    measured_valid: B
    limit: I64
    limit_valid: B
    window_start: I64
    window_end: I64
    compliant_keys: Sequence[I64]
    explain: Explainer  # local row index -> (fr, en)
    # Per finding, the mask (conditions.FACT_BIT) of the unknown facts its outcome hangs on.
    missing: I64 | None = None
    # The payments making up a cumulative finding: ``members`` are row positions (canonical
    # order within each participant's group) and each finding covers the inclusive range
    # ``[member_lo, member_hi]`` of them (-1: none). Ranges, not lists: memory stays linear.
    members: I64 | None = None
    member_lo: I64 | None = None
    member_hi: I64 | None = None

    @property
    def size(self) -> int:
        """Number of findings."""
        return len(self.idx)


def empty_result(rule: Rule, unit: str) -> RuleResult:
    """A rule with nothing in scope."""
    z = np.zeros(0, dtype=np.int64)
    return RuleResult(
        rule,
        z,
        z.astype(np.int8),
        unit,
        z,
        z.astype(bool),
        z,
        z.astype(bool),
        z,
        z,
        [],
        lambda i: ("", ""),
    )


def new_result(
    rule: Rule, idx: I64, outcome: npt.NDArray[np.int8], unit: str, explain: Explainer
) -> RuleResult:
    """A result with no measure, no limit and no window yet."""
    m = len(idx)
    none = np.zeros(m, dtype=bool)
    zeros = np.zeros(m, dtype=np.int64)
    nat = np.full(m, NAT, dtype=np.int64)
    return RuleResult(
        rule,
        idx,
        outcome,
        unit,
        zeros,
        none,
        zeros.copy(),
        none.copy(),
        nat,
        nat.copy(),
        [],
        explain,
    )


def combine_codes(arrays: Sequence[I64], size: int) -> npt.NDArray[np.intp]:
    """Dense codes of the row-wise tuples of ``arrays``."""
    codes = np.zeros(size, dtype=np.int64)
    for a in arrays:
        sub, uniq = pd.factorize(a)
        codes = codes * (len(uniq) + 1) + sub
        codes, _ = pd.factorize(codes)
    return np.asarray(codes, dtype=np.intp)


def render_explanations(
    res: RuleResult, catalogue: dict[tuple[str, str], int]
) -> npt.NDArray[np.int64]:
    """Catalogue codes (index into the shared list of sentence pairs) for every finding."""
    m = res.size
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    compliant = res.outcome == COMPLIANT
    keys = np.empty(m, dtype=np.int64)
    n_comp = int(compliant.sum())
    comp_codes = combine_codes([k[compliant] for k in res.compliant_keys], n_comp)
    keys[compliant] = comp_codes
    base = int(comp_codes.max()) + 1 if n_comp else 0
    keys[~compliant] = base + np.arange(m - n_comp)
    uniq, first = np.unique(keys, return_index=True)
    lookup = np.empty(len(uniq), dtype=np.int64)
    for j, row in enumerate(first):
        sentence = res.explain(int(row))
        lookup[j] = catalogue.setdefault(sentence, len(catalogue))
    return lookup[np.searchsorted(uniq, keys)]
