"""Caps: cumulative per period (``period_cap``, ``tax_linked_cap``) and per payment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backend.rule_engine import text
from backend.rule_engine.conditions import holds, in_scope
from backend.rule_engine.facts import I64, B, Prepared
from backend.rule_engine.model import (
    PeriodCapParams,
    PerPaymentCapParams,
    Rule,
    TaxLinkedCapParams,
)
from backend.rule_engine.result import (
    BREACH,
    COMPLIANT,
    PENDING_RATE,
    RuleResult,
    empty_result,
    new_result,
)

INT64_MAX = np.iinfo(np.int64).max
MONTHS_IN_PERIOD = {"calendar_year": 12, "calendar_quarter": 3, "calendar_month": 1}


def period_bounds(year: I64, month: I64, period: str) -> tuple[I64, I64]:
    """First and last day numbers of the period containing each (year, month)."""
    size = MONTHS_IN_PERIOD[period]
    month_index = (year - 1970) * 12 + (month - 1)
    first_month = month_index - (month - 1) % size
    start = first_month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    end = (first_month + size).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return start, end - 1


def cap_array(f: Prepared, rule: Rule) -> I64:
    """The cap in MAD centimes that applies to each row (all rows, canonical order)."""
    p = rule.params
    if isinstance(p, TaxLinkedCapParams):
        num, den = p.tax_multiple.as_integer_ratio()
        # k x tax is exact in integers; beyond int64 the flat cap is the smaller one anyway.
        safe = f.tax <= INT64_MAX // max(num, 1)
        linked = np.where(safe, f.tax, 0) * num // den
        return np.where(safe, np.minimum(linked, p.cap_minor), p.cap_minor).astype(np.int64)
    assert isinstance(p, PeriodCapParams)
    cap = np.full(f.n, p.cap_minor, dtype=np.int64)
    assigned = np.zeros(f.n, dtype=bool)
    for override in p.cap_overrides:  # the first matching override wins
        hit = holds(f, override.when) & ~assigned
        cap[hit] = override.cap_minor
        assigned |= hit
    for floor in p.floors:
        hit = holds(f, floor.when)
        cap[hit] = np.maximum(cap[hit], floor.floor_minor)
    return cap


def group_starts(*keys: npt.NDArray[np.int64] | npt.NDArray[np.intp]) -> I64:
    """For rows sorted by ``keys``, the position of the first row of each row's group."""
    m = len(keys[0])
    new = np.ones(m, dtype=bool)
    if m > 1:
        change = np.zeros(m - 1, dtype=bool)
        for k in keys:
            change |= k[1:] != k[:-1]
        new[1:] = change
    return np.maximum.accumulate(np.where(new, np.arange(m), 0)).astype(np.int64)


def grouped_cumsum(values: I64, starts: I64) -> I64:
    """Running sum within contiguous groups (``starts`` from group_starts)."""
    cs = np.cumsum(values)
    return cs - (cs[starts] - values[starts])


@dataclass
class Cumulative:
    """Running totals of a period rule over its in-scope rows."""

    idx: I64
    cap: I64
    used: I64  # known running total including the row
    pending: I64  # rows without a rate so far in the period, including the row
    start: I64
    end: I64
    group_first: I64


def cumulative(f: Prepared, rule: Rule) -> Cumulative:
    """Running totals per participant and period, in (value_date, created_seq, id) order."""
    p = rule.params
    assert isinstance(p, PeriodCapParams | TaxLinkedCapParams)
    idx = np.flatnonzero(in_scope(f, rule.scope)).astype(np.int64)
    year, month, _ = f.ymd()
    start, end = period_bounds(year[idx], month[idx], p.period)
    starts = group_starts(f.participant[idx], start)
    has_rate = f.has_rate[idx]
    known = np.where(has_rate, f.amount[idx], 0)
    used = grouped_cumsum(known, starts)
    pending = grouped_cumsum((~has_rate).astype(np.int64), starts)
    return Cumulative(idx, cap_array(f, rule)[idx], used, pending, start, end, starts)


