"""Each impact measure on the hand-computed dataset of `data.py`, with exact expected numbers:
verdict pairs split into their law-backed and illustrative parts, monthly series, breakdowns,
allowance usage and review outcomes (the regulators' exact view)."""

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from backend.evidence.compute import cubes_build
from backend.evidence.measures import (
    basis_codes,
    kind_verdicts,
    outcome_codes,
    pair_codes,
    participant_table,
)
from backend.evidence.present import measures_payload
from tests.unit.evidence.data import frames

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def payload(data=None):
    cubes = cubes_build(data or frames(), date_from=YEAR[0], date_to=YEAR[1], published=False)
    return measures_payload(cubes, where=None, params=None)


def cell(rows, dim, value, pair, basis="TOTAL"):
    row = next(r for r in rows if r[dim] == value and r["pair"] == pair and r["basis"] == basis)
    return (row["declarations"], row["participants"], row["mad"])


def test_verdict_pairs_split_what_rests_on_law_from_what_rests_on_illustrative_values():
    # Given eight declarations, when the pairs are measured,
    headline = payload()["headline"]
    # then the unlocked pair's three declarations are two law-backed (D1 and D8, whose later
    # in-force version speaks) and one resting on an illustrative value only (D2),
    assert headline["unlocked"]["law"] == {
        "declarations": 2,
        "participants": 1,
        "mad": "1100.00",
        "suppressed": False,
    }
    assert headline["unlocked"]["illustrative"]["declarations"] == 1
    assert headline["unlocked"]["illustrative"]["mad"] == "2000.00"
    assert headline["unlocked"]["TOTAL"]["declarations"] == 3
    # a review resting on an illustrative rule is apart from the law-backed ones,
    assert headline["review_or_pending"]["illustrative"]["declarations"] == 1
    assert headline["review_or_pending"]["law"]["declarations"] == 0
    # a compliant-now pair rests on no rule: all law, its illustrative part an empty cell,
    assert headline["compliant_both"]["law"]["mad"] == "500.00"
    assert headline["compliant_both"]["illustrative"]["declarations"] == 0
    assert headline["newly_blocked"]["TOTAL"]["mad"] == "700.00"
    assert headline["breach_both"]["law"]["mad"] == "3000.00"
    assert headline["not_trialled"]["law"]["mad"] == "400.00"
    # and the total counts every declaration once.
    assert headline["TOTAL"]["TOTAL"] == {
        "declarations": 8,
        "participants": 4,
        "mad": "8000.00",
        "suppressed": False,
    }


def test_monthly_series_and_breakdowns():
    tables = payload()["tables"]
    monthly = tables["monthly"]
    assert cell(monthly, "month", "2026-01", "unlocked", "law") == (1, 1, "1000.00")
    assert cell(monthly, "month", "2026-02", "unlocked", "law") == (1, 1, "100.00")
    assert cell(monthly, "month", "2026-02", "unlocked", "illustrative") == (1, 1, "2000.00")
    assert cell(monthly, "month", "2026-01", "TOTAL") == (3, 3, "1900.00")
    assert cell(monthly, "month", "2026-12", "TOTAL") == (0, 0, "0.00")  # every month listed
    assert cell(monthly, "month", "TOTAL", "TOTAL") == (8, 4, "8000.00")
    by_cluster = tables["by_cluster"]
    assert cell(by_cluster, "cluster", "MNC", "TOTAL") == (5, 2, "6600.00")
    assert cell(by_cluster, "cluster", "CAP", "unlocked") == (0, 0, "0.00")
    by_category = tables["by_category"]
    assert cell(by_category, "category", "ADVERTISING", "newly_blocked") == (1, 1, "700.00")
    by_country = tables["by_country"]
    assert cell(by_country, "country", "FR", "review_or_pending", "illustrative") == (
        1,
        1,
        "300.00",
    )
    # Each row value × 6 pairs × 3 bases + the grand total, for each value and the total row.
    assert len(by_cluster) == 4 * (6 * 3 + 1)


def test_allowance_usage_distribution_under_both_rulebooks():
    body = payload()
    counts = {
        (r["bucket"], r["allowance"]): r["participants"]
        for r in body["tables"]["allowance"]
        if r["participants"]
    }
    assert counts == {
        ("0-20", "in_force:CARD_CAP"): 1,
        ("80-100", "in_force:CARD_CAP"): 2,  # 95 % and exactly 80 %
        ("100+", "in_force:CARD_CAP"): 1,
        ("40-60", "proposed:CARD_CAP"): 1,
        ("60-80", "proposed:CARD_CAP"): 1,
        ("TOTAL", "in_force:CARD_CAP"): 4,
        ("TOTAL", "proposed:CARD_CAP"): 2,
    }
    used = next(
        r
        for r in body["tables"]["allowance"]
        if (r["bucket"], r["allowance"]) == ("100+", "in_force:CARD_CAP")
    )
    assert used["used_mad"] == "2500000.00"
    summary = {a["allowance"]: a for a in body["allowances"]}
    assert summary["in_force:CARD_CAP"]["near_cap"] == 3
    assert summary["in_force:CARD_CAP"]["at_cap"] == 1


