"""Per-rule coverage of an evaluation: which declarations each rule looked at, which it could
decide, and what was missing where it could not (DESIGN.md decision 11: no rule silently inert).

Counted from the findings themselves, so the report is exactly what the one evaluator did. Per
rule, over the rows asked about:

- ``in_scope``: the declarations the rule looked at (it gave them a finding);
- ``not_evaluable``: in scope, but no decision could be taken for want of an input: the MAD amount
  (no rate yet: ``pending_rate``), or a fact that is unknown (``needs_review`` naming a participant
  fact, a deadline without its start date, a country list without the counterparty's country);
- ``evaluated``: in scope and decided (compliant, breach, open, or a review the rule itself asks
  for, such as a country on a review list);
- ``outcomes``: every in-scope row by outcome;
- ``missing``: per missing input, how many declarations lacked it (a row may lack several).

A rule that evaluated nothing is "not evaluated", whatever it had in scope.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from backend.rule_engine.model import OUTCOMES, CountryListParams, DeadlineParams, Rulebook

# The MAD amount a rule needs before it can decide (no rate published yet for the value date).
AMOUNT_MISSING = "amount_mad"
COUNTRY_MISSING = "counterparty_country"
EVALUATED = "evaluated"
NOT_EVALUATED = "not_evaluated"


@dataclass
class RuleCoverage:
    """What one rule did over a set of declarations; adds up over chunks of participants."""

    rule_id: str
    in_scope: int = 0
    not_evaluable: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)

    @property
    def evaluated(self) -> int:
        """In scope and decided."""
        return self.in_scope - self.not_evaluable

    @property
    def status(self) -> str:
        """``evaluated`` when the rule decided at least one declaration, else ``not_evaluated``."""
        return EVALUATED if self.evaluated > 0 else NOT_EVALUATED

    def add(self, other: RuleCoverage) -> None:
        """Add another chunk's counts of the same rule."""
        self.in_scope += other.in_scope
        self.not_evaluable += other.not_evaluable
        self.outcomes.update(other.outcomes)
        self.missing.update(other.missing)


def empty_coverage(rulebook: Rulebook) -> dict[str, RuleCoverage]:
    """Every rule of the rulebook with nothing counted yet, in rulebook order."""
    return {rule.id: RuleCoverage(rule.id) for rule in rulebook.rules}


def _null(facts: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:
    null = facts[column].isna().to_numpy(dtype=bool)
    return np.asarray(null[at], dtype=bool)


def rule_coverage(
    rulebook: Rulebook,
    facts: pd.DataFrame,
    findings: pd.DataFrame,
    counted: Iterable[str] | None = None,
) -> dict[str, RuleCoverage]:
    """Per rule of `rulebook`, the coverage of its `findings` (an evaluation of `facts`) over the
    declarations in `counted` (every one when None)."""
    out = empty_coverage(rulebook)
    frame = findings
    if counted is not None:
        frame = frame[frame["declaration_id"].isin(set(counted)).to_numpy()]
    if frame.empty:
        return out
    # The facts row of each finding, for the declaration inputs a rule may lack.
    at = pd.Index(facts["declaration_id"]).get_indexer(frame["declaration_id"])
    outcome = frame["outcome"].astype(str).to_numpy()
    missing_facts = frame["missing_facts"].astype(str).to_numpy()
    rule_ids = frame["rule_id"].astype(str).to_numpy()
    review = outcome == "needs_review"
    for rule in rulebook.rules:
        mine = rule_ids == rule.id
        if not mine.any():
            continue
        cov = out[rule.id]
        rows_outcome, rows_missing, rows_at = outcome[mine], missing_facts[mine], at[mine]
        rows_review = review[mine]
        no_amount = rows_outcome == "pending_rate"
        no_fact = rows_review & (rows_missing != "")
        lacked = np.zeros(len(rows_outcome), dtype=bool)
        p = rule.params
        if isinstance(p, DeadlineParams) and p.start != "value_date":
            # A deadline without its start date cannot be measured (needs_review, no fact named).
            gap = rows_review & (rows_missing == "") & _null(facts, p.start, rows_at)
            cov.missing[p.start] += int(gap.sum())
            lacked |= gap
        if isinstance(p, CountryListParams):
            gap = rows_review & _null(facts, "counterparty_country", rows_at)
            cov.missing[COUNTRY_MISSING] += int(gap.sum())
            lacked |= gap
        cov.in_scope = int(mine.sum())
        cov.not_evaluable = int((no_amount | no_fact | lacked).sum())
        cov.outcomes.update(
            {o: int(n) for o, n in zip(*np.unique(rows_outcome, return_counts=True), strict=True)}
        )
        if no_amount.any():
            cov.missing[AMOUNT_MISSING] += int(no_amount.sum())
        names, counts = np.unique(rows_missing[no_fact], return_counts=True)
        for names_text, n in zip(names.tolist(), counts.tolist(), strict=True):
            for name in names_text.split(","):
                cov.missing[name] += int(n)
        cov.missing = Counter({k: v for k, v in cov.missing.items() if v})
    return out


def outcome_counts(cov: RuleCoverage) -> dict[str, int]:
    """Every outcome with its count (zero included), in the engine's order."""
    return {o: int(cov.outcomes.get(o, 0)) for o in OUTCOMES}
