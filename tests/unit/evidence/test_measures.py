"""Each impact measure on the hand-computed dataset of `data.py`, with exact expected numbers."""

from datetime import date

import pandas as pd

from backend.evidence import measures
from backend.evidence.measures import TOTAL, impact_measures, kind_verdicts, participant_table
from tests.unit.evidence.data import frames


def cells(table, row_dim, col_dim="pair"):
    """{(row, col): (declarations, participants, mad_minor)} for the non-empty cells."""
    return {
        (r[row_dim], r[col_dim]): (r["declarations"], r["participants"], r["mad_minor"])
        for r in table.to_dict("records")
        if r["participants"] > 0
    }


def build():
    return impact_measures(**frames())


def build_from(data):
    return impact_measures(**data)


def test_verdict_pairs_count_declarations_participants_and_mad():
    # Given eight declarations, when the pairs are measured, then each lands in its pair
    # (D8's later in-force version speaks: breach now, compliant under the proposal).
    pairs = cells(build().tables["pairs"], "scope")
    assert pairs == {
        ("all", "unlocked"): (3, 1, 310_000),
        ("all", "breach_both"): (1, 1, 300_000),
        ("all", "compliant_both"): (1, 1, 50_000),
        ("all", "newly_blocked"): (1, 1, 70_000),
        ("all", "review_or_pending"): (1, 1, 30_000),
        ("all", "not_trialled"): (1, 1, 40_000),
        ("all", TOTAL): (8, 4, 800_000),
        (TOTAL, "unlocked"): (3, 1, 310_000),
        (TOTAL, "breach_both"): (1, 1, 300_000),
        (TOTAL, "compliant_both"): (1, 1, 50_000),
        (TOTAL, "newly_blocked"): (1, 1, 70_000),
        (TOTAL, "review_or_pending"): (1, 1, 30_000),
        (TOTAL, "not_trialled"): (1, 1, 40_000),
        (TOTAL, TOTAL): (8, 4, 800_000),
    }


def test_monthly_series():
    monthly = cells(build().tables["monthly"], "month")
    assert monthly[("2026-01", "unlocked")] == (1, 1, 100_000)
    assert monthly[("2026-02", "unlocked")] == (2, 1, 210_000)
    assert monthly[("2026-01", TOTAL)] == (3, 3, 190_000)
    assert monthly[("2026-02", TOTAL)] == (5, 3, 610_000)
    assert ("2026-01", "newly_blocked") not in monthly
    assert monthly[("2026-02", "newly_blocked")] == (1, 1, 70_000)


def test_breakdowns_by_category_cluster_sector_and_country():
    measures = build()
    by_cluster = cells(measures.tables["by_cluster"], "cluster")
    assert by_cluster[("MNC", TOTAL)] == (5, 2, 660_000)
    assert by_cluster[("CAP", TOTAL)] == (2, 1, 100_000)
    assert by_cluster[("NONE", "not_trialled")] == (1, 1, 40_000)
    assert by_cluster[("MNC", "unlocked")] == (3, 1, 310_000)
    by_category = cells(measures.tables["by_category"], "category")
    assert by_category[("SAAS_CLOUD", TOTAL)] == (5, 3, 650_000)
    assert by_category[("ADVERTISING", "newly_blocked")] == (1, 1, 70_000)
    by_sector = cells(measures.tables["by_sector"], "sector")
    assert by_sector[("Logiciel", TOTAL)] == (6, 3, 450_000)
    assert by_sector[("Fintech", TOTAL)] == (2, 1, 350_000)
    by_country = cells(measures.tables["by_country"], "country")
    assert by_country[("IE", TOTAL)] == (5, 3, 650_000)
    assert by_country[("FR", "review_or_pending")] == (1, 1, 30_000)
    assert by_country[("US", "compliant_both")] == (1, 1, 50_000)


