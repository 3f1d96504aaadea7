"""Disclosure control that survives differencing: on a generated population of three hundred
startups, an adversary holding the answers to every allowed request (the unfiltered one and
every single filter; so every pair of them) solves the published relations for the hidden
cells and recovers none built from fewer than k participants or dominated by one participant;
the same adversary breaks per-request suppression. Also: one cell one value across requests,
published figures exact where shown, dominance, rounding."""

import copy
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from backend.evidence.compute import Cubes, cubes_build, cubes_protect
from backend.evidence.disclosure import DisclosureParams, round_minor
from backend.evidence.measures import FILTERS
from backend.evidence.present import measures_payload
from tests.unit.evidence.attack import collect, recovered
from tests.unit.evidence.population import population

PARAMS = DisclosureParams(min_participants=5, rounding_mad=1000)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def published(frames) -> Cubes:
    cubes = cubes_build(frames, date_from=YEAR[0], date_to=YEAR[1], published=True)
    return cubes_protect(cubes, PARAMS.rules)


def allowed_requests(cubes: Cubes):
    """No filter, then every value of every published filter dimension."""
    yield None
    for dim in FILTERS:
        for value in cubes.declarations.values[dim]:
            yield (dim, value)


def answers(cubes: Cubes, params=PARAMS) -> list[dict]:
    return [measures_payload(cubes, where=w, params=params) for w in allowed_requests(cubes)]


def only_primary(cubes: Cubes) -> Cubes:
    """The same cubes with only the sensitive cells hidden (suppression decided cell by cell,
    as a per-request rule would)."""
    naive = copy.deepcopy(cubes)
    for cube in (naive.declarations, naive.allowance, naive.reviews, naive.conversions):
        if cube is not None:
            cube.suppressed = cube.sensitive.copy()
    return naive


@pytest.fixture(scope="module")
def three_hundred() -> Cubes:
    return published(population(seed=20260101, participants=300))


def test_no_sensitive_cell_is_recovered_from_every_allowed_request(three_hundred):
    # Given the answers to the 23 allowed requests over 300 startups,
    seen = collect(answers(three_hundred))
    sensitive = collect(answers(only_primary(three_hundred))).hidden
    assert len(sensitive) > 1000  # the population has many small cells to protect
    assert any(key[0] == "conversions" for key in sensitive)  # rare rate methods among them
    # when the adversary solves every published relation for the hidden cells,
    found = recovered(seen)
    # then no cell below the threshold (or dominated) is recovered: not one hidden cell is.
    assert sensitive <= seen.hidden
    assert found & sensitive == set()
    assert found == set()
    # And most of what is published is still published: suppression is not the whole table.
    assert len(seen.shown) > len(seen.hidden)


def test_the_count_of_declarations_per_rate_method_adds_up_to_the_published_total(three_hundred):
    # Given every allowed answer, the declarations per rate method of its scope
    for payload in answers(three_hundred):
        rows = {r["method"]: r for r in payload["tables"]["conversions"]}
        everything = payload["headline"]["TOTAL"]["TOTAL"]
        # then their total is hidden exactly where the headline's total is, and equal to it
        assert rows["TOTAL"]["suppressed"] == everything["suppressed"]
        assert rows["TOTAL"]["declarations"] == everything["declarations"]
        # and when every method is shown, they add up to it.
        methods = [r for m, r in rows.items() if m != "TOTAL"]
        if not any(r["suppressed"] for r in methods) and everything["declarations"] is not None:
            assert sum(r["declarations"] for r in methods) == everything["declarations"]


def test_the_same_attack_breaks_suppression_decided_cell_by_cell(three_hundred):
    # Given the same answers with only the cells below the threshold hidden,
    naive = collect(answers(only_primary(three_hundred)))
    # then subtracting published cells and requests gives hundreds of them back.
    assert len(recovered(naive) & naive.hidden) > 100


def test_published_figures_are_exact_where_shown(three_hundred):
    exact = copy.deepcopy(three_hundred)
    for cube in (exact.declarations, exact.allowance, exact.reviews, exact.conversions):
        if cube is not None:
            cube.suppressed = np.zeros(cube.size, dtype=bool)
    truth = collect(answers(exact, params=None)).shown
    shown = collect(answers(three_hundred)).shown
    assert shown
    assert all(truth[key] == value for key, value in shown.items())


def test_one_participant_holding_most_of_a_cell_hides_it():
    # Given six startups of one cluster blocked now and allowed under the proposal, one of which
    # paid 60 % of the cluster's unlocked MAD,
    frames = population(seed=7, participants=40)
    declarations = frames.declarations.iloc[0:0]
    rows = []
    for n in range(6):
        rows.append(
            {
                "participant_id": f"X{n}",
                "value_date": pd.Timestamp("2026-03-02"),
                "category": "SAAS_CLOUD",
                "channel": "card",
                "country": "IE",
                "amount_minor": 900_000_00 if n == 0 else 120_000_00,
                "in_force": "breach",
                "proposed": "compliant",
                "in_force_law": np.int8(1),
            }
        )
    declarations = pd.concat([frames.declarations, pd.DataFrame(rows)], ignore_index=True)
    people = pd.concat(
        [
            frames.participants,
            pd.DataFrame(
                {
                    "participant_id": [f"X{n}" for n in range(6)],
                    "name": "x",
                    "cluster": "ZONE",
                    "sector": "Logiciel",
                    "region": "Oriental",
                    "labelled": True,
                }
            ),
        ],
        ignore_index=True,
    )
    cubes = published(replace(frames, declarations=declarations, participants=people))
    # then the cluster's unlocked law-backed cell, six participants, is hidden all the same.
    rows_ = measures_payload(cubes, where=None, params=PARAMS)["tables"]["by_cluster"]
    zone = next(
        r for r in rows_ if (r["cluster"], r["pair"], r["basis"]) == ("ZONE", "unlocked", "law")
    )
    assert zone["suppressed"] is True
    assert zone["participants"] is None


def test_mad_is_rounded_to_the_unit_halves_up():
    values = np.asarray([0, 49_999, 50_000, 150_000, 123_456_789], dtype=np.int64)
    assert round_minor(values, 1000).tolist() == [0, 0, 100_000, 200_000, 123_500_000]
    assert round_minor(values, 1).tolist() == values.tolist()


@pytest.mark.parametrize(("seed", "participants"), [(1, 8), (2, 25), (3, 60), (4, 150)])
def test_small_and_sparse_populations_are_protected_too(seed, participants):
    # Small populations hide most cells, down to the headline: every certificate kind is used.
    cubes = published(population(seed=seed, participants=participants, per_participant=6))
    seen = collect(answers(cubes))
    sensitive = collect(answers(only_primary(cubes))).hidden
    assert recovered(seen) & sensitive == set()
