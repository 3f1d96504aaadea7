"""Plain per-declaration reference implementation of the rule semantics (loops and Decimal).

It is deliberately naive: each declaration is screened on its own, scanning its participant's
other declarations. The property tests check the vectorised engine against it, and the benchmark
uses it as the per-declaration baseline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

import pandas as pd

from backend.rule_engine.model import (
    AllOf,
    AnyOf,
    Condition,
    CountryListParams,
    DeadlineParams,
    DocumentThresholdParams,
    EligibilityParams,
    Not,
    PeriodCapParams,
    PerPaymentCapParams,
    Predicate,
    RateStalenessParams,
    Rule,
    Rulebook,
    Scope,
    StructuringParams,
    TaxLinkedCapParams,
)
from backend.rule_engine.result import CONTRIBUTING_SAMPLE

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RefFinding:
    """One expected finding."""

    declaration_id: str
    rule_id: str
    outcome: str
    measured: int | None
    limit: int | None
    unit: str
    window_start: date | None
    window_end: date | None
    contributing: tuple[str, ...]
    missing: tuple[str, ...] = ()
    contributing_count: int = 0


def named(found: RefFinding, members: tuple[str, ...]) -> RefFinding:
    """The finding naming its members as stored: the latest CONTRIBUTING_SAMPLE and the count."""
    return replace(
        found, contributing=members[-CONTRIBUTING_SAMPLE:], contributing_count=len(members)
    )


def _d(value: Any) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    assert isinstance(value, date)
    return value


def _opt(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def rows_of(facts: pd.DataFrame) -> list[dict[str, Any]]:
    """Facts as plain dicts with Python dates, None for nulls and Decimal MAD amounts."""
    out = []
    for rec in facts.to_dict("records"):
        r = {str(k): _opt(v) for k, v in rec.items()}
        for k in (
            "value_date",
            "service_performance_date",
            "expected_repatriation_date",
            "received_date",
            "labelled_since",
            "incorporated_on",
        ):
            r[k] = _d(rec[k])
        r["amount"] = Decimal(int(rec["amount_mad_minor"])) / 100
        r["key"] = (r["value_date"], int(r["created_seq"]), r["declaration_id"])
        for k in ("certified_accounts", "subscription_months", "rate_lag_days", "rate_is_estimate"):
            r.setdefault(k, None)
        out.append(r)
    return out


def _years(r: Mapping[str, Any]) -> int | None:
    inc, v = r["incorporated_on"], r["value_date"]
    if inc is None:
        return None
    return v.year - inc.year - (1 if (v.month, v.day) < (inc.month, inc.day) else 0)


def cond(r: Mapping[str, Any], c: Condition) -> bool | None:
    """Kleene evaluation: True, False or None (unknown)."""
    if isinstance(c, Not):
        v = cond(r, c.item)
        return None if v is None else not v
    if isinstance(c, AllOf | AnyOf):
        vals = [cond(r, x) for x in c.items]
        if isinstance(c, AllOf):
            return False if False in vals else (None if None in vals else True)
        return True if True in vals else (None if None in vals else False)
    assert isinstance(c, Predicate)
    name, want = c.name, c.value
    if name == "labelled":
        if r["labelled"] is None:
            return None
        since = r["labelled_since"]
        now = bool(r["labelled"]) and (since is None or since <= r["value_date"])
        return now == want
    if name in ("has_fx_account", "categorised_operator", "is_cluster_member", "pre_revenue"):
        return None if r[name] is None else bool(r[name]) == want
    if name == "certified_accounts":
        return None if r[name] is None else bool(r[name]) == want
    if name == "years_since_incorporation_gte":
        y = _years(r)
        return None if y is None else y >= want  # type: ignore[operator]
    if name == "subscription_months_lte":
        m = r["subscription_months"]  # none: not a subscription
        return m is not None and int(m) <= want  # type: ignore[operator]
    if name == "cluster_in" and r["is_cluster_member"] is None:
        return None
    column = {
        "cluster_in": "cluster",
        "sector_in": "sector",
        "region_in": "region",
        "category_in": "category",
        "channel_in": "channel",
    }[name]
    return r[column] is not None and r[column] in want  # type: ignore[operator]


FACT_ORDER = (
    "labelled",
    "has_fx_account",
    "categorised_operator",
    "certified_accounts",
    "incorporated_on",
    "tax_paid_last_fy",
    "pre_revenue",
    "is_cluster_member",
)
PREDICATE_FACT = {
    "labelled": "labelled",
    "has_fx_account": "has_fx_account",
    "categorised_operator": "categorised_operator",
    "is_cluster_member": "is_cluster_member",
    "pre_revenue": "pre_revenue",
    "certified_accounts": "certified_accounts",
    "years_since_incorporation_gte": "incorporated_on",
    "cluster_in": "is_cluster_member",
}


def unknown_in(r: Mapping[str, Any], c: Condition) -> set[str]:
    """The unknown facts a condition reads for this row."""
    if isinstance(c, Not):
        return unknown_in(r, c.item)
    if isinstance(c, AllOf | AnyOf):
        return set().union(*(unknown_in(r, x) for x in c.items))
    fact = PREDICATE_FACT.get(c.name)
    return {fact} if fact is not None and r[fact] is None else set()


def ordered(facts: set[str]) -> tuple[str, ...]:
    return tuple(f for f in FACT_ORDER if f in facts)


def in_scope(r: Mapping[str, Any], s: Scope) -> bool:
    """Scope membership; an unknown participant condition keeps the row."""
    for values, col in (
        (s.categories, "category"),
        (s.channels, "channel"),
        (s.directions, "direction"),
        (s.countries, "counterparty_country"),
    ):
        if values is not None and r[col] not in values:
            return False
    return s.participant is None or cond(r, s.participant) is not False


def _period(d: date, period: str) -> tuple[date, date]:
    size = {"calendar_year": 12, "calendar_quarter": 3, "calendar_month": 1}[period]
    first_month = d.month - (d.month - 1) % size
    start = date(d.year, first_month, 1)
    nm = first_month + size
    nxt = date(d.year + (nm - 1) // 12, (nm - 1) % 12 + 1, 1)
    return start, nxt - timedelta(days=1)


def _minor(x: Decimal) -> int:
    return int((x * 100).to_integral_value())


def _cap(r: Mapping[str, Any], rule: Rule) -> tuple[Decimal, Decimal, set[str]]:
    """Lowest and highest cap the row may have, and the unknown facts between them."""
    p = rule.params
    if isinstance(p, TaxLinkedCapParams):
        flat = Decimal(p.cap_minor) / 100
        if r["tax_paid_last_fy_minor"] is None:
            return Decimal(0), flat, {"tax_paid_last_fy"}
        linked = (Decimal(int(r["tax_paid_last_fy_minor"])) / 100 * p.tax_multiple).quantize(
            CENT, rounding=ROUND_FLOOR
        )
        cap = min(flat, linked)
        return cap, cap, set()
    assert isinstance(p, PeriodCapParams)
    low = high = Decimal(p.cap_minor) / 100
    missing: set[str] = set()
    for o in p.cap_overrides:
        v = cond(r, o.when)
        value = Decimal(o.cap_minor) / 100
        if v is True:
            low = high = value
            break
        if v is None:
            low, high = min(low, value), max(high, value)
            missing |= unknown_in(r, o.when)
    for fl in p.floors:
        v = cond(r, fl.when)
        floor = Decimal(fl.floor_minor) / 100
        if v is True:
            low, high = max(low, floor), max(high, floor)
        elif v is None:
            high = max(high, floor)
            if high > low:
                missing |= unknown_in(r, fl.when)
    return low, high, (missing if high > low else set())


def period_cap(r: dict[str, Any], rule: Rule, rows: list[dict[str, Any]]) -> RefFinding:
    period = rule.params.period  # type: ignore[union-attr]
    start, end = _period(r["value_date"], period)
    mine = sorted(
        (
            q
            for q in rows
            if q["participant_id"] == r["participant_id"]
            and start <= q["value_date"] <= end
            and q["key"] <= r["key"]
            and in_scope(q, rule.scope)
        ),
        key=lambda q: q["key"],
    )
    used = sum((q["amount"] for q in mine if q["has_rate"]), Decimal(0))
    pending = any(not q["has_rate"] for q in mine)
    low, high, unknown = _cap(r, rule)
    if pending:
        outcome = "pending_rate"
    elif used > high:
        outcome = "breach"
    elif used <= low:
        outcome = "compliant"
    else:
        outcome = "needs_review"
    contributing = (
        tuple(q["declaration_id"] for q in mine if q["has_rate"]) if outcome == "breach" else ()
    )
    measured = None if outcome == "pending_rate" else _minor(used)
    found = RefFinding(
        r["declaration_id"],
        rule.id,
        outcome,
        measured,
        _minor(high) if low == high else None,
        "mad_minor",
        start,
        end,
        (),
        ordered(unknown) if outcome == "needs_review" else (),
    )
    return named(found, contributing)


def per_payment(r: dict[str, Any], rule: Rule) -> RefFinding | None:
    p = rule.params
    assert isinstance(p, PerPaymentCapParams)
    low = high = p.limit
    unknown: set[str] = set()
    for o in p.overrides:
        v = cond(r, o.when)
        if v is True:
            low = high = o.limit
            break
        if v is None:
            low, high = min(low, o.limit), max(high, o.limit)
            unknown |= unknown_in(r, o.when)
    limit = high if low == high else None

    def decide(measured: int) -> str:
        return "breach" if measured > high else ("compliant" if measured <= low else "needs_review")

    def found(outcome: str, measured: int | None, unit: str) -> RefFinding:
        missing = ordered(unknown) if outcome == "needs_review" else ()
        return RefFinding(
            r["declaration_id"], rule.id, outcome, measured, limit, unit, None, None, (), missing
        )

    if p.measure == "advance_share":
        share = r["advance_share_bp"]
        if share is None:
            return None
        return found(decide(int(share)), int(share), "bp")
    if not r["has_rate"]:
        return found("pending_rate", None, "mad_minor")
    return found(decide(_minor(r["amount"])), _minor(r["amount"]), "mad_minor")


def documents(r: dict[str, Any], rule: Rule) -> RefFinding:
    p = rule.params
    assert isinstance(p, DocumentThresholdParams)
    attached = set(r["document_kinds"] or ())
    complete = set(p.required_documents) <= attached
    threshold = Decimal(p.threshold_minor) / 100
    if complete:
        outcome = "compliant"
    elif p.threshold_minor == 0:
        outcome = p.missing_outcome
    elif not r["has_rate"]:
        outcome = "pending_rate"
    else:
        outcome = p.missing_outcome if r["amount"] > threshold else "compliant"
    measured = _minor(r["amount"]) if r["has_rate"] else None
    return RefFinding(
        r["declaration_id"],
        rule.id,
        outcome,
        measured,
        p.threshold_minor,
        "mad_minor",
        None,
        None,
        (),
    )


def countries(r: dict[str, Any], rule: Rule) -> RefFinding:
    p = rule.params
    assert isinstance(p, CountryListParams)
    c = r["counterparty_country"]
    outcome: str
    if c is None:
        outcome = p.unknown_outcome
    elif c in p.deny:
        outcome = "breach"
    elif c in p.review or (p.allow is not None and c not in p.allow):
        outcome = "needs_review"
    else:
        outcome = "compliant"
    return RefFinding(r["declaration_id"], rule.id, outcome, None, None, "none", None, None, ())


def deadline(r: dict[str, Any], rule: Rule, as_of: date) -> RefFinding:
    p = rule.params
    assert isinstance(p, DeadlineParams)
    start, end = r[p.start], r[p.end]
    if start is None:
        return RefFinding(
            r["declaration_id"],
            rule.id,
            p.missing_start_outcome,
            None,
            p.max_days,
            "days",
            None,
            None,
            (),
        )
    due = start + timedelta(days=p.max_days)
    if end is not None:
        elapsed: int | None = (end - start).days
        outcome = "breach" if elapsed > p.max_days else "compliant"  # type: ignore[operator]
    else:
        elapsed = None
        outcome = "breach" if as_of > due else "open"
    return RefFinding(
        r["declaration_id"],
        rule.id,
        outcome,
        elapsed,
        p.max_days,
        "days",
        start,
        start + timedelta(days=p.max_days),
        (),
    )


def eligibility(r: dict[str, Any], rule: Rule) -> RefFinding:
    p = rule.params
    assert isinstance(p, EligibilityParams)
    v = cond(r, p.requires)
    outcome = "needs_review" if v is None else ("compliant" if v else p.failure_outcome)
    missing = ordered(unknown_in(r, p.requires)) if v is None else ()
    return RefFinding(
        r["declaration_id"], rule.id, outcome, None, None, "none", None, None, (), missing
    )


def rate_staleness(r: dict[str, Any], rule: Rule) -> RefFinding | None:
    p = rule.params
    assert isinstance(p, RateStalenessParams)
    lag, est = r["rate_lag_days"], r["rate_is_estimate"]
    if lag is None and est is None and r["has_rate"]:
        return None
    if not r["has_rate"]:
        return RefFinding(
            r["declaration_id"],
            rule.id,
            "pending_rate",
            None,
            p.max_lag_days,
            "days",
            None,
            None,
            (),
        )
    outcome: str
    if est:
        outcome = p.estimate_outcome
    elif lag is not None and int(lag) > p.max_lag_days:
        outcome = p.stale_outcome
    else:
        outcome = "compliant"
    return RefFinding(
        r["declaration_id"],
        rule.id,
        outcome,
        None if lag is None else int(lag),
        p.max_lag_days,
        "days",
        None,
        None,
        (),
    )


def structuring(r: dict[str, Any], rule: Rule, rows: list[dict[str, Any]]) -> RefFinding:
    p = rule.params
    assert isinstance(p, StructuringParams)
    low = Decimal(p.threshold_minor) / 100 * p.low_bp / 10000
    high = Decimal(p.threshold_minor) / 100

    def near(q: Mapping[str, Any]) -> bool:
        return (
            bool(q["has_rate"]) and q["counterparty_key"] is not None and low <= q["amount"] < high
        )

    def no_finding(outcome: str) -> RefFinding:
        return RefFinding(
            r["declaration_id"], rule.id, outcome, None, None, "count", None, None, ()
        )

    if not near(r):
        return no_finding("compliant" if r["has_rate"] else "pending_rate")
    group = sorted(
        (
            q
            for q in rows
            if q["participant_id"] == r["participant_id"]
            and q["counterparty_key"] == r["counterparty_key"]
            and in_scope(q, rule.scope)
            and near(q)
        ),
        key=lambda q: q["key"],
    )
    j = next(i for i, q in enumerate(group) if q["declaration_id"] == r["declaration_id"])
    best: tuple[int, int] | None = None  # (last, -first)
    for i in range(j + 1):
        limit_day = group[i]["value_date"] + timedelta(days=p.window_days - 1)
        last = max(k for k in range(i, len(group)) if group[k]["value_date"] <= limit_day)
        if last - i + 1 >= p.min_count and last >= j and (best is None or (last, -i) > best):
            best = (last, -i)
    if best is None:
        return no_finding("compliant")
    first, last = -best[1], best[0]
    members = group[first : last + 1]
    found = RefFinding(
        r["declaration_id"],
        rule.id,
        p.outcome,
        len(members),
        p.min_count,
        "count",
        members[0]["value_date"],
        members[-1]["value_date"],
        (),
    )
    return named(found, tuple(q["declaration_id"] for q in members))


def reference_evaluate(
    rulebook: Rulebook, facts: pd.DataFrame, *, as_of: date, sample: Iterable[str] | None = None
) -> list[RefFinding]:
    """Screen each declaration (or only those in ``sample``) one by one."""
    rows = rows_of(facts)
    wanted = None if sample is None else set(sample)
    out: list[RefFinding] = []
    for rule in rulebook.rules:
        for r in rows:
            if wanted is not None and r["declaration_id"] not in wanted:
                continue
            if not in_scope(r, rule.scope):
                continue
            found = screen_one(r, rule, rows, as_of)
            if found is not None:
                out.append(_unknown_scope(r, rule, found))
    return out


def _unknown_scope(r: dict[str, Any], rule: Rule, found: RefFinding) -> RefFinding:
    """A rule that may not apply (its participant condition unknown) cannot breach."""
    condition = rule.scope.participant
    if condition is None or cond(r, condition) is not None:
        return found
    if found.outcome not in ("breach", "needs_review"):
        return found
    missing = ordered(set(found.missing) | unknown_in(r, condition))
    return replace(found, outcome="needs_review", missing=missing)


def screen_one(
    r: dict[str, Any], rule: Rule, rows: list[dict[str, Any]], as_of: date
) -> RefFinding | None:
    """One declaration against one rule it is in scope of."""
    kind = rule.kind
    if kind in ("period_cap", "tax_linked_cap"):
        return period_cap(r, rule, rows)
    if kind == "per_payment_cap":
        return per_payment(r, rule)
    if kind == "document_threshold":
        return documents(r, rule)
    if kind == "country_list":
        return countries(r, rule)
    if kind == "deadline":
        return deadline(r, rule, as_of)
    if kind == "eligibility":
        return eligibility(r, rule)
    if kind == "rate_staleness":
        return rate_staleness(r, rule)
    return structuring(r, rule, rows)


def engine_findings(frame: pd.DataFrame) -> list[RefFinding]:
    """The engine's findings frame in the reference's shape."""
    out = []
    for rec in frame.to_dict("records"):
        out.append(
            RefFinding(
                rec["declaration_id"],
                rec["rule_id"],
                rec["outcome"],
                None if _opt(rec["measured_minor"]) is None else int(rec["measured_minor"]),
                None if _opt(rec["limit_minor"]) is None else int(rec["limit_minor"]),
                rec["unit"],
                _d(rec["window_start"]),
                _d(rec["window_end"]),
                tuple(rec["contributing"]),
                tuple(m for m in str(rec["missing_facts"]).split(",") if m),
                int(rec["contributing_count"]),
            )
        )
    return out
