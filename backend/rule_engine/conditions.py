"""Vectorised evaluation of rule scopes and of the condition language (three-valued logic).

A condition evaluates to a pair of boolean arrays (value, known). Unknown values come from
optional or null facts (e.g. ``certified_accounts`` not provided): an eligibility rule turns them
into ``needs_review`` rather than guessing.
"""

from __future__ import annotations

import numpy as np

from backend.rule_engine.facts import NAT, B, Prepared, ymd_of
from backend.rule_engine.model import AllOf, AnyOf, Condition, Not, Predicate, Scope

Tri = tuple[B, B]  # (value, known)

PLAIN_TRAITS = ("has_fx_account", "categorised_operator", "is_cluster_member", "pre_revenue")
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
        return labelled_at_value_date(f) == bool(p.value), everywhere
    if p.name in PLAIN_TRAITS:
        return f.bools[p.name] == bool(p.value), everywhere
    if p.name == "certified_accounts":
        col = f.optional_bools[p.name]
        return (col.values == int(bool(p.value))) & col.valid, col.valid
    if p.name == "years_since_incorporation_gte":
        years, known = years_since_incorporation(f)
        assert isinstance(p.value, int)
        return (years >= p.value) & known, known
    if p.name == "subscription_months_lte":
        col = f.ints["subscription_months"]
        assert isinstance(p.value, int)
        return (col.values <= p.value) & col.valid, col.valid
    if p.name in STRING_IN:
        assert isinstance(p.value, tuple)
        return f.strings[STRING_IN[p.name]].isin(p.value), everywhere
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
