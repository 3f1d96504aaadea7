"""Caps: cumulative per period (``period_cap``, ``tax_linked_cap``) and per payment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backend.rule_engine import text
from backend.rule_engine.conditions import (
    FACT_BIT,
    evaluate_condition,
    fact_names,
    in_scope,
    missing_facts,
)
from backend.rule_engine.facts import I64, Prepared
from backend.rule_engine.model import (
    PeriodCapParams,
    PerPaymentCapParams,
    Rule,
    TaxLinkedCapParams,
)
from backend.rule_engine.plural import plural
from backend.rule_engine.result import (
    BREACH,
    COMPLIANT,
    NEEDS_REVIEW,
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


@dataclass
class CapRange:
    """The cap of each row in MAD centimes, as far as the facts tell: between ``low`` and
    ``high`` (equal when every fact it hangs on is known), ``missing`` the unknown facts."""

    low: I64
    high: I64
    missing: I64


def cap_range(f: Prepared, rule: Rule) -> CapRange:
    """The cap that applies to each row (all rows, canonical order), bounded where a fact it
    hangs on is unknown: tax paid unknown puts a tax-linked cap anywhere from 0 to the flat
    cap; an override or floor whose condition is unknown may or may not apply."""
    p = rule.params
    none = np.zeros(f.n, dtype=np.int64)
    if isinstance(p, TaxLinkedCapParams):
        num, den = p.tax_multiple.as_integer_ratio()
        # k x tax is exact in integers; beyond int64 the flat cap is the smaller one anyway.
        safe = f.tax <= INT64_MAX // max(num, 1)
        linked = np.where(safe, f.tax, 0) * num // den
        cap = np.where(safe, np.minimum(linked, p.cap_minor), p.cap_minor).astype(np.int64)
        known = f.knows("tax_paid_last_fy_minor")
        low = np.where(known, cap, 0).astype(np.int64)
        high = np.where(known, cap, p.cap_minor).astype(np.int64)
        return CapRange(low, high, np.where(known, 0, FACT_BIT["tax_paid_last_fy"]))
    assert isinstance(p, PeriodCapParams)
    low = np.full(f.n, p.cap_minor, dtype=np.int64)
    high = low.copy()
    missing = none.copy()
    assigned = np.zeros(f.n, dtype=bool)
    for override in p.cap_overrides:  # the first matching override wins
        value, known = evaluate_condition(f, override.when)
        hit = value & known & ~assigned
        maybe = ~known & ~assigned
        low[hit], high[hit] = override.cap_minor, override.cap_minor
        # It may apply or not: the cap is either; a later override may still apply.
        low[maybe] = np.minimum(low[maybe], override.cap_minor)
        high[maybe] = np.maximum(high[maybe], override.cap_minor)
        missing |= np.where(maybe, missing_facts(f, override.when), 0)
        assigned |= hit
    for floor in p.floors:
        value, known = evaluate_condition(f, floor.when)
        hit = value & known
        low[hit] = np.maximum(low[hit], floor.floor_minor)
        high[hit] = np.maximum(high[hit], floor.floor_minor)
        maybe = ~known
        high[maybe] = np.maximum(high[maybe], floor.floor_minor)
        missing |= np.where(maybe & (high > low), missing_facts(f, floor.when), 0)
    return CapRange(low, high, np.where(high > low, missing, 0))


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
    cap: I64  # the highest cap the row may have (its cap when every fact is known)
    used: I64  # known running total including the row
    pending: I64  # rows without a rate so far in the period, including the row
    start: I64
    end: I64
    group_first: I64
    cap_low: I64  # the lowest cap the row may have
    missing: I64  # unknown facts the cap hangs on (conditions.FACT_BIT)
    last_pending: I64  # position (in idx) of the latest row without a rate so far, or -1


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
    # The latest row without a rate so far in the group (-1: none), to name it.
    marks = np.where(~has_rate, np.arange(len(idx)), -1)
    latest = np.maximum.accumulate(marks) if len(idx) else marks
    last_pending = np.where(latest >= starts, latest, -1).astype(np.int64)
    caps = cap_range(f, rule)
    return Cumulative(
        idx,
        caps.high[idx],
        used,
        pending,
        start,
        end,
        starts,
        caps.low[idx],
        caps.missing[idx],
        last_pending,
    )


def evaluate_period_cap(f: Prepared, rule: Rule) -> RuleResult:
    """Breach when the running total in the period, including the row, exceeds the cap.

    The total is only ever shown whole: while a payment of the period up to the row (the row
    itself or an earlier one) has no MAD amount yet (not converted, or waiting for its rate),
    the outcome is pending_rate naming it, never a figure that leaves it out. A cap that hangs
    on an unknown fact decides only when the total is beyond every cap it may have (breach) or
    within every one (compliant); in between it is needs_review naming the fact."""
    c = cumulative(f, rule)
    if len(c.idx) == 0:
        return empty_result(rule, "mad_minor")
    over = c.used > c.cap
    within = c.used <= c.cap_low
    outcome = np.where(
        c.pending > 0,
        PENDING_RATE,
        np.where(over, BREACH, np.where(within, COMPLIANT, NEEDS_REVIEW)),
    )
    over &= outcome == BREACH
    period = rule.params.period  # type: ignore[union-attr]
    noun_fr, noun_en = text.PERIOD_NOUN_FR[period], text.PERIOD_NOUN_EN[period]

    def explain(i: int) -> tuple[str, str]:
        lim_fr, lim_en = text.mad_fr(int(c.cap[i])), text.mad_en(int(c.cap[i]))
        when_fr = text.period_label_fr(period, int(c.start[i]))
        when_en = text.period_label_en(period, int(c.start[i]))
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        used_fr, used_en = text.mad_fr(int(c.used[i])), text.mad_en(int(c.used[i]))
        if outcome[i] == BREACH:
            return (
                f"Cumul {used_fr} {when_fr} au-delà du {noun_fr} de {lim_fr} {ref_fr}",
                f"Cumulative {used_en} {when_en} exceeds the {noun_en} of {lim_en} {ref_en}",
            )
        if outcome[i] == PENDING_RATE:
            return _pending_sentences(f, c, i, when_fr, when_en, noun_fr, noun_en, rule)
        if outcome[i] == NEEDS_REVIEW:
            names = fact_names(int(c.missing[i]))
            low_fr, low_en = text.mad_fr(int(c.cap_low[i])), text.mad_en(int(c.cap_low[i]))
            return (
                f"{text.unknown_fr(names)} : le {noun_fr} ne peut pas être calculé (entre "
                f"{low_fr} et {lim_fr}) ; cumul {used_fr} {when_fr} {ref_fr}",
                f"{text.unknown_en(names)}: the {noun_en} cannot be computed (between {low_en} "
                f"and {lim_en}); cumulative {used_en} {when_en} {ref_en}",
            )
        return (
            f"Cumul {when_fr} dans la limite du {noun_fr} de {lim_fr} {ref_fr}",
            f"Cumulative {when_en} within the {noun_en} of {lim_en} {ref_en}",
        )

    res = new_result(rule, c.idx, outcome.astype(np.int8), "mad_minor", explain)
    res.measured, res.measured_valid = c.used, outcome != PENDING_RATE
    res.limit, res.limit_valid = c.cap, c.cap == c.cap_low
    res.window_start, res.window_end = c.start, c.end
    res.compliant_keys = [c.cap, c.start]
    # A breach's total is every payment of the period up to it, all with a rate (a payment
    # without one makes the total pending_rate): the range from the group's first row.
    res.members = c.idx
    res.member_lo = np.where(over, c.group_first, -1).astype(np.int64)
    res.member_hi = np.where(over, np.arange(len(c.idx)), -1).astype(np.int64)
    res.missing = np.where(outcome == NEEDS_REVIEW, c.missing, 0)
    return res


def _pending_sentences(
    f: Prepared,
    c: Cumulative,
    i: int,
    when_fr: str,
    when_en: str,
    noun_fr: str,
    noun_en: str,
    rule: Rule,
) -> tuple[str, str]:
    """Why a running total waits: the payments of the period without a MAD amount yet."""
    ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
    lim_fr, lim_en = text.mad_fr(int(c.cap[i])), text.mad_en(int(c.cap[i]))
    latest = int(c.last_pending[i])
    count = int(c.pending[i])
    if latest == i and count == 1:
        return (
            f"Cumul {when_fr} inconnu faute de cours de change ; {noun_fr} de {lim_fr} {ref_fr}",
            f"Cumulative {when_en} unknown until a rate is available; {noun_en} of {lim_en} "
            f"{ref_en}",
        )
    name = f.name_of(int(c.idx[latest]))
    if count == 1:
        return (
            f"Cumul {when_fr} en attente : le paiement {name}, déclaré, n'est pas encore "
            f"converti en MAD ; {noun_fr} de {lim_fr} {ref_fr}",
            f"Cumulative {when_en} waits: payment {name}, declared, is not converted to MAD "
            f"yet; {noun_en} of {lim_en} {ref_en}",
        )
    others_fr = plural("fr", count - 1, "# autre", "# autres")
    others_en = plural("en", count - 1, "# other", "# others")
    return (
        f"Cumul {when_fr} en attente : le paiement {name} et {others_fr}, déclarés, ne sont "
        f"pas encore convertis en MAD ; {noun_fr} de {lim_fr} {ref_fr}",
        f"Cumulative {when_en} waits: payment {name} and {others_en}, declared, are not "
        f"converted to MAD yet; {noun_en} of {lim_en} {ref_en}",
    )


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
    low, limit, missing = _limit_range(f, p)
    low, limit, missing = low[idx], limit[idx], missing[idx]
    if p.measure == "amount":
        measured = f.amount[idx]
        known = f.has_rate[idx]
    else:
        measured = f.ints["advance_share_bp"].values[idx]
        known = np.ones(len(idx), dtype=bool)
    outcome = np.where(
        ~known,
        PENDING_RATE,
        np.where(measured > limit, BREACH, np.where(measured <= low, COMPLIANT, NEEDS_REVIEW)),
    )

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
        if outcome[i] == NEEDS_REVIEW:
            names = fact_names(int(missing[i]))
            low_fr, low_en = fmt(int(low[i]))
            v_fr, v_en = fmt(int(measured[i]))
            return (
                f"{text.unknown_fr(names)} : le maximum ne peut pas être établi (entre {low_fr} "
                f"et {lim_fr}) ; {what_fr.lower()} {v_fr} {ref_fr}",
                f"{text.unknown_en(names)}: the maximum cannot be established (between {low_en} "
                f"and {lim_en}); {what_en.lower()} {v_en} {ref_en}",
            )
        return (
            f"{what_fr} dans la limite du maximum de {lim_fr} {ref_fr}",
            f"{what_en} within the maximum of {lim_en} {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), unit, explain)
    res.measured, res.measured_valid = measured.astype(np.int64), known
    res.limit, res.limit_valid = limit, limit == low
    res.compliant_keys = [limit]
    res.missing = np.where(outcome == NEEDS_REVIEW, missing, 0)
    return res


def _limit_range(f: Prepared, p: PerPaymentCapParams) -> tuple[I64, I64, I64]:
    """Lowest and highest limit each row may have, and the unknown facts between them."""
    low = np.full(f.n, p.limit, dtype=np.int64)
    high = low.copy()
    missing = np.zeros(f.n, dtype=np.int64)
    assigned = np.zeros(f.n, dtype=bool)
    for override in p.overrides:  # the first matching override wins
        value, known = evaluate_condition(f, override.when)
        hit = value & known & ~assigned
        maybe = ~known & ~assigned
        low[hit], high[hit] = override.limit, override.limit
        low[maybe] = np.minimum(low[maybe], override.limit)
        high[maybe] = np.maximum(high[maybe], override.limit)
        missing |= np.where(maybe, missing_facts(f, override.when), 0)
        assigned |= hit
    return low, high, np.where(high > low, missing, 0)