def test_every_cell_of_the_grid_is_present_including_zeros():
    table = build().tables["by_cluster"]
    # 3 clusters + TOTAL rows, 6 pairs + TOTAL columns.
    assert len(table) == 4 * 7
    zero = table[(table["cluster"] == "CAP") & (table["pair"] == "unlocked")]
    assert zero[["declarations", "participants", "mad_minor"]].values.tolist() == [[0, 0, 0]]


def test_allowance_usage_distribution_under_both_rulebooks():
    table = build().tables["allowance"]
    counts = {
        (r["bucket"], r["allowance"]): r["participants"]
        for r in table.to_dict("records")
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
        ("0-20", TOTAL): 1,
        ("40-60", TOTAL): 1,
        ("60-80", TOTAL): 1,
        ("80-100", TOTAL): 2,
        ("100+", TOTAL): 1,
        (TOTAL, TOTAL): 4,
    }
    used = table[(table["bucket"] == "100+") & (table["allowance"] == "in_force:CARD_CAP")]
    assert used["used_minor"].tolist() == [250_000_000]


def test_no_period_rule_in_scope_gives_an_empty_allowance_table():
    data = frames()
    data["usage"] = data["usage"].iloc[0:0].astype(float)  # as headroom answers without rules
    table = build_from(data).tables["allowance"]
    assert table["participants"].sum() == 0
    assert set(table["allowance"]) == {TOTAL}


def test_review_outcomes_and_friction():
    table = build().tables["reviews"].set_index("outcome")
    assert table.loc["allowed_under_sandbox", ["cases", "participants", "days_total"]].tolist() == [
        2,
        2,
        10,
    ]
    assert table.loc["breach_confirmed", "documents_requested"] == 2
    assert table.loc[
        TOTAL, ["cases", "participants", "days_total", "documents_requested"]
    ].tolist() == [
        3,
        2,
        20,
        3,
    ]


def test_participant_drill_down():
    data = frames()
    table = participant_table(data["declarations"], data["participants"])
    first = table.iloc[0]
    assert (first["name"], first["unlocked_declarations"], first["unlocked_mad_minor"]) == (
        "Alpha",
        3,
        310_000,
    )
    assert table["name"].tolist() == ["Alpha", "Beta", "Delta", "Gamma"]
    assert table["total_mad_minor"].tolist() == [310_000, 350_000, 40_000, 100_000]


def test_results_do_not_depend_on_input_order():
    data = frames()
    shuffled = {k: v.sample(frac=1, random_state=7) for k, v in data.items()}
    a, b = impact_measures(**data), impact_measures(**shuffled)
    for name in a.tables:
        key = list(a.dims[name])
        left = a.tables[name].sort_values(key).reset_index(drop=True)
        right = b.tables[name].sort_values(key).reset_index(drop=True)
        assert left.equals(right), name


def test_the_latest_effective_version_of_a_kind_speaks():
    # Given verdicts of two in-force versions and one proposal, when they are combined per kind,
    # then the later in-force version speaks where it gave a verdict, the earlier elsewhere.
    verdicts = pd.DataFrame(
        {
            "v_jan": ["compliant", "compliant", None, None],
            "v_feb": ["breach", None, "needs_review", None],
            "p_jan": ["compliant", None, None, "breach"],
        }
    )
    versions = [
        ("v_feb", "in_force", date(2026, 2, 15)),
        ("p_jan", "proposed", date(2026, 1, 1)),
        ("v_jan", "in_force", date(2026, 1, 1)),
    ]
    kinds = kind_verdicts(verdicts, versions)
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


def test_tables_too_wide_for_a_presence_array_count_the_same(monkeypatch):
    # Given the measures counted with a presence array, when every table is too wide for one
    # (participants are then hashed per cell), then every table is the same.
    dense = build()
    monkeypatch.setattr(measures, "DENSE_CELLS", 0)
    hashed = build()
    for name, table in dense.tables.items():
        assert table.equals(hashed.tables[name]), name
