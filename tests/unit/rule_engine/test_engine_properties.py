"""Properties: the vectorised engine equals the per-row reference, whatever the row order or
the partition of participants into chunks, on a small rulebook using every rule kind and on both
shipped rulebooks (amounts scaled to their thresholds), screened on dates on either side of
deadlines' due dates. The facts carry receipts received or still expected (value date = the
day received, or the expected date), settlements and advances with their share of the contract
and subscription term, and participant facts that are known or unknown; an unknown fact never
decides a verdict (breach or compliant) that knowing it could change."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.rule_engine import Rulebook, evaluate, parse_rulebook

from .factories import IN_FORCE, PROPOSAL, make_facts, rule_doc, rulebook_doc, shipped
from .reference import engine_findings, reference_evaluate

AS_OF = date(2026, 2, 15)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INVARIANCE = settings(SETTINGS, max_examples=25)

SMALL: Rulebook = parse_rulebook(
    rulebook_doc(
        rule_doc(
            "YEAR_CAP",
            "period_cap",
            {
                "cap_mad": "1000.00",
                "cap_overrides": [{"when": {"categorised_operator": True}, "cap_mad": "1500.00"}],
                "floors": [{"when": {"pre_revenue": True}, "floor_mad": "2000.00"}],
            },
            {"directions": ["outgoing"]},
        ),
        rule_doc(
            "QUARTER_CAP",
            "period_cap",
            {"cap_mad": "700.00", "period": "calendar_quarter"},
            {"categories": ["SAAS_CLOUD", "TELECOM"], "participant": {"labelled": True}},
        ),
        rule_doc(
            "TAX_CAP",
            "tax_linked_cap",
            {"cap_mad": "800.00", "tax_multiple": "0.5"},
            {"channels": ["card"], "participant": {"has_fx_account": False}},
        ),
        rule_doc("ONE_PAYMENT", "per_payment_cap", {"measure": "amount", "cap_mad": "600.00"}),
        rule_doc(
            "ADVANCE",
            "per_payment_cap",
            {
                "measure": "advance_share",
                "max_share_bp": 3000,
                "overrides": [{"when": {"subscription_months_lte": 12}, "max_share_bp": 10000}],
            },
        ),
        rule_doc(
            "DOCS",
            "document_threshold",
            {"threshold_mad": "500.00", "required_documents": ["contract", "invoice"]},
        ),
        rule_doc(
            "DOCS_ALWAYS",
            "document_threshold",
            {
                "threshold_mad": "0.00",
                "required_documents": ["invoice"],
                "missing_outcome": "needs_review",
            },
            {"categories": ["TELECOM"]},
        ),
        rule_doc(
            "COUNTRIES",
            "country_list",
            {"deny": ["KP"], "review": ["IR"], "allow": ["IE", "FR", "KP", "IR"]},
        ),
        rule_doc(
            "SPLITS",
            "structuring",
            {"threshold_mad": "1000.00", "low_bp": 9000, "min_count": 3, "window_days": 3},
        ),
        rule_doc(
            "REPATRIATE",
            "deadline",
            {"start": "service_performance_date", "end": "received_date", "max_days": 10},
            {"directions": ["incoming"]},
        ),
        rule_doc(
            "EXPECTED_SOON",
            "deadline",
            {
                "start": "service_performance_date",
                "end": "expected_repatriation_date",
                "max_days": 30,
                "missing_start_outcome": "breach",
            },
            {"categories": ["SERVICE_EXPORT_RECEIPT"]},
        ),
        rule_doc(
            "RECEIVED_AFTER_VALUE",
            "deadline",
            {"start": "value_date", "end": "received_date", "max_days": 1},
            {"directions": ["incoming"], "participant": {"pre_revenue": False}},
        ),
        rule_doc(
            "ELIGIBLE",
            "eligibility",
            {
                "requires": {
                    "any_of": [
                        {"labelled": True},
                        {
                            "all_of": [
                                {"years_since_incorporation_gte": 3},
                                {"certified_accounts": True},
                            ]
                        },
                        {"not": {"region_in": ["Oriental"]}, "is_cluster_member": True},
                    ]
                }
            },
            {"categories": ["INVEST_ABROAD", "TELECOM"]},
        ),
        rule_doc("STALE", "rate_staleness", {"max_lag_days": 2}),
    )
)

SHIPPED = {name: shipped(name) for name in (IN_FORCE, PROPOSAL)}

START = date(2025, 12, 26)
# Few distinct dates and amounts on the edges, so runs, ties and exact cap hits are frequent.
DATES = [
    date(2025, 12, 30),
    date(2025, 12, 31),
    date(2026, 1, 1),
    date(2026, 1, 2),
    date(2026, 1, 3),
    date(2026, 1, 4),
    date(2026, 3, 31),
    date(2026, 4, 1),
]
EDGE_AMOUNTS = [0, 100_00, 250_00, 500_00, 500_01, 600_00, 600_01, 900_00, 950_00, 999_99, 1000_00]
NEAR_AMOUNTS = [900_00, 950_00, 999_99]
BURST_AMOUNTS = [500_00, 899_99, 900_00, 950_00, 999_99]
# The shipped rulebooks' thresholds are 100 times SMALL's (structuring and documents at
# 100,000 MAD): amounts are scaled by SHIPPED_SCALE, and a few are whole caps (2,000,000 MAD and
# 10,000,000 MAD) so the allowances are reached and passed.
SHIPPED_SCALE = 100
SHIPPED_CAPS = [1_000_000_00, 2_000_000_00, 2_000_000_01, 10_000_000_00]
TAXES = [0, 1_01, 900_00, 10_000_00]
INCORPORATED = [date(2022, 12, 28), date(2023, 1, 2), date(2020, 2, 29)]
CATEGORIES = ["SAAS_CLOUD", "TELECOM", "INVEST_ABROAD", "RND"]
SHIPPED_CATEGORIES = [
    *CATEGORIES,
    "DIGITAL_ADS",
    "TRADE_FAIR",
    "BUSINESS_TRAVEL",
    "SERVICE_EXPORT_RECEIPT",
]
# Deadlines of the rulebooks screened (SMALL: 10 and 30 days; shipped: 90 and 180 days).
SMALL_DEADLINES = (10, 30)
SHIPPED_DEADLINES = (90, 180)
BP = 10_000


def amounts(scale: int) -> st.SearchStrategy[int]:
    base = st.one_of(
        st.sampled_from(EDGE_AMOUNTS), st.sampled_from(NEAR_AMOUNTS), st.integers(0, 2_500_00)
    ).map(lambda a: a * scale)
    return base if scale == 1 else st.one_of(base, st.sampled_from(SHIPPED_CAPS))


@st.composite
def participants(draw: st.DrawFn, scale: int = 1, unknown: int = 1) -> dict[str, Any]:
    # Every participant fact is known-true, known-false or (None) unknown; ``unknown`` weighs
    # the unknown against each known value.
    nones = [None] * unknown
    fact = st.sampled_from([True, False, True, False, *nones])
    tax = draw(st.sampled_from([*TAXES, *nones]))
    return {
        "labelled": draw(fact),
        "labelled_since": draw(st.sampled_from([None, date(2025, 6, 1), date(2026, 1, 3)])),
        "incorporated_on": draw(st.sampled_from([*nones, *INCORPORATED])),
        "has_fx_account": draw(fact),
        "categorised_operator": draw(fact),
        "tax_paid_last_fy_minor": None if tax is None else tax * scale,
        "region": draw(st.sampled_from(["Oriental", "Souss-Massa", None])),
        "is_cluster_member": draw(fact),
        "pre_revenue": draw(fact),
        "certified_accounts": draw(st.sampled_from([*nones, True, False])),
    }


@st.composite
def advance_terms(draw: st.DrawFn) -> dict[str, Any]:
    """A settlement (no share, no term) or an advance: its share of the contract in basis points,
    rounded up as the facts builder does from the advance and the contract total, and for a
    subscription its term in months."""
    if draw(st.sampled_from(["settlement", "settlement", "advance"])) == "settlement":
        return {"advance_share_bp": None, "subscription_months": None}
    share = draw(
        st.one_of(
            st.sampled_from([0, 2999, 3000, 3001, 4000, 10000]),
            st.integers(1, 10**9).flatmap(
                lambda total: st.integers(1, total).map(lambda paid: -(-paid * BP // total))
            ),
        )
    )
    term = draw(st.sampled_from([None, None, 1, 12, 13, 24]))
    return {"advance_share_bp": share, "subscription_months": term}


@st.composite
def receipt(draw: st.DrawFn, categories: list[str]) -> dict[str, Any]:
    """An incoming receipt: received (its value date the day the money arrived) or still
    expected (its value date the expected date), the service performed on a known day or not."""

    def day(lo: int, hi: int) -> date:
        return START + timedelta(days=draw(st.integers(lo, hi)))

    performed = draw(st.sampled_from([None, day(0, 200), day(0, 200), day(0, 200)]))
    after = (
        day(0, 220) if performed is None else performed + timedelta(days=draw(st.integers(-5, 200)))
    )
    received = draw(st.booleans())
    return {
        "direction": "incoming",
        # Mostly a service export; now and then an incoming payment of another category.
        "category": "SERVICE_EXPORT_RECEIPT"
        if draw(st.sampled_from([True, True, False]))
        else draw(st.sampled_from(categories)),
        "value_date": after,
        "service_performance_date": performed,
        "received_date": after if received else None,
        "expected_repatriation_date": None if received else after,
        "advance_share_bp": None,
        "subscription_months": None,
    }


@st.composite
def declarations(
    draw: st.DrawFn, scale: int = 1, categories: list[str] = CATEGORIES
) -> dict[str, Any]:
    def day(lo: int, hi: int) -> date:
        return START + timedelta(days=draw(st.integers(lo, hi)))

    row = {
        "participant_id": draw(st.sampled_from(["a", "a", "b", "c"])),
        "value_date": draw(
            st.one_of(st.sampled_from(DATES), st.builds(day, st.just(0), st.just(110)))
        ),
        "created_seq": draw(st.integers(0, 6)),
        "direction": draw(st.sampled_from(["outgoing", "outgoing", "outgoing", "incoming"])),
        "category": draw(st.sampled_from(categories)),
        "channel": draw(st.sampled_from(["card", "transfer"])),
        "counterparty_country": draw(st.sampled_from(["IE", "FR", "KP", "IR", "US", None])),
        "counterparty_key": draw(st.sampled_from(["x", "x", "x", "y", None])),
        "amount_mad_minor": draw(amounts(scale)),
        "has_rate": draw(st.sampled_from([True, True, True, False])),
        "document_kinds": draw(
            st.sampled_from([None, (), ("contract",), ("invoice", "contract"), ("invoice",)])
        ),
        # Dates unrelated to the value date, as a rule may read any of them.
        "service_performance_date": draw(st.sampled_from([None, day(0, 60)])),
        "received_date": draw(st.sampled_from([None, day(0, 90)])),
        "expected_repatriation_date": draw(st.sampled_from([None, day(0, 90)])),
        **draw(advance_terms()),
        "rate_lag_days": draw(st.sampled_from([None, 0, 1, 2, 3])),
        "rate_is_estimate": draw(st.sampled_from([None, False, True])),
    }
    if draw(st.sampled_from([False, False, True])):
        row.update(draw(receipt(categories)))
    return row


@st.composite
def facts_frames(
    draw: st.DrawFn, scale: int = 1, categories: list[str] = CATEGORIES, unknown: int = 1
) -> pd.DataFrame:
    traits = {p: draw(participants(scale, unknown)) for p in ("a", "b", "c")}
    # With the shipped rulebooks' many scopes, a few rows at least so that most rules see some.
    least = 0 if scale == 1 else 8
    rows = draw(st.lists(declarations(scale, categories), min_size=least, max_size=30))
    # A burst of near-threshold payments to one payee on close dates, so structuring windows and
    # exact cap hits are exercised on most examples.
    burst = draw(
        st.lists(
            st.tuples(st.sampled_from(DATES[:6]), st.sampled_from(BURST_AMOUNTS)),
            max_size=6,
        )
    )
    for d, amount in burst:
        rows.append(
            {
                **draw(declarations(scale, categories)),
                "participant_id": "a",
                "value_date": d,
                "amount_mad_minor": amount * scale,
                "counterparty_key": "x",
                "has_rate": True,
                "direction": "outgoing",
            }
        )
    return make_facts([{**r, **traits[str(r["participant_id"])]} for r in rows])


def screening_dates(facts: pd.DataFrame, max_days: tuple[int, ...]) -> st.SearchStrategy[date]:
    """Screening dates: fixed ones, and the eve, day and morrow of the due dates (performance +
    each deadline) of the receipts not received, where one turns from open to breach."""
    waiting = facts[facts["received_date"].isna() & (facts["direction"] == "incoming")]
    performed = waiting["service_performance_date"].dropna().dt.date.unique().tolist()
    edges = {p + timedelta(days=m + d) for p in performed for m in max_days for d in (-1, 0, 1)}
    fixed = [date(2026, 2, 15), date(2026, 7, 1), date(2027, 1, 31)]
    return st.sampled_from([*fixed, *sorted(edges)])


def _key(f: Any) -> tuple[str, str]:
    return (f.rule_id, f.declaration_id)


def _check_against_reference(rulebook: Rulebook, facts: pd.DataFrame, as_of: date) -> None:
    got = sorted(engine_findings(evaluate(rulebook, facts, as_of=as_of).frame), key=_key)
    want = sorted(reference_evaluate(rulebook, facts, as_of=as_of), key=_key)
    assert got == want


@SETTINGS
@given(facts=facts_frames(), data=st.data())
def test_engine_equals_reference_on_a_rulebook_using_every_kind(
    facts: pd.DataFrame, data: st.DataObject
) -> None:
    as_of = data.draw(screening_dates(facts, SMALL_DEADLINES), label="as_of")
    _check_against_reference(SMALL, facts, as_of)


@settings(SETTINGS, max_examples=20)
@given(facts=facts_frames(SHIPPED_SCALE, SHIPPED_CATEGORIES), data=st.data())
def test_engine_equals_reference_on_the_shipped_rulebooks(
    facts: pd.DataFrame, data: st.DataObject
) -> None:
    as_of = data.draw(screening_dates(facts, SHIPPED_DEADLINES), label="as_of")
    for rulebook in SHIPPED.values():
        _check_against_reference(rulebook, facts, as_of)


# A finding's missing fact -> the participant column that holds it.
FACT_COLUMN = {
    "labelled": "labelled",
    "has_fx_account": "has_fx_account",
    "categorised_operator": "categorised_operator",
    "certified_accounts": "certified_accounts",
    "incorporated_on": "incorporated_on",
    "tax_paid_last_fy": "tax_paid_last_fy_minor",
    "pre_revenue": "pre_revenue",
    "is_cluster_member": "is_cluster_member",
}


def _completion(column: str, scale: int) -> st.SearchStrategy[Any]:
    if column == "incorporated_on":
        return st.sampled_from(INCORPORATED).map(pd.Timestamp)
    if column == "tax_paid_last_fy_minor":
        return st.sampled_from(TAXES).map(lambda t: t * scale)
    return st.booleans()


def _outcomes(rulebook: Rulebook, facts: pd.DataFrame, as_of: date) -> dict[Any, Any]:
    frame = evaluate(rulebook, facts, as_of=as_of).frame
    return {
        (str(r.rule_id), r.declaration_id): (
            str(r.outcome),
            tuple(m for m in str(r.missing_facts).split(",") if m),
        )
        for r in frame.itertuples(index=False)
    }


@settings(SETTINGS, max_examples=30)
@given(which=st.sampled_from(["small", IN_FORCE, PROPOSAL]), data=st.data())
def test_an_unknown_fact_never_decides_a_verdict(which: str, data: st.DataObject) -> None:
    """Learning an unknown participant fact (any value) never turns a breach into anything but
    a breach, nor a compliant finding into anything but compliant (or out of scope); a finding
    naming missing facts is needs_review and names only facts unknown for its participant."""
    scale = 1 if which == "small" else SHIPPED_SCALE
    rulebook = SMALL if which == "small" else SHIPPED[which]
    categories = CATEGORIES if which == "small" else SHIPPED_CATEGORIES
    facts = data.draw(facts_frames(scale, categories, unknown=3), label="facts")
    deadlines = SMALL_DEADLINES if which == "small" else SHIPPED_DEADLINES
    as_of = data.draw(screening_dates(facts, deadlines), label="as_of")
    participant_of = dict(zip(facts["declaration_id"], facts["participant_id"], strict=True))
    unknown = {
        str(pid): {f for f, c in FACT_COLUMN.items() if pd.isna(facts.loc[rows[0], c])}
        for pid, rows in facts.groupby("participant_id").groups.items()
    }
    before = _outcomes(rulebook, facts, as_of)
    for key, (outcome, missing) in before.items():
        if missing:
            assert outcome == "needs_review", (key, outcome, missing)
            assert set(missing) <= unknown[str(participant_of[key[1]])], (key, missing)
    for completion in range(2):  # two ways the unknown facts may turn out
        known = facts.copy()
        for pid, rows in facts.groupby("participant_id").groups.items():
            for fact in sorted(unknown[str(pid)]):
                column = FACT_COLUMN[fact]
                value = data.draw(_completion(column, scale), label=f"{completion}.{pid}.{fact}")
                known.loc[rows, column] = value
        after = _outcomes(rulebook, known, as_of)
        assert set(after) <= set(before), "knowing a fact never brings a declaration into scope"
        for key, (outcome, _) in before.items():
            if outcome == "breach":
                assert after.get(key, ("absent",))[0] == "breach", (key, after.get(key))
            if outcome == "compliant":
                assert after.get(key, ("compliant",))[0] == "compliant", (key, after.get(key))


@INVARIANCE
@given(facts=facts_frames(), seed=st.integers(0, 2**32 - 1))
def test_results_do_not_depend_on_row_order(facts: pd.DataFrame, seed: int) -> None:
    expected = evaluate(SMALL, facts, as_of=AS_OF).frame
    shuffled = facts.sample(frac=1.0, random_state=seed)
    got = evaluate(SMALL, shuffled, as_of=AS_OF).frame
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected.reset_index(drop=True), check_categorical=False
    )


@INVARIANCE
@given(facts=facts_frames(), split=st.lists(st.sampled_from([0, 1, 2]), min_size=3, max_size=3))
def test_results_do_not_depend_on_chunking_by_participant(
    facts: pd.DataFrame, split: list[int]
) -> None:
    whole = evaluate(SMALL, facts, as_of=AS_OF).frame
    chunk_of = dict(zip(("a", "b", "c"), split, strict=True))
    parts = [
        evaluate(SMALL, facts[facts["participant_id"].map(chunk_of) == c], as_of=AS_OF).frame
        for c in sorted(set(split))
    ]
    columns = [
        "rule_id",
        "declaration_id",
        "outcome",
        "measured_minor",
        "limit_minor",
        "window_start",
        "window_end",
        "contributing",
        "explanation_fr",
        "explanation_en",
    ]

    def normal(df: pd.DataFrame) -> list[tuple[Any, ...]]:
        df = df[columns].astype(
            {"rule_id": str, "outcome": str, "explanation_fr": str, "explanation_en": str}
        )
        return sorted(
            tuple(r) for r in df.astype(object).where(df.notna(), None).itertuples(index=False)
        )

    assert normal(pd.concat(parts)) == normal(whole)
