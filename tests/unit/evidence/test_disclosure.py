"""Disclosure control: primary and complementary suppression, rounding, the k floor."""

import numpy as np
import pandas as pd

from backend.evidence.disclosure import DisclosureParams, disclose, round_minor
from backend.evidence.measures import TOTAL, impact_measures

K = 5


def clustered_frames():
    """Cluster A: six unlocked and six compliant participants; cluster B: FOUR unlocked (below
    k) and six compliant; one declaration of 1,000 MAD each."""
    rows = []
    groups = [
        ("A", "unlocked", 6),
        ("A", "compliant_both", 6),
        ("B", "unlocked", 4),
        ("B", "compliant_both", 6),
    ]
    for cluster, pair, n in groups:
        for i in range(n):
            rows.append((f"{cluster}-{pair}-{i}", cluster, pair))
    declarations = pd.DataFrame(
        {
            "declaration_id": [r[0] for r in rows],
            "participant_id": [r[0] for r in rows],
            "value_date": pd.Timestamp("2026-03-02"),
            "category": "SAAS_CLOUD",
            "country": "IE",
            "channel": "card",
            "amount_minor": 100_000,
        }
    )
    verdicts = {"unlocked": ("breach", "compliant"), "compliant_both": ("compliant", "compliant")}
    declarations["in_force"] = [verdicts[r[2]][0] for r in rows]
    declarations["proposed"] = [verdicts[r[2]][1] for r in rows]
    participants = pd.DataFrame(
        {
            "participant_id": [r[0] for r in rows],
            "name": [r[0] for r in rows],
            "cluster": [r[1] for r in rows],
            "sector": "Logiciel",
            "region": "Casablanca-Settat",
            "labelled": True,
        }
    )
    return impact_measures(declarations=declarations, participants=participants)


def hidden(table, row_dim):
    return {(r[row_dim], r["pair"]) for r in table.to_dict("records") if r["suppressed"]}


def test_a_cell_of_four_participants_is_hidden_with_its_complementary_cells():
    # Given B × unlocked built from 4 participants, when disclosed with k = 5,
    shown = disclose(clustered_frames(), DisclosureParams(min_participants=K, rounding_mad=1000))
    table = shown.tables["by_cluster"]
    # then it is hidden (primary), and so are the cells that would give it away by
    # subtraction from the published totals: B × compliant (row B), A × unlocked (column
    # unlocked), and A × compliant (row A then has one hidden cell left).
    assert hidden(table, "cluster") == {
        ("B", "unlocked"),
        ("B", "compliant_both"),
        ("A", "unlocked"),
        ("A", "compliant_both"),
    }
    cell = table[(table["cluster"] == "B") & (table["pair"] == "unlocked")].iloc[0]
    assert (cell["declarations"], cell["participants"], cell["mad_minor"]) == (None, None, None)
    # The totals stay published and exact to the rounding.
    total = table[(table["cluster"] == "B") & (table["pair"] == TOTAL)].iloc[0]
    assert (total["declarations"], total["participants"], total["mad_minor"]) == (10, 10, 1_000_000)


def test_no_published_line_has_exactly_one_hidden_cell():
    shown = disclose(clustered_frames(), DisclosureParams(min_participants=K, rounding_mad=1000))
    for name, (row, col) in shown.dims.items():
        table = shown.tables[name]
        for dim in (row, col):
            counts = table.groupby(dim)["suppressed"].sum()
            assert not (counts == 1).any(), (name, dim, counts[counts == 1])


def test_the_same_data_with_a_lower_threshold_hides_nothing():
    # Given the same data, when k = 3 (the floor), then no cell has fewer than 3 participants.
    shown = disclose(clustered_frames(), DisclosureParams(min_participants=3, rounding_mad=1000))
    assert not any(t["suppressed"].any() for t in shown.tables.values())


def test_shared_pair_totals_are_hidden_in_every_table():
    # Given a pair total below k (four participants unlocked overall), every table hides it.
    frames = clustered_frames()
    table = frames.tables["pairs"]
    small = table[table["pair"] == "unlocked"].index
    frames.tables["pairs"].loc[small, "participants"] = 4
    for name in ("by_cluster", "monthly", "by_category"):
        t = frames.tables[name]
        frames.tables[name].loc[
            (t["cluster" if name == "by_cluster" else t.columns[0]] == TOTAL)
            & (t["pair"] == "unlocked"),
            "participants",
        ] = 4
    shown = disclose(frames, DisclosureParams(min_participants=K, rounding_mad=1000))
    for name in ("pairs", "by_cluster", "monthly", "by_category", "by_sector", "by_country"):
        t = shown.tables[name]
        row = shown.dims[name][0]
        at_total = t[t[row].isin([TOTAL, "all"]) & (t["pair"] == "unlocked")]
        assert at_total["suppressed"].all(), name


def test_mad_rounded_to_the_nearest_thousand_halves_up():
    values = np.array([0, 149_999, 150_000, 249_999, 250_000], dtype=np.int64) * 1
    assert round_minor(values * 1, 1000).tolist() == [0, 100_000, 200_000, 200_000, 300_000]
    assert round_minor(np.array([123_456]), 1).tolist() == [123_456]


def test_the_threshold_cannot_be_configured_below_three(settings):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from backend.evidence.conf import configured_min_participants

    settings.EVIDENCE_MIN_PARTICIPANTS = 2
    with pytest.raises(ImproperlyConfigured, match="at least 3"):
        configured_min_participants()
    settings.EVIDENCE_MIN_PARTICIPANTS = 7
    assert configured_min_participants() == 7
