"""Properties: the vectorised engine equals the per-row reference, whatever the row order or
the partition of participants into chunks."""

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
AMOUNTS = st.one_of(
    st.sampled_from(
        [0, 100_00, 250_00, 500_00, 500_01, 600_00, 600_01, 900_00, 950_00, 999_99, 1000_00]
    ),
    st.sampled_from([900_00, 950_00, 999_99]),
    st.integers(0, 2_500_00),
)


@st.composite
def participants(draw: st.DrawFn) -> dict[str, Any]:
    # Every participant fact is known-true, known-false or (None) unknown.
    fact = st.sampled_from([True, False, True, False, None])
    return {
        "labelled": draw(fact),
        "labelled_since": draw(st.sampled_from([None, date(2025, 6, 1), date(2026, 1, 3)])),
        "incorporated_on": draw(
            st.sampled_from([None, date(2022, 12, 28), date(2023, 1, 2), date(2020, 2, 29)])
        ),
        "has_fx_account": draw(fact),
        "categorised_operator": draw(fact),
        "tax_paid_last_fy_minor": draw(st.sampled_from([0, 1_01, 900_00, 10_000_00, None])),
        "region": draw(st.sampled_from(["Oriental", "Souss-Massa", None])),
        "is_cluster_member": draw(fact),
        "pre_revenue": draw(fact),
        "certified_accounts": draw(st.sampled_from([None, True, False])),
    }


@st.composite
def declarations(draw: st.DrawFn) -> dict[str, Any]:
    def day(lo: int, hi: int) -> date:
        return START + timedelta(days=draw(st.integers(lo, hi)))

    return {
        "participant_id": draw(st.sampled_from(["a", "a", "b", "c"])),
        "value_date": draw(
            st.one_of(st.sampled_from(DATES), st.builds(day, st.just(0), st.just(110)))
        ),
        "created_seq": draw(st.integers(0, 6)),
        "direction": draw(st.sampled_from(["outgoing", "outgoing", "outgoing", "incoming"])),
        "category": draw(st.sampled_from(["SAAS_CLOUD", "TELECOM", "INVEST_ABROAD", "RND"])),
        "channel": draw(st.sampled_from(["card", "transfer"])),
        "counterparty_country": draw(st.sampled_from(["IE", "FR", "KP", "IR", "US", None])),
        "counterparty_key": draw(st.sampled_from(["x", "x", "x", "y", None])),
        "amount_mad_minor": draw(AMOUNTS),
        "has_rate": draw(st.sampled_from([True, True, True, False])),
        "document_kinds": draw(
            st.sampled_from([None, (), ("contract",), ("invoice", "contract"), ("invoice",)])
        ),
        "service_performance_date": draw(st.sampled_from([None, day(0, 60)])),
        "received_date": draw(st.sampled_from([None, day(0, 90)])),
        "advance_share_bp": draw(st.sampled_from([None, 2999, 3000, 3001, 10000])),
        "subscription_months": draw(st.sampled_from([None, 6, 12, 24])),
        "rate_lag_days": draw(st.sampled_from([None, 0, 2, 3])),
        "rate_is_estimate": draw(st.sampled_from([None, False, True])),
    }


@st.composite
def facts_frames(draw: st.DrawFn) -> pd.DataFrame:
    traits = {p: draw(participants()) for p in ("a", "b", "c")}
    rows = draw(st.lists(declarations(), min_size=0, max_size=30))
    # A burst of near-threshold payments to one payee on close dates, so structuring windows and
    # exact cap hits are exercised on most examples.
    burst = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DATES[:6]),
                st.sampled_from([500_00, 899_99, 900_00, 950_00, 999_99]),
            ),
            max_size=6,
        )
    )
    for d, amount in burst:
        rows.append(
            {
                **draw(declarations()),
                "participant_id": "a",
                "value_date": d,
                "amount_mad_minor": amount,
                "counterparty_key": "x",
                "has_rate": True,
                "direction": "outgoing",
            }
        )
    return make_facts([{**r, **traits[str(r["participant_id"])]} for r in rows])


def _key(f: Any) -> tuple[str, str]:
    return (f.rule_id, f.declaration_id)


def _check_against_reference(rulebook: Rulebook, facts: pd.DataFrame) -> None:
    got = sorted(engine_findings(evaluate(rulebook, facts, as_of=AS_OF).frame), key=_key)
    want = sorted(reference_evaluate(rulebook, facts, as_of=AS_OF), key=_key)
    assert got == want


@SETTINGS
@given(facts=facts_frames())
def test_engine_equals_reference_on_a_rulebook_using_every_kind(facts: pd.DataFrame) -> None:
    _check_against_reference(SMALL, facts)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=facts_frames())
def test_engine_equals_reference_on_the_shipped_rulebooks(facts: pd.DataFrame) -> None:
    for name in (IN_FORCE, PROPOSAL):
        _check_against_reference(shipped(name), facts)


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
