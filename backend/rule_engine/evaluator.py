"""The one evaluator: a rulebook applied to a facts DataFrame, as of a given date.

``evaluate`` returns :class:`Findings`, one row per (declaration, rule in scope):

==================  =====================================================================
column              meaning
==================  =====================================================================
declaration_id      the declaration
rule_id, rule_kind  the rule (categorical)
outcome             compliant | breach | needs_review | pending_rate | open (categorical)
measured_minor      Int64: MAD centimes, days, basis points or a count (see ``unit``)
limit_minor         Int64, same unit as measured_minor
unit                mad_minor | bp | days | count | none
window_start/_end   datetime64[ns]: the period (caps), the structuring window, the deadline
contributing        the latest (at most CONTRIBUTING_SAMPLE) declaration ids making up a
                    breaching cumulative total or a flagged structuring window, in canonical
                    order; empty for every other finding (``contributing_ids``: all of them)
contributing_count  int64: how many declarations make up that total or window (0: none)
missing_facts       the unknown participant facts the outcome hangs on, comma-separated in
                    conditions.FACTS order ("" when none; categorical)
explanation_fr/_en  sentences with the numbers formatted in MAD (categorical)
severity            low | medium | high | critical
confidence          official | press | secondary | illustrative
==================  =====================================================================

Rows are ordered by rule (rulebook order), then participant_id, value_date, created_seq and
declaration_id: the output does not depend on the input row order, and evaluating any partition
of whole participants separately gives the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from backend.rule_engine import text
from backend.rule_engine.caps import (
    evaluate_per_payment_cap,
    evaluate_period_cap,
)
from backend.rule_engine.checks import (
    evaluate_country_list,
    evaluate_deadline,
    evaluate_document_threshold,
    evaluate_eligibility,
    evaluate_rate_staleness,
)
from backend.rule_engine.conditions import evaluate_condition, fact_names, missing_facts
from backend.rule_engine.facts import Prepared, prepare_facts
from backend.rule_engine.model import OUTCOME_RANK, OUTCOMES, Rule, Rulebook
from backend.rule_engine.result import (
    BREACH,
    CONTRIBUTING_SAMPLE,
    NEEDS_REVIEW,
    UNITS,
    RuleResult,
    render_explanations,
)
from backend.rule_engine.structuring import evaluate_structuring

# 2: a finding names a bounded sample of its contributing payments and their count.
ENGINE_VERSION = "2.0.0"
FINDING_COLUMNS = (
    "declaration_id",
    "rule_id",
    "rule_kind",
    "outcome",
    "measured_minor",
    "limit_minor",
    "unit",
    "window_start",
    "window_end",
    "contributing",
    "contributing_count",
    "missing_facts",
    "explanation_fr",
    "explanation_en",
    "severity",
    "confidence",
)
SEVERITIES = ("low", "medium", "high", "critical")
CONFIDENCES = ("official", "press", "secondary", "illustrative")
RULE_KINDS = (
    "per_payment_cap",
    "period_cap",
    "tax_linked_cap",
    "document_threshold",
    "country_list",
    "structuring",
    "deadline",
    "eligibility",
    "rate_staleness",
)
# Kinds whose breach is a participant's total over a window, not one payment: every payment of
# the window that breaches it is the same breach (one case, DESIGN.md decision 13).
CUMULATIVE_RULE_KINDS = frozenset({"period_cap", "tax_linked_cap", "structuring"})

Evaluator = Callable[[Prepared, Rule, date], RuleResult]
EVALUATORS: dict[str, Evaluator] = {
    "period_cap": lambda f, r, d: evaluate_period_cap(f, r),
    "tax_linked_cap": lambda f, r, d: evaluate_period_cap(f, r),
    "per_payment_cap": lambda f, r, d: evaluate_per_payment_cap(f, r),
    "document_threshold": lambda f, r, d: evaluate_document_threshold(f, r),
    "country_list": lambda f, r, d: evaluate_country_list(f, r),
    "structuring": lambda f, r, d: evaluate_structuring(f, r),
    "deadline": evaluate_deadline,
    "eligibility": lambda f, r, d: evaluate_eligibility(f, r),
    "rate_staleness": lambda f, r, d: evaluate_rate_staleness(f, r),
}


@dataclass(frozen=True)
class Findings:
    """The findings of one evaluation (``frame``) and per-declaration helpers."""

    frame: pd.DataFrame
    declaration_ids: tuple[str, ...]
    pending_ids: frozenset[str]
    engine_version: str = ENGINE_VERSION

    def verdicts(self) -> pd.Series:
        """Verdict per declaration: breach > needs_review > pending_rate > compliant.

        A declaration without a rate is at least pending_rate, never compliant, whatever its
        findings; one without any finding is otherwise compliant.
        """
        return verdicts(self.frame, self.declaration_ids, self.pending_ids)

    def for_declaration(self, declaration_id: str) -> pd.DataFrame:
        """The findings of one declaration."""
        return self.frame[self.frame["declaration_id"] == declaration_id]

    def non_compliant(self) -> pd.DataFrame:
        """Findings whose outcome is not compliant."""
        return self.frame[self.frame["outcome"] != "compliant"]


def verdicts(
    frame: pd.DataFrame, declaration_ids: tuple[str, ...], pending_ids: frozenset[str]
) -> pd.Series:
    """Per-declaration verdict Series (index: declaration_id, name: verdict)."""
    rank_of = np.array([OUTCOME_RANK[o] for o in OUTCOMES], dtype=np.int8)
    ranks = rank_of[frame["outcome"].cat.codes.to_numpy()]
    # Compliant is the lowest rank and every declaration's default: only the other outcomes
    # (a small share of the findings) can raise a verdict.
    raised = ranks > OUTCOME_RANK["compliant"]
    worst = pd.Series(ranks[raised]).groupby(frame["declaration_id"].to_numpy()[raised]).max()
    idx = pd.Index(declaration_ids, name="declaration_id")
    default = OUTCOME_RANK["compliant"]
    base = np.full(len(idx), default, dtype=np.int8)
    if pending_ids:
        base[idx.isin(list(pending_ids))] = OUTCOME_RANK["pending_rate"]
    result = pd.Series(base, index=idx)
    result.loc[worst.index] = np.maximum(result.loc[worst.index].to_numpy(), worst.to_numpy())
    by_rank = {v: k for k, v in OUTCOME_RANK.items() if k != "open"}
    return result.map(by_rank).rename("verdict")


def _days_to_datetime(days: np.ndarray) -> np.ndarray:
    return days.astype(np.int64, copy=False).view("datetime64[D]").astype("datetime64[ns]")


def _take(results: list[RuleResult], name: str, dtype: str) -> np.ndarray:
    """Concatenate one per-rule array and release the parts: findings can be millions of rows."""
    parts = [getattr(r, name) for r in results]
    for r in results:
        setattr(r, name, None)
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _repeat_codes(values: list[str], categories: Sequence[str], sizes: list[int]) -> pd.Categorical:
    codes = np.repeat(np.array([list(categories).index(v) for v in values], dtype=np.int16), sizes)
    return _categorical(codes, list(categories))


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """A categorical column straight from its codes (no re-hashing of millions of strings)."""
    return cast(pd.Categorical, pd.Categorical.from_codes(codes, categories=pd.Index(categories)))


def _sentences(
    pair_codes: np.ndarray, sentences: list[tuple[str, str]], lang: int
) -> pd.Categorical:
    # Two sentence pairs may share one language's wording: categories must stay unique.
    unique: dict[str, int] = {}
    to_unique = np.array(
        [unique.setdefault(pair[lang], len(unique)) for pair in sentences], dtype=np.int32
    )
    codes = to_unique[pair_codes] if len(sentences) else pair_codes.astype(np.int32)
    return _categorical(codes, list(unique))


def _missing_column(results: list[RuleResult]) -> pd.Categorical:
    """The missing-facts masks of every finding as comma-separated fact names."""
    parts = [
        r.missing if r.missing is not None else np.zeros(r.size, dtype=np.int64) for r in results
    ]
    masks = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    distinct, codes = np.unique(masks, return_inverse=True)
    names = [",".join(fact_names(int(m))) for m in distinct.tolist()]
    if "" not in names:
        names.append("")
    return _categorical(codes.astype(np.int32), names)


def _contributing(results: list[RuleResult], f: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Per finding, the latest CONTRIBUTING_SAMPLE ids of its range of members and the range's
    length; releases the ranges."""
    samples: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for r in results:
        sample = np.empty(r.size, dtype=object)
        sample.fill(())
        count = np.zeros(r.size, dtype=np.int64)
        if r.members is not None and r.member_lo is not None and r.member_hi is not None:
            lo, hi = r.member_lo, r.member_hi
            named = np.flatnonzero(hi >= 0)
            count[named] = hi[named] - lo[named] + 1
            first = np.maximum(lo[named], hi[named] - CONTRIBUTING_SAMPLE + 1)
            ids = f.ids[r.members]
            # Output materialisation: at most CONTRIBUTING_SAMPLE ids per finding with members.
            for j, a, b in zip(named.tolist(), first.tolist(), hi[named].tolist(), strict=True):
                sample[j] = tuple(ids[a : b + 1].tolist())
        r.members = r.member_lo = r.member_hi = None
        samples.append(sample)
        counts.append(count)
    if not samples:
        return np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64)
    return np.concatenate(samples), np.concatenate(counts)


