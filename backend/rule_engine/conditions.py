"""Vectorised evaluation of rule scopes and of the condition language (three-valued logic).

A condition evaluates to a pair of boolean arrays (value, known). Unknown values come from
null participant facts (e.g. tax paid last year or certified accounts not known): a rule whose
outcome hangs on one answers ``needs_review`` naming it (``missing_facts``) rather than guessing.
"""

from __future__ import annotations

import numpy as np

from backend.rule_engine.facts import NAT, B, Prepared, ymd_of
from backend.rule_engine.model import AllOf, AnyOf, Condition, Not, Predicate, Scope

Tri = tuple[B, B]  # (value, known)

PLAIN_TRAITS = ("has_fx_account", "categorised_operator", "is_cluster_member", "pre_revenue")
# The participant facts a rule may need, in a fixed order: bit i of a missing-facts mask is
# FACTS[i]. Their wording is text.FACT_LABEL_FR / _EN.
FACTS = (
    "labelled",
    "has_fx_account",
    "categorised_operator",
    "certified_accounts",
    "incorporated_on",
    "tax_paid_last_fy",
    "pre_revenue",
    "is_cluster_member",
)
FACT_BIT = {name: 1 << i for i, name in enumerate(FACTS)}
# The fact each predicate reads (declaration-level predicates read none).
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


def fact_names(mask: int) -> tuple[str, ...]:
    """The facts whose bits are set in a missing-facts mask, in FACTS order."""
    return tuple(name for name in FACTS if mask & FACT_BIT[name])


STRING_IN = {
    "cluster_in": "cluster",
    "sector_in": "sector",
    "region_in": "region",
    "category_in": "category",
    "channel_in": "channel",
}


def labelled_at_value_date(f: Prepared) -> B:
    """Labelled, and the label (when dated) obtained on or before the value date."""
    since = f.dates["labelled_since"]
    labelled: B = f.bools["labelled"] & ((since == NAT) | (since <= f.day))
    return labelled


def years_since_incorporation(f: Prepared) -> tuple[np.ndarray, B]:
    """Whole years from incorporation to the value date, and whether it is known."""
    inc = f.dates["incorporated_on"]
    known = inc != NAT
    safe = np.where(known, inc, f.day)
    iy, im, idd = ymd_of(safe)
    vy, vm, vd = f.ymd()
    before_anniversary = (vm < im) | ((vm == im) & (vd < idd))
    return vy - iy - before_anniversary.astype(np.int64), known


def _predicate(f: Prepared, p: Predicate) -> Tri:
    everywhere = np.ones(f.n, dtype=bool)
    if p.name == "labelled":
        return labelled_at_value_date(f) == bool(p.value), f.knows("labelled")
    if p.name in PLAIN_TRAITS:
        return f.bools[p.name] == bool(p.value), f.knows(p.name)
    if p.name == "certified_accounts":
        col = f.optional_bools[p.name]
        return (col.values == int(bool(p.value))) & col.valid, col.valid
    if p.name == "years_since_incorporation_gte":
        years, known = years_since_incorporation(f)
        assert isinstance(p.value, int)
        return (years >= p.value) & known, known
    if p.name == "subscription_months_lte":
        # No term: not a subscription (a declaration states its term when it is one).
        col = f.ints["subscription_months"]
        assert isinstance(p.value, int)
        return (col.values <= p.value) & col.valid, everywhere
    if p.name in STRING_IN:
        assert isinstance(p.value, tuple)
        known = f.knows("is_cluster_member") if p.name == "cluster_in" else everywhere
        return f.strings[STRING_IN[p.name]].isin(p.value) & known, known
    raise ValueError(f"unknown predicate {p.name!r}")


def evaluate_condition(f: Prepared, c: Condition) -> Tri:
    """Kleene three-valued evaluation of a condition over every row."""
    if isinstance(c, Predicate):
        return _predicate(f, c)
    if isinstance(c, Not):
        v, k = evaluate_condition(f, c.item)
        return ~v & k, k
    parts = [evaluate_condition(f, item) for item in c.items]
    if isinstance(c, AllOf):
        false = np.zeros(f.n, dtype=bool)
        true = np.ones(f.n, dtype=bool)
        for v, k in parts:
            false |= ~v & k
            true &= v & k
        return true, true | false
    assert isinstance(c, AnyOf)
    true = np.zeros(f.n, dtype=bool)
    false = np.ones(f.n, dtype=bool)
    for v, k in parts:
        true |= v & k
        false &= ~v & k
    return true, true | false


def _fact_known(f: Prepared, fact: str) -> B:
    if fact == "certified_accounts":
        return f.optional_bools["certified_accounts"].valid
    if fact == "incorporated_on":
        known: B = f.dates["incorporated_on"] != NAT
        return known
    return f.knows(fact)


def missing_facts(f: Prepared, c: Condition) -> np.ndarray:
    """Per row, the mask (FACT_BIT) of the unknown facts the condition reads."""
    mask = np.zeros(f.n, dtype=np.int64)
    stack: list[Condition] = [c]
    while stack:
        item = stack.pop()
        if isinstance(item, Not):
            stack.append(item.item)
        elif isinstance(item, AllOf | AnyOf):
            stack.extend(item.items)
        elif item.name in PREDICATE_FACT:
            fact = PREDICATE_FACT[item.name]
            mask |= np.where(_fact_known(f, fact), 0, FACT_BIT[fact])
    return mask


def holds(f: Prepared, c: Condition) -> B:
    """True only where the condition is known to hold (unknown counts as not holding)."""
    v, k = evaluate_condition(f, c)
    return v & k


def in_scope(f: Prepared, scope: Scope) -> B:
    """Rows a rule looks at. An unknown participant condition keeps the row in scope."""
    mask = np.ones(f.n, dtype=bool)
    for values, column in (
        (scope.categories, "category"),
        (scope.channels, "channel"),
        (scope.directions, "direction"),
        (scope.countries, "counterparty_country"),
    ):
        if values is not None:
            mask &= f.strings[column].isin(values)
    if scope.participant is not None:
        v, k = evaluate_condition(f, scope.participant)
        mask &= v | ~k
    return mask
