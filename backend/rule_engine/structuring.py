"""Structuring: repeated payments to one beneficiary just under a threshold.

A payment is *near* the threshold when ``low_bp/10000 x threshold <= amount < threshold``. A window
opens at each near payment and covers it and the participant's later near payments to the same
beneficiary dated within ``window_days`` (first day included). A window holding at least
``min_count`` near payments flags every payment in it. A flagged payment reports the covering
window that reaches furthest (ties: the earliest-starting one).
"""

from __future__ import annotations

import numpy as np

from backend.rule_engine import text
from backend.rule_engine.caps import group_starts
from backend.rule_engine.conditions import in_scope
from backend.rule_engine.facts import Prepared
from backend.rule_engine.model import Rule, StructuringParams
from backend.rule_engine.result import (
    COMPLIANT,
    OUTCOME_CODE,
    PENDING_RATE,
    RuleResult,
    empty_result,
    new_result,
)

BP_PER_UNIT = 10_000


def near_bounds(p: StructuringParams) -> tuple[int, int]:
    """Inclusive lower and exclusive upper MAD-centime bounds of a near-threshold payment."""
    low = -(-p.threshold_minor * p.low_bp // BP_PER_UNIT)  # ceiling, exact in Python ints
    return low, p.threshold_minor


def evaluate_structuring(f: Prepared, rule: Rule) -> RuleResult:
    """Flag every payment in a window of >= min_count near-threshold payments."""
    p = rule.params
    assert isinstance(p, StructuringParams)
    idx = np.flatnonzero(in_scope(f, rule.scope)).astype(np.int64)
    m = len(idx)
    if m == 0:
        return empty_result(rule, "count")
    low, high = near_bounds(p)
    amount, has_rate = f.amount[idx], f.has_rate[idx]
    cp = f.strings["counterparty_key"].codes[idx]
    near_local = np.flatnonzero(has_rate & (amount >= low) & (amount < high) & (cp >= 0))
    # Sort near payments by (participant, beneficiary, canonical position).
    order = near_local[np.lexsort((near_local, cp[near_local], f.participant[idx][near_local]))]
    flagged = np.zeros(m, dtype=bool)
    count = np.zeros(m, dtype=np.int64)
    w_first = np.zeros(m, dtype=np.int64)
    w_last = np.zeros(m, dtype=np.int64)
    member_lo = np.full(m, -1, dtype=np.int64)
    member_hi = np.full(m, -1, dtype=np.int64)
    k = len(order)
    if k:
        part = f.participant[idx][order]
        bene = cp[order]
        day = f.day[idx][order]
        first = group_starts(part, bene)
        group_no = np.cumsum(first == np.arange(k)) - 1
        span = int(day.max() - day.min()) + p.window_days + 1
        key = group_no * span + (day - day.min())
        last = np.searchsorted(key, key + p.window_days - 1, side="right") - 1
        qualifies = last - np.arange(k) + 1 >= p.min_count
        # Running best window: furthest end first, then earliest start.
        enc = np.where(qualifies, last * (k + 1) + (k - np.arange(k)), -1)
        run = np.maximum.accumulate(enc)
        best_last = np.where(run >= 0, run // (k + 1), -1)
        best_first = np.where(run >= 0, k - run % (k + 1), 0)
        hit = best_last >= np.arange(k)
        rows = order[hit]
        flagged[rows] = True
        count[rows] = (best_last - best_first + 1)[hit]
        w_first[rows] = day[best_first[hit]]
        w_last[rows] = day[best_last[hit]]
        # The window's payments are a range of the sorted near payments (see res.members).
        member_lo[rows] = best_first[hit]
        member_hi[rows] = best_last[hit]
    failed = OUTCOME_CODE[p.outcome]
    outcome = np.where(flagged, failed, np.where(has_rate, COMPLIANT, PENDING_RATE))

    def explain(i: int) -> tuple[str, str]:
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        thr_fr, thr_en = text.mad_fr(p.threshold_minor), text.mad_en(p.threshold_minor)
        low_pct = text.pct(p.low_bp)
        if flagged[i]:
            n = int(count[i])
            a, b = int(w_first[i]), int(w_last[i])
            return (
                f"{n} paiements au même bénéficiaire du {text.date_fr(a)} au {text.date_fr(b)}, "
                f"chacun entre {low_pct} et 100 % du seuil de {thr_fr} {ref_fr}",
                f"{n} payments to the same beneficiary from {text.date_en(a)} to "
                f"{text.date_en(b)}, each between {low_pct} and 100 % of the {thr_en} threshold "
                f"{ref_en}",
            )
        if outcome[i] == PENDING_RATE:
            return (
                f"Montant inconnu faute de cours de change ; seuil de {thr_fr} {ref_fr}",
                f"Amount unknown until a rate is available; {thr_en} threshold {ref_en}",
            )
        return (
            f"Pas de série de {p.min_count} paiements proches du seuil de {thr_fr} en "
            f"{p.window_days} jours {ref_fr}",
            f"No run of {p.min_count} payments near the {thr_en} threshold within "
            f"{p.window_days} days {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), "count", explain)
    res.measured, res.measured_valid = count, flagged.copy()
    res.limit = np.full(m, p.min_count, dtype=np.int64)
    res.limit_valid = flagged.copy()
    res.window_start = np.where(flagged, w_first, res.window_start)
    res.window_end = np.where(flagged, w_last, res.window_end)
    res.members = idx[order].astype(np.int64)
    res.member_lo, res.member_hi = member_lo, member_hi
    res.compliant_keys = []
    return res
