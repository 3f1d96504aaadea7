"""Properties of the advance share the facts builder computes (the share of a contract paid
ahead, in basis points rounded up): it equals an exact computation with fractions whatever the
currency's decimal places and the form the amounts are read in, it is null for a row without an
advance or without a contract total, and the engine's verdict on the 30 % rule in force
(`SVC_ADVANCE_MAX_PCT`) at exactly 30 %, one minor unit over and one under equals the per-row
reference implementation's: compliant up to 30 %, a breach beyond. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import ceil
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.rule_engine import evaluate
from backend.screening.facts.values import _advance_share_bp as advance_share_bp
from tests.unit.rule_engine.factories import IN_FORCE, make_facts, shipped
from tests.unit.rule_engine.reference import engine_findings, reference_evaluate

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BP = 10_000
RULE = "SVC_ADVANCE_MAX_PCT"
LIMIT_BP = 3_000  # the rule in force: 30 % of the contract
# Decimal places of the currencies a payment may be declared in (JPY 0, EUR 2, KWD 3).
PLACES = (0, 2, 3)
MAX_MINOR = 10**13  # amounts up to ten thousand billion minor units


def _key(f: Any) -> str:
    return str(f.declaration_id)


def exact_share(paid: Decimal, total: Decimal) -> int:
    """ceil(paid / total x 10,000) with fractions, independent of the builder's Decimals."""
    return ceil(Fraction(paid) * BP / Fraction(total))


def money(minor: int, places: int) -> Decimal:
    """`minor` units of a currency with `places` decimal places."""
    return Decimal(minor).scaleb(-places)


@st.composite
def advance_rows(draw: st.DrawFn) -> tuple[Decimal | None, Decimal | None]:
    """A row as the builder reads it: a settlement (no advance amount), an advance without a
    contract total, or an advance of at most its contract total, in one currency's decimals."""
    places = draw(st.sampled_from(PLACES))
    kind = draw(st.sampled_from(["settlement", "no_contract", "advance", "advance", "advance"]))
    total = draw(st.integers(1, MAX_MINOR))
    paid = draw(st.integers(1, total))
    if kind == "settlement":
        return None, None
    if kind == "no_contract":
        return money(paid, places), None
    return money(paid, places), money(total, places)


def as_read(values: list[Decimal | None], form: str) -> pd.Series:
    """The column as the facts builder receives it: text with NaN for NULL (PostgreSQL's COPY),
    or Decimal objects with None (a simulated declaration)."""
    if form == "text":
        return pd.Series([np.nan if v is None else str(v) for v in values], dtype=object)
    return pd.Series(values, dtype=object)


@SETTINGS
@given(rows=st.lists(advance_rows(), max_size=30), form=st.sampled_from(["text", "decimal"]))
def test_the_builders_share_is_the_exact_share_rounded_up(
    rows: list[tuple[Decimal | None, Decimal | None]], form: str
) -> None:
    paid = as_read([p for p, _ in rows], form)
    total = as_read([t for _, t in rows], form)
    got = advance_share_bp(paid, total)
    expected = [None if p is None or t is None else exact_share(p, t) for p, t in rows]
    assert str(got.dtype) == "Int64"
    assert [None if pd.isna(v) else int(v) for v in got] == expected


@st.composite
def around_the_limit(draw: st.DrawFn) -> tuple[Decimal | None, Decimal | None, str]:
    """An advance of exactly 30 % of its contract, or one minor unit over or under it; now and
    then a settlement or an advance without a contract total, which the rule cannot measure."""
    places = draw(st.sampled_from(PLACES))
    # A contract total whose 30 % is a whole number of minor units (a multiple of 10).
    total = 10 * draw(st.integers(1, MAX_MINOR // 10))
    where = draw(st.sampled_from(["exact", "over", "under", "exact", "over", "under", "none"]))
    if where == "none":
        return draw(st.sampled_from([None, money(total, places)])), None, where
    paid = total * LIMIT_BP // BP + {"exact": 0, "over": 1, "under": -1}[where]
    return money(paid, places), money(total, places), where


@SETTINGS
@given(advances=st.lists(around_the_limit(), min_size=1, max_size=12))
def test_the_thirty_percent_rule_at_over_and_under_its_limit_matches_the_reference(
    advances: list[tuple[Decimal, Decimal, str]],
) -> None:
    paid = as_read([p for p, _, _ in advances], "text")
    total = as_read([t for _, t, _ in advances], "text")
    shares = advance_share_bp(paid, total)
    facts = make_facts(
        [
            {
                "advance_share_bp": None if pd.isna(share) else int(share),
                "subscription_months": None,
                "participant_id": "p1",
            }
            for share in shares
        ]
    )
    rulebook = shipped(IN_FORCE)
    as_of = date(2026, 12, 31)
    found = engine_findings(evaluate(rulebook, facts, as_of=as_of).frame)
    engine = sorted((f for f in found if f.rule_id == RULE), key=_key)
    reference = reference_evaluate(rulebook, facts, as_of=as_of)
    assert engine == sorted((f for f in reference if f.rule_id == RULE), key=_key)
    measured = {f"d{i:03d}": int(s) for i, s in enumerate(shares) if not pd.isna(s)}
    assert {f.declaration_id: (f.measured, f.limit, f.unit) for f in engine} == {
        d: (share, LIMIT_BP, "bp") for d, share in measured.items()
    }
    outcome: dict[str, Any] = {f.declaration_id: f.outcome for f in engine}
    expected = {"exact": "compliant", "under": "compliant", "over": "breach", "none": None}
    assert [outcome.get(f"d{i:03d}") for i in range(len(advances))] == [
        expected[where] for _, _, where in advances
    ]
