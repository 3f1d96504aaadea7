"""Period caps, tax-linked caps, per-payment caps and headroom, with exact expected findings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from backend.rule_engine import (
    CONTRIBUTING_SAMPLE,
    HEADROOM_READS,
    REQUIRED_COLUMNS,
    contributing_ids,
    evaluate,
    headroom,
    headroom_many,
)
from backend.rule_engine.conditions import FACT_BIT

from .conftest import finding, outcomes
from .factories import IN_FORCE, PROPOSAL, make_facts, one_rule, shipped

AS_OF = date(2026, 6, 1)
CAP = one_rule("CAP", "period_cap", {"cap_mad": "1000.00"}, {"directions": ["outgoing"]})


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [(date(2025, 12, 31), 800_00), (date(2026, 1, 1), 800_00)],
            {"d000": ("compliant", 800_00), "d001": ("compliant", 800_00)},
            id="31-december-and-1-january-are-different-periods",
        ),
        pytest.param(
            [(date(2026, 12, 30), 800_00), (date(2026, 12, 31), 800_00)],
            {"d000": ("compliant", 800_00), "d001": ("breach", 1600_00)},
            id="same-year-accumulates",
        ),
        pytest.param(
            [(date(2026, 3, 1), 1000_00)],
            {"d000": ("compliant", 1000_00)},
            id="exactly-at-the-cap-is-allowed",
        ),
        pytest.param(
            [(date(2026, 3, 1), 1200_00)],
            {"d000": ("breach", 1200_00)},
            id="one-payment-over-the-cap",
        ),
        pytest.param(
            [(date(2026, 3, 1), 400_00), (date(2026, 3, 2), 400_00), (date(2026, 3, 3), 400_00)],
            {
                "d000": ("compliant", 400_00),
                "d001": ("compliant", 800_00),
                "d002": ("breach", 1200_00),
            },
            id="split-payment-still-trips-the-cap",
        ),
    ],
)
def test_period_cap(rows: list[tuple[date, int]], expected: dict[str, tuple[str, int]]) -> None:
    facts = make_facts([{"value_date": d, "amount_mad_minor": a} for d, a in rows])
    found = evaluate(CAP, facts, as_of=AS_OF)
    got = {
        r["declaration_id"]: (str(r["outcome"]), int(r["measured_minor"]))
        for r in found.frame.to_dict("records")
    }
    assert got == expected
    assert set(found.frame["limit_minor"]) == {1000_00}


def test_period_cap_reports_window_and_contributors_of_a_breach() -> None:
    facts = make_facts(
        [
            {"value_date": date(2025, 12, 31), "amount_mad_minor": 900_00},
            {"value_date": date(2026, 1, 5), "amount_mad_minor": 600_00},
            {"value_date": date(2026, 2, 5), "amount_mad_minor": 500_00},
        ]
    )
    f = finding(evaluate(CAP, facts, as_of=AS_OF), "d002", "CAP")
    assert (f["outcome"], f["measured_minor"], f["limit_minor"], f["unit"]) == (
        "breach",
        1100_00,
        1000_00,
        "mad_minor",
    )
    assert (f["window_start"], f["window_end"]) == (date(2026, 1, 1), date(2026, 12, 31))
    assert f["contributing"] == ("d001", "d002")
    assert f["explanation_en"] == (
        "Cumulative 1,100.00 MAD in 2026 exceeds the annual cap of 1,000.00 MAD "
        "(Test proposal 2026, illustrative value)"
    )


def test_a_breach_names_only_the_latest_payments_of_its_total_and_counts_them_all() -> None:
    # 30 payments of 100 MAD: the 11th passes the 1,000 MAD cap, the 30th's total holds all 30.
    facts = make_facts(
        [{"value_date": date(2026, 1, 1 + i), "amount_mad_minor": 100_00} for i in range(30)]
    )
    found = evaluate(CAP, facts, as_of=AS_OF)
    frame = found.frame
    assert max(len(c) for c in frame["contributing"]) == CONTRIBUTING_SAMPLE == 10
    first_breach = finding(found, "d010", "CAP")
    assert first_breach["contributing"] == tuple(f"d{i:03d}" for i in range(1, 11))
    assert first_breach["contributing_count"] == 11
    last = finding(found, "d029", "CAP")
    assert (last["measured_minor"], last["contributing_count"]) == (3000_00, 30)
    assert last["contributing"] == tuple(f"d{i:03d}" for i in range(20, 30))
    compliant = finding(found, "d009", "CAP")
    assert (compliant["contributing"], compliant["contributing_count"]) == ((), 0)


def test_the_whole_list_of_contributing_payments_is_computed_on_demand() -> None:
    rows = [{"value_date": date(2026, 1, 1 + i), "amount_mad_minor": 100_00} for i in range(30)]
    # A payment of the previous year and an incoming one are not part of the 2026 total.
    rows.append({"value_date": date(2025, 12, 31), "amount_mad_minor": 5000_00})
    rows.append(
        {"value_date": date(2026, 2, 1), "amount_mad_minor": 100_00, "direction": "incoming"}
    )
    facts = make_facts(rows)
    rule = CAP.rules[0]

    whole = contributing_ids(
        rule, facts, as_of=AS_OF, window_from=date(2026, 1, 1), window_to=date(2026, 12, 31)
    )
    earlier = contributing_ids(
        rule, facts, as_of=AS_OF, window_from=date(2025, 1, 1), window_to=date(2025, 12, 31)
    )
    none = contributing_ids(
        rule, facts, as_of=AS_OF, window_from=date(2027, 1, 1), window_to=date(2027, 12, 31)
    )

    assert whole == tuple(f"d{i:03d}" for i in range(30))
    assert earlier == ("d030",)
    assert none == ()


def test_late_back_dated_declaration_turns_a_later_one_into_a_breach() -> None:
    march_10 = {"value_date": date(2026, 3, 10), "amount_mad_minor": 600_00}
    before = evaluate(CAP, make_facts([march_10]), as_of=AS_OF)
    assert outcomes(before, "CAP") == {"d000": "compliant"}
    # Declared afterwards (higher created_seq) but valued earlier: it counts first.
    late = {"value_date": date(2026, 3, 1), "amount_mad_minor": 600_00}
    after = evaluate(CAP, make_facts([march_10, late]), as_of=AS_OF)
    assert outcomes(after, "CAP") == {"d001": "compliant", "d000": "breach"}
    assert finding(after, "d000", "CAP")["contributing"] == ("d001", "d000")


def test_same_value_date_is_ordered_by_arrival() -> None:
    rows = [
        {"value_date": date(2026, 3, 1), "amount_mad_minor": 700_00, "created_seq": 9},
        {"value_date": date(2026, 3, 1), "amount_mad_minor": 700_00, "created_seq": 2},
    ]
    assert outcomes(evaluate(CAP, make_facts(rows), as_of=AS_OF), "CAP") == {
        "d001": "compliant",
        "d000": "breach",
    }


def test_an_unconverted_earlier_payment_makes_every_later_total_wait_naming_it() -> None:
    """Even a total already past the cap is not shown while it leaves out a declared payment:
    it would be a figure that omits one."""
    rows = [
        {"value_date": date(2026, 3, 1), "amount_mad_minor": 0, "has_rate": False},
        {"value_date": date(2026, 3, 2), "amount_mad_minor": 300_00},
        {"value_date": date(2026, 3, 3), "amount_mad_minor": 900_00},
    ]
    facts = make_facts(rows).assign(reference=["CARD-1", "CARD-2", "CARD-3"])
    found = evaluate(CAP, facts, as_of=AS_OF)
    assert outcomes(found, "CAP") == {
        "d000": "pending_rate",
        "d001": "pending_rate",
        "d002": "pending_rate",
    }
    assert [finding(found, d, "CAP")["measured_minor"] for d in ("d000", "d001", "d002")] == [
        None,
        None,
        None,
    ]
    assert finding(found, "d002", "CAP")["explanation_en"] == (
        "Cumulative in 2026 waits: payment CARD-1, declared, is not converted to MAD yet; "
        "annual cap of 1,000.00 MAD (Test proposal 2026, illustrative value)"
    )
    assert found.verdicts().to_dict() == {
        "d000": "pending_rate",
        "d001": "pending_rate",
        "d002": "pending_rate",
    }
    converted = make_facts([{**rows[0], "amount_mad_minor": 100_00, "has_rate": True}, *rows[1:]])
    assert [
        finding(evaluate(CAP, converted, as_of=AS_OF), d, "CAP")["measured_minor"]
        for d in ("d000", "d001", "d002")
    ] == [100_00, 400_00, 1_300_00]


def test_several_unconverted_payments_are_counted_with_the_plural_their_number_asks() -> None:
    rows = [
        {"value_date": date(2026, 3, 1), "amount_mad_minor": 0, "has_rate": False},
        {"value_date": date(2026, 3, 2), "amount_mad_minor": 0, "has_rate": False},
        {"value_date": date(2026, 3, 3), "amount_mad_minor": 0, "has_rate": False},
        {"value_date": date(2026, 3, 4), "amount_mad_minor": 900_00},
    ]
    facts = make_facts(rows).assign(reference=["CARD-1", "CARD-2", "CARD-3", "CARD-4"])
    found = evaluate(CAP, facts, as_of=AS_OF)
    second = finding(found, "d001", "CAP")
    assert "le paiement CARD-2 et 1 autre, déclarés, ne sont pas" in second["explanation_fr"]
    assert "payment CARD-2 and 1 other, declared, are not converted" in second["explanation_en"]
    last = finding(found, "d003", "CAP")
    assert "le paiement CARD-3 et 2 autres, déclarés" in last["explanation_fr"]
    assert "payment CARD-3 and 2 others, declared" in last["explanation_en"]


def test_participants_are_capped_separately() -> None:
    rows = [
        {"participant_id": "a", "amount_mad_minor": 700_00},
        {"participant_id": "b", "amount_mad_minor": 700_00},
    ]
    assert outcomes(evaluate(CAP, make_facts(rows), as_of=AS_OF), "CAP") == {
        "d000": "compliant",
        "d001": "compliant",
    }


def test_shipped_jei_cap_explanation_in_french() -> None:
    rows = [
        {"value_date": date(2026, 2, 1), "amount_mad_minor": 2_000_000_00},
        {"value_date": date(2026, 2, 20), "amount_mad_minor": 150_000_00},
    ]
    f = finding(
        evaluate(shipped(IN_FORCE), make_facts(rows), as_of=AS_OF), "d001", "ECOM_JEI_ANNUAL_CAP"
    )
    assert f["explanation_fr"] == (
        "Cumul 2 150 000,00 MAD en 2026 au-delà du plafond annuel de 2 000 000,00 MAD "
        "(IGOC 2026; Le Reporter, 2026-02-17, valeur presse)"
    )
    proposed = evaluate(shipped(PROPOSAL), make_facts(rows), as_of=AS_OF)
    assert outcomes(proposed, "ECOM_JEI_ANNUAL_CAP") == {"d000": "compliant", "d001": "compliant"}


def test_labelled_only_from_the_label_date() -> None:
    rows = [
        {"value_date": date(2026, 2, 1), "labelled_since": date(2026, 3, 1)},
        {"value_date": date(2026, 3, 1), "labelled_since": date(2026, 3, 1)},
    ]
    found = evaluate(shipped(IN_FORCE), make_facts(rows), as_of=AS_OF)
    assert outcomes(found, "ECOM_JEI_ANNUAL_CAP") == {"d001": "compliant"}
    assert outcomes(found, "ECOM_COMPANY_ANNUAL_CAP") == {"d000": "compliant"}


def test_tax_linked_cap_is_the_smaller_of_cap_and_multiple_of_tax() -> None:
    rows = [
        {
            "labelled": False,
            "tax_paid_last_fy_minor": 50_000_00,
            "amount_mad_minor": 30_000_00,
            "value_date": date(2026, 1, 10),
        },
        {
            "labelled": False,
            "tax_paid_last_fy_minor": 50_000_00,
            "amount_mad_minor": 30_000_00,
            "value_date": date(2026, 1, 11),
        },
        {
            "participant_id": "rich",
            "labelled": False,
            "tax_paid_last_fy_minor": 900_000_00,
            "amount_mad_minor": 199_000_00,
        },
    ]
    found = evaluate(shipped(IN_FORCE), make_facts(rows), as_of=AS_OF)
    assert outcomes(found, "ECOM_COMPANY_ANNUAL_CAP") == {
        "d000": "compliant",
        "d001": "breach",
        "d002": "compliant",
    }
    assert finding(found, "d001", "ECOM_COMPANY_ANNUAL_CAP")["limit_minor"] == 50_000_00
    assert finding(found, "d002", "ECOM_COMPANY_ANNUAL_CAP")["limit_minor"] == 200_000_00
    proposed = evaluate(shipped(PROPOSAL), make_facts(rows), as_of=AS_OF)
    assert finding(proposed, "d001", "ECOM_COMPANY_ANNUAL_CAP")["limit_minor"] == 500_000_00


def test_fractional_tax_multiple_rounds_down_to_the_centime() -> None:
    rb = one_rule("TAX", "tax_linked_cap", {"cap_mad": "1000.00", "tax_multiple": "0.333"})
    found = evaluate(rb, make_facts([{"tax_paid_last_fy_minor": 1_01}]), as_of=AS_OF)
    assert finding(found, "d000", "TAX")["limit_minor"] == 33  # 1.01 x 0.333 = 0.33633


def test_cap_overrides_and_floors() -> None:
    rows = [
        {
            "category": "BUSINESS_TRAVEL",
            "participant_id": "cat",
            "categorised_operator": True,
            "amount_mad_minor": 1_200_000_00,
        },
        {
            "category": "BUSINESS_TRAVEL",
            "participant_id": "plain",
            "amount_mad_minor": 1_200_000_00,
        },
    ]
    found = evaluate(shipped(IN_FORCE), make_facts(rows), as_of=AS_OF)
    assert outcomes(found, "BIZ_TRAVEL_ANNUAL_CAP") == {"d000": "compliant", "d001": "breach"}
    floored = one_rule(
        "TRAVEL",
        "period_cap",
        {"cap_mad": "100.00", "floors": [{"when": {"pre_revenue": True}, "floor_mad": "300.00"}]},
    )
    found = evaluate(
        floored, make_facts([{"pre_revenue": True}, {"participant_id": "x"}]), as_of=AS_OF
    )
    assert finding(found, "d000", "TRAVEL")["limit_minor"] == 300_00
    assert finding(found, "d001", "TRAVEL")["limit_minor"] == 100_00


@pytest.mark.parametrize(
    ("share", "months", "in_force", "proposed"),
    [
        (3000, None, "compliant", "compliant"),
        (3001, None, "breach", "breach"),
        (10000, 12, "breach", "compliant"),
        (10000, 13, "breach", "breach"),
    ],
)
def test_advance_share_cap(share: int, months: int | None, in_force: str, proposed: str) -> None:
    facts = make_facts([{"advance_share_bp": share, "subscription_months": months}])
    f = finding(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "d000", "SVC_ADVANCE_MAX_PCT")
    assert (f["outcome"], f["measured_minor"], f["limit_minor"], f["unit"]) == (
        in_force,
        share,
        3000,
        "bp",
    )
    g = finding(evaluate(shipped(PROPOSAL), facts, as_of=AS_OF), "d000", "SVC_ADVANCE_MAX_PCT")
    assert g["outcome"] == proposed


def test_advance_cap_ignores_payments_without_an_advance() -> None:
    found = evaluate(shipped(IN_FORCE), make_facts([{}]), as_of=AS_OF)
    assert outcomes(found, "SVC_ADVANCE_MAX_PCT") == {}


def test_per_payment_amount_cap() -> None:
    rb = one_rule("ONE", "per_payment_cap", {"measure": "amount", "cap_mad": "500.00"})
    facts = make_facts(
        [{"amount_mad_minor": 500_00}, {"amount_mad_minor": 500_01}, {"has_rate": False}]
    )
    assert outcomes(evaluate(rb, facts, as_of=AS_OF), "ONE") == {
        "d000": "compliant",
        "d001": "breach",
        "d002": "pending_rate",
    }


def test_headroom_for_the_current_period() -> None:
    rows = [
        {"value_date": date(2025, 12, 31), "amount_mad_minor": 900_000_00},
        {"value_date": date(2026, 1, 2), "amount_mad_minor": 300_000_00},
        {"value_date": date(2026, 4, 2), "amount_mad_minor": 0, "has_rate": False},
        {"participant_id": "p2", "labelled": False, "amount_mad_minor": 10_00},
    ]
    h = headroom(shipped(IN_FORCE), make_facts(rows), AS_OF)
    jei = h[h["rule_id"] == "ECOM_JEI_ANNUAL_CAP"].to_dict("records")
    assert jei == [
        {
            "participant_id": "p1",
            "rule_id": "ECOM_JEI_ANNUAL_CAP",
            "limit_minor": 2_000_000_00,
            "limit_low_minor": 2_000_000_00,
            "missing_mask": 0,
            "used_minor": 300_000_00,
            "left_minor": 1_700_000_00,
            "left_low_minor": 1_700_000_00,
            "pending_count": 1,
            "period_start": pd.Timestamp(2026, 1, 1),
            "period_end": pd.Timestamp(2026, 12, 31),
            "reset_on": pd.Timestamp(2027, 1, 1),
        }
    ]
    company = h[h["rule_id"] == "ECOM_COMPANY_ANNUAL_CAP"]
    assert company[["participant_id", "limit_minor", "used_minor", "left_minor"]].to_dict(
        "records"
    ) == [
        {
            "participant_id": "p2",
            "limit_minor": 50_000_00,
            "used_minor": 10_00,
            "left_minor": 49_990_00,
        }
    ]


def test_headroom_bounds_a_cap_that_hangs_on_an_unknown_fact() -> None:
    # Tax paid last year unknown: the company cap is anywhere from 0 to the flat cap.
    rows = [{"participant_id": "p2", "labelled": False, "amount_mad_minor": 10_00}]
    facts = make_facts(rows)
    facts["tax_paid_last_fy_minor"] = pd.array([None], dtype="Int64")
    h = headroom(shipped(IN_FORCE), facts, AS_OF)
    (row,) = h[h["rule_id"] == "ECOM_COMPANY_ANNUAL_CAP"].to_dict("records")
    assert (row["limit_low_minor"], row["left_low_minor"]) == (0, 0)
    assert row["limit_minor"] > 0
    assert row["left_minor"] == row["limit_minor"] - 10_00
    assert row["missing_mask"] == FACT_BIT["tax_paid_last_fy"]


def test_headroom_reads_only_the_columns_it_declares() -> None:
    # Given facts whose every column outside HEADROOM_READS is replaced by other valid values,
    # when headroom is computed under both shipped rulebooks, then nothing changes.
    rows = [
        {"value_date": date(2026, 1, 2), "amount_mad_minor": 300_000_00, "category": "DIGITAL_ADS"},
        {"value_date": date(2026, 3, 9), "amount_mad_minor": 40_000_00, "channel": "transfer"},
        {"value_date": date(2026, 4, 2), "amount_mad_minor": 0, "has_rate": False},
        {"participant_id": "p2", "labelled": False, "amount_mad_minor": 10_00},
        {"participant_id": "p3", "direction": "incoming", "amount_mad_minor": 70_00},
    ]
    facts = make_facts(rows)
    others = [c for c in REQUIRED_COLUMNS if c not in HEADROOM_READS]
    assert set(others) == {
        "declaration_id",
        "created_seq",
        "counterparty_key",
        "document_kinds",
        "service_performance_date",
        "expected_repatriation_date",
        "received_date",
        "advance_share_bp",
    }
    scrambled = facts.assign(
        declaration_id=[f"x{i}" for i in range(len(facts))][::-1],
        created_seq=list(range(len(facts), 0, -1)),
        counterparty_key="SOMEONE ELSE",
        document_kinds=[("invoice",)] * len(facts),
        service_performance_date=pd.Timestamp(2020, 1, 1),
        expected_repatriation_date=pd.NaT,
        received_date=pd.Timestamp(2021, 5, 5),
        advance_share_bp=pd.array([5_000] * len(facts), dtype="Int64"),
        rate_lag_days=pd.array([9] * len(facts), dtype="Int64"),
        rate_is_estimate=pd.array([True] * len(facts), dtype="boolean"),
    )
    books = [shipped(IN_FORCE), shipped(PROPOSAL)]
    expected = [headroom(book, facts, AS_OF) for book in books]
    for got, want in zip(headroom_many(books, scrambled, AS_OF), expected, strict=True):
        assert len(want) > 0
        pd.testing.assert_frame_equal(got, want)