def test_no_period_rule_in_scope_gives_an_empty_allowance_table():
    data = frames()
    empty = data.usage.iloc[0:0].astype(float)  # as headroom answers without rules
    body = payload(replace(data, usage=empty))
    assert body["tables"]["allowance"] == []
    assert body["allowances"] == []


def test_review_outcomes_and_friction():
    rows = {r["outcome"]: r for r in payload()["tables"]["reviews"]}
    allowed = rows["allowed_under_sandbox"]
    assert (allowed["cases"], allowed["participants"], allowed["days_total"]) == (2, 2, 10)
    assert rows["breach_confirmed"]["documents_requested"] == 2
    total = rows["TOTAL"]
    assert (total["cases"], total["participants"], total["days_total"]) == (3, 2, 20)
    assert total["documents_requested"] == 3


def test_participant_drill_down():
    data = frames()
    table = participant_table(data.declarations, data.participants)
    first = table.iloc[0]
    assert (first["name"], first["unlocked_declarations"], first["unlocked_mad_minor"]) == (
        "Alpha",
        3,
        310_000,
    )
    assert (first["unlocked_law_declarations"], first["unlocked_illustrative_mad_minor"]) == (
        2,
        200_000,
    )
    assert table["name"].tolist() == ["Alpha", "Beta", "Delta", "Gamma"]
    assert table["total_mad_minor"].tolist() == [310_000, 350_000, 40_000, 100_000]


def test_results_do_not_depend_on_input_order():
    data = frames()
    shuffled = replace(
        data,
        declarations=data.declarations.sample(frac=1, random_state=7),
        participants=data.participants.sample(frac=1, random_state=7),
        usage=data.usage.sample(frac=1, random_state=7),
        reviews=data.reviews.sample(frac=1, random_state=7),
    )
    assert payload(shuffled) == payload(data)


def test_the_latest_effective_version_of_a_kind_speaks_with_its_law_flag():
    # Given verdicts of two in-force versions and one proposal, when they are combined per kind,
    # then the later in-force version speaks where it gave a verdict, the earlier elsewhere,
    # and the in-force law flag is the speaking version's.
    verdicts = pd.DataFrame(
        {
            "v_jan": ["breach", "compliant", None, None],
            "v_feb": ["breach", None, "needs_review", None],
            "p_jan": ["compliant", None, None, "breach"],
            "law_jan": np.asarray([1, 0, 0, 0], dtype=np.int8),
            "law_feb": np.asarray([0, 0, 1, 0], dtype=np.int8),
            "law_p": np.asarray([0, 0, 0, 0], dtype=np.int8),
        }
    )
    versions = [
        ("v_feb", "in_force", date(2026, 2, 15)),
        ("p_jan", "proposed", date(2026, 1, 1)),
        ("v_jan", "in_force", date(2026, 1, 1)),
    ]
    law = {"v_jan": "law_jan", "v_feb": "law_feb", "p_jan": "law_p"}
    kinds = kind_verdicts(verdicts, versions, law)
    assert kinds["in_force"].astype(object).fillna("none").tolist() == [
        "breach",
        "compliant",
        "needs_review",
        "none",
    ]
    assert kinds["proposed"].astype(object).fillna("none").tolist() == [
        "compliant",
        "none",
        "none",
        "breach",
    ]
    assert kinds["in_force_law"].tolist() == [0, 0, 1, 0]


def test_basis_is_illustrative_only_for_a_breach_or_review_without_a_law_backed_finding():
    declarations = pd.DataFrame(
        {
            "in_force": ["breach", "breach", "needs_review", "compliant", "pending_rate", None],
            "proposed": ["compliant"] * 6,
            "in_force_law": np.asarray([1, 0, 0, 0, 0, 0], dtype=np.int8),
        }
    )
    assert basis_codes(declarations).tolist() == [0, 1, 1, 0, 0, 0]
    assert pair_codes(declarations).tolist() == [0, 0, 4, 2, 4, 4]
    # unlocked/law, unlocked/illustrative, review/illustrative, compliant_both, review/law x2
    assert outcome_codes(declarations).tolist() == [0, 1, 7, 4, 6, 6]