def evaluate_period_cap(f: Prepared, rule: Rule) -> RuleResult:
    """Breach when the running total in the period, including the row, exceeds the cap."""
    c = cumulative(f, rule)
    if len(c.idx) == 0:
        return empty_result(rule, "mad_minor")
    over = c.used > c.cap
    outcome = np.where(over, BREACH, np.where(c.pending > 0, PENDING_RATE, COMPLIANT))
    period = rule.params.period  # type: ignore[union-attr]
    noun_fr, noun_en = text.PERIOD_NOUN_FR[period], text.PERIOD_NOUN_EN[period]

    def explain(i: int) -> tuple[str, str]:
        lim_fr, lim_en = text.mad_fr(int(c.cap[i])), text.mad_en(int(c.cap[i]))
        when_fr = text.period_label_fr(period, int(c.start[i]))
        when_en = text.period_label_en(period, int(c.start[i]))
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        if outcome[i] == BREACH:
            used_fr, used_en = text.mad_fr(int(c.used[i])), text.mad_en(int(c.used[i]))
            return (
                f"Cumul {used_fr} {when_fr} au-delà du {noun_fr} de {lim_fr} {ref_fr}",
                f"Cumulative {used_en} {when_en} exceeds the {noun_en} of {lim_en} {ref_en}",
            )
        if outcome[i] == PENDING_RATE:
            return (
                f"Cumul {when_fr} inconnu faute de cours de change ; {noun_fr} de {lim_fr} "
                f"{ref_fr}",
                f"Cumulative {when_en} unknown until a rate is available; {noun_en} of "
                f"{lim_en} {ref_en}",
            )
        return (
            f"Cumul {when_fr} dans la limite du {noun_fr} de {lim_fr} {ref_fr}",
            f"Cumulative {when_en} within the {noun_en} of {lim_en} {ref_en}",
        )

    res = new_result(rule, c.idx, outcome.astype(np.int8), "mad_minor", explain)
    res.measured, res.measured_valid = c.used, outcome != PENDING_RATE
    res.limit, res.limit_valid = c.cap, np.ones(len(c.idx), dtype=bool)
    res.window_start, res.window_end = c.start, c.end
    res.compliant_keys = [c.cap, c.start]
    res.contributing = _contributing(f, c, over)
    return res


def _contributing(f: Prepared, c: Cumulative, over: B) -> npt.NDArray[np.object_]:
    """For breaches, the ids (with a rate) making up the running total; empty otherwise."""
    out = np.empty(len(c.idx), dtype=object)
    out.fill(())
    rated_ids = f.ids[c.idx]
    rated = f.has_rate[c.idx]
    # Output materialisation only: one tuple per breaching row, not a screening loop.
    for i in np.flatnonzero(over):
        lo = int(c.group_first[i])
        ids = rated_ids[lo : i + 1]
        out[i] = tuple(ids[rated[lo : i + 1]])
    return out


def evaluate_per_payment_cap(f: Prepared, rule: Rule) -> RuleResult:
    """One payment's amount (MAD) or advance share (basis points) must not exceed the limit."""
    p = rule.params
    assert isinstance(p, PerPaymentCapParams)
    scope = in_scope(f, rule.scope)
    if p.measure == "advance_share":
        share = f.ints["advance_share_bp"]
        scope &= share.valid
    idx = np.flatnonzero(scope).astype(np.int64)
    unit = "mad_minor" if p.measure == "amount" else "bp"
    if len(idx) == 0:
        return empty_result(rule, unit)
    limit = np.full(f.n, p.limit, dtype=np.int64)
    assigned = np.zeros(f.n, dtype=bool)
    for override in p.overrides:
        hit = holds(f, override.when) & ~assigned
        limit[hit] = override.limit
        assigned |= hit
    limit = limit[idx]
    if p.measure == "amount":
        measured = f.amount[idx]
        known = f.has_rate[idx]
    else:
        measured = f.ints["advance_share_bp"].values[idx]
        known = np.ones(len(idx), dtype=bool)
    outcome = np.where(~known, PENDING_RATE, np.where(measured > limit, BREACH, COMPLIANT))

    def fmt(v: int) -> tuple[str, str]:
        if unit == "bp":
            return text.pct(v), text.pct(v)
        return text.mad_fr(v), text.mad_en(v)

    def explain(i: int) -> tuple[str, str]:
        lim_fr, lim_en = fmt(int(limit[i]))
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        what_fr = "Part payée d'avance" if unit == "bp" else "Montant du paiement"
        what_en = "Share paid in advance" if unit == "bp" else "Payment amount"
        if outcome[i] == BREACH:
            v_fr, v_en = fmt(int(measured[i]))
            return (
                f"{what_fr} {v_fr} au-delà du maximum de {lim_fr} {ref_fr}",
                f"{what_en} {v_en} exceeds the maximum of {lim_en} {ref_en}",
            )
        if outcome[i] == PENDING_RATE:
            return (
                f"{what_fr} inconnu faute de cours de change ; maximum {lim_fr} {ref_fr}",
                f"{what_en} unknown until a rate is available; maximum {lim_en} {ref_en}",
            )
        return (
            f"{what_fr} dans la limite du maximum de {lim_fr} {ref_fr}",
            f"{what_en} within the maximum of {lim_en} {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), unit, explain)
    res.measured, res.measured_valid = measured.astype(np.int64), known
    res.limit, res.limit_valid = limit, np.ones(len(idx), dtype=bool)
    res.compliant_keys = [limit]
    return res