def _assemble(results: list[RuleResult], f: Prepared) -> pd.DataFrame:
    catalogue: dict[tuple[str, str], int] = {}
    expl = [render_explanations(r, catalogue).astype(np.int32) for r in results]
    pair_codes = np.concatenate(expl) if expl else np.zeros(0, dtype=np.int32)
    del expl
    sentences = list(catalogue)
    rules = [r.rule for r in results]
    sizes = [r.size for r in results]
    units = [r.unit for r in results]
    for r in results:
        r.compliant_keys = []
    contributing, contributing_count = _contributing(results, f)
    missing = _missing_column(results)
    idx = _take(results, "idx", "int64")
    measured = pd.arrays.IntegerArray(
        _take(results, "measured", "int64"), ~_take(results, "measured_valid", "bool")
    )
    limit = pd.arrays.IntegerArray(
        _take(results, "limit", "int64"), ~_take(results, "limit_valid", "bool")
    )
    rule_ids = [r.id for r in rules]
    data = {
        "declaration_id": f.ids[idx],
        "rule_id": _repeat_codes(rule_ids, list(dict.fromkeys(rule_ids)), sizes),
        "rule_kind": _repeat_codes([r.kind for r in rules], RULE_KINDS, sizes),
        "outcome": _categorical(_take(results, "outcome", "int8"), list(OUTCOMES)),
        "measured_minor": measured,
        "limit_minor": limit,
        "unit": _repeat_codes(units, UNITS, sizes),
        "window_start": _days_to_datetime(_take(results, "window_start", "int64")),
        "window_end": _days_to_datetime(_take(results, "window_end", "int64")),
        "contributing": contributing,
        "contributing_count": contributing_count,
        "missing_facts": missing,
        "explanation_fr": _sentences(pair_codes, sentences, 0),
        "explanation_en": _sentences(pair_codes, sentences, 1),
        "severity": _repeat_codes([r.severity for r in rules], SEVERITIES, sizes),
        "confidence": _repeat_codes([r.confidence for r in rules], CONFIDENCES, sizes),
    }
    return pd.DataFrame(data, columns=list(FINDING_COLUMNS), copy=False)


def evaluate(rulebook: Rulebook, facts: pd.DataFrame, *, as_of: date) -> Findings:
    """Screen every declaration of ``facts`` against every rule of ``rulebook``."""
    return _evaluate_prepared(rulebook, prepare_facts(facts), as_of)


def evaluate_many(
    rulebooks: Sequence[Rulebook], facts: pd.DataFrame, *, as_of: date
) -> Iterator[Findings]:
    """``evaluate`` for several rulebooks (in force, proposed), validating the facts once.

    Findings are yielded one rulebook at a time so that the caller can store and drop each
    before the next is computed (they can be millions of rows). Invalid facts raise
    FactsInvalid on the first ``next()``.
    """
    prepared = prepare_facts(facts)
    for rulebook in rulebooks:
        yield _evaluate_prepared(rulebook, prepared, as_of)


def _unknown_scope(f: Prepared, res: RuleResult) -> RuleResult:
    """Where the rule's participant scope hangs on an unknown fact, a breach cannot be told
    from a rule that does not apply: it becomes needs_review naming the fact (an outcome that
    would be compliant either way stays compliant)."""
    condition = res.rule.scope.participant
    if condition is None or res.size == 0:
        return res
    _, known = evaluate_condition(f, condition)
    unknown = ~known[res.idx]
    if not unknown.any():
        return res
    hit = unknown & ((res.outcome == BREACH) | (res.outcome == NEEDS_REVIEW))
    if not hit.any():
        return res
    masks = missing_facts(f, condition)[res.idx]
    missing = res.missing if res.missing is not None else np.zeros(res.size, dtype=np.int64)
    res.missing = np.where(hit, missing | masks, missing)
    res.outcome = np.where(hit, NEEDS_REVIEW, res.outcome).astype(np.int8)
    explain = res.explain

    def explain_unknown(i: int) -> tuple[str, str]:
        fr, en = explain(i)
        if not hit[i]:
            return fr, en
        names = fact_names(int(masks[i]))
        return (
            f"{text.unknown_fr(names)} : on ne peut pas dire si la règle s'applique. {fr}",
            f"{text.unknown_en(names)}: whether this rule applies cannot be told. {en}",
        )

    res.explain = explain_unknown
    return res


def contributing_ids(
    rule: Rule, facts: pd.DataFrame, *, as_of: date, window_from: date, window_to: date
) -> tuple[str, ...]:
    """Every declaration making up the findings of ``rule`` whose window starts within
    [window_from, window_to] (a case's window), in canonical order: the whole list that a
    finding keeps only the latest CONTRIBUTING_SAMPLE of. Empty for a rule without members."""
    f = prepare_facts(facts)
    res = _unknown_scope(f, EVALUATORS[rule.kind](f, rule, as_of))
    if res.members is None or res.member_lo is None or res.member_hi is None:
        return ()
    first = np.datetime64(window_from, "D").astype(np.int64)
    last = np.datetime64(window_to, "D").astype(np.int64)
    named = (res.member_hi >= 0) & (res.window_start >= first) & (res.window_start <= last)
    lo, hi = res.member_lo[named], res.member_hi[named]
    # Union of the ranges: +1 where one opens, -1 after it closes, covered where the sum > 0.
    depth = np.zeros(len(res.members) + 1, dtype=np.int64)
    np.add.at(depth, lo, 1)
    np.add.at(depth, hi + 1, -1)
    covered = np.cumsum(depth[:-1]) > 0
    return tuple(f.ids[np.sort(res.members[covered])].tolist())


def _evaluate_prepared(rulebook: Rulebook, f: Prepared, as_of: date) -> Findings:
    results = [_unknown_scope(f, EVALUATORS[rule.kind](f, rule, as_of)) for rule in rulebook.rules]
    frame = _assemble(results, f)
    del results  # per-rule arrays are as large as the findings: free them before returning
    pending = frozenset(f.ids[~f.has_rate].tolist())
    return Findings(frame=frame, declaration_ids=tuple(f.ids.tolist()), pending_ids=pending)
