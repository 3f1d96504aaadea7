"""The measures endpoints against screened declarations: exact for regulators, disclosure
control for advocates, refusals for startups and for row-level asks."""

import json

import pytest
from django.urls import reverse

from backend.common.roles import Role
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.evidence.helpers import FILTERS_2026, world

pytestmark = pytest.mark.django_db


def cell(payload, table, row, pair):
    dim = {"pairs": "scope", "by_cluster": "cluster", "monthly": "month"}[table]
    return next(r for r in payload["tables"][table] if r[dim] == row and r["pair"] == pair)


def test_regulator_sees_exact_pairs_and_allowance_usage():
    # Given two cohort members (one declares 2,500,000 MAD: blocked now, allowed under the
    # proposal; one declares 1,000 MAD) and an outsider declaring 500 MAD,
    world(trialled=2, unlocked=1, compliant=1)
    # when a regulator asks for 2026,
    response = client_for(make_user(role=Role.REGULATOR)).get(
        reverse("api:impact-measures"), FILTERS_2026
    )
    # then every pair is exact and nothing is suppressed.
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["disclosure"] is None
    assert body["headline"]["unlocked"] == {
        "declarations": 1,
        "participants": 1,
        "mad": "2500000.00",
        "suppressed": False,
    }
    assert body["headline"]["compliant_both"]["mad"] == "1000.00"
    assert body["headline"]["not_trialled"]["mad"] == "500.00"
    assert body["headline"]["TOTAL"]["declarations"] == 3
    assert cell(body, "monthly", "2026-03", "unlocked")["mad"] == "2500000.00"
    usage = {a["allowance"]: a for a in body["allowances"]}
    # In force: the member at 125 % is at the cap; under the proposal 62.5 %.
    assert usage["in_force:CARD_CAP"]["at_cap"] == 1
    assert usage["in_force:CARD_CAP"]["participants"] == 3
    assert usage["proposed:CARD_CAP"]["at_cap"] == 0
    assert usage["proposed:CARD_CAP"]["participants"] == 2
    # And every cap says where it comes from: its rulebook version, citation and confidence.
    caps = {r["version"]: r for r in body["rules"] if r["rule_id"] == "CARD_CAP"}
    assert sorted(caps) == ["Test proposal v1 (proposed)", "Test rules in force v1 (in_force)"]
    assert all(r["citation"] and r["confidence"] for r in caps.values())


def test_advocate_sees_small_cells_suppressed_and_no_identity():
    data = world(trialled=2, unlocked=1, compliant=1)
    response = client_for(make_user(role=Role.ADVOCATE)).get(
        reverse("api:impact-measures"), FILTERS_2026
    )
    assert response.status_code == 200
    body = response.json()
    assert body["disclosure"] == {"min_participants": 5, "rounding_mad": 1000}
    # Three participants in all: every non-empty cell is below k = 5.
    assert body["headline"]["unlocked"] == {
        "declarations": None,
        "participants": None,
        "mad": None,
        "suppressed": True,
    }
    text = json.dumps(body)
    for user in [*data["members"], data["outsider"]]:
        organisation = user.membership.organisation
        assert str(organisation.pk) not in text
        assert organisation.name not in text
    for declaration in data["declarations"]:
        assert str(declaration.pk) not in text
        assert declaration.reference not in text


def test_advocate_mad_is_rounded_and_the_complementary_cell_hidden():
    # Given six unlocked members, five compliant members and one outsider (one participant),
    world(trialled=11, unlocked=6, compliant=5)
    body = (
        client_for(make_user(role=Role.ADVOCATE))
        .get(reverse("api:impact-measures"), FILTERS_2026)
        .json()
    )
    headline = body["headline"]
    assert headline["unlocked"]["participants"] == 6
    assert headline["unlocked"]["mad"] == "15000000.00"
    # the outsider's cell is hidden, and so is the smallest other cell of the line (five
    # compliant participants), or the total minus the rest would give it away;
    assert headline["not_trialled"]["suppressed"] is True
    assert headline["compliant_both"] == {
        "declarations": None,
        "participants": None,
        "mad": None,
        "suppressed": True,
    }
    # and the total (15,005,500 MAD) is rounded to the nearest thousand, halves up.
    assert headline["TOTAL"]["mad"] == "15006000.00"
    assert headline["TOTAL"]["participants"] == 12


def test_regulator_drill_down_names_participants():
    data = world(trialled=2, unlocked=1, compliant=1)
    response = client_for(make_user(role=Role.REGULATOR)).get(
        reverse("api:impact-participants"), FILTERS_2026
    )
    assert response.status_code == 200
    rows = response.json()["results"]
    first = data["members"][0].membership.organisation
    assert rows[0]["participant"] == {"id": str(first.pk), "name": first.name}
    assert rows[0]["unlocked"] == {"declarations": 1, "mad": "2500000.00"}
    assert len(rows) == 3


ROW_LEVEL = ["api:impact-participants"]


@pytest.mark.parametrize("route", ROW_LEVEL)
def test_advocates_are_refused_every_row_level_endpoint(route):
    world(trialled=1, unlocked=1, compliant=0)
    response = client_for(make_user(role=Role.ADVOCATE)).get(reverse(route), FILTERS_2026)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "row_level_refused"


@pytest.mark.parametrize(
    "route", ["api:impact-measures", "api:impact-participants", "api:evidence-exports"]
)
def test_startups_are_refused(route):
    response = client_for(make_user(role=Role.STARTUP)).get(reverse(route), FILTERS_2026)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_bad_period_is_a_problem():
    response = client_for(make_user(role=Role.ADVOCATE)).get(
        reverse("api:impact-measures"), {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/date_to"


def test_a_period_without_declarations_measures_zero():
    # Given screened declarations in 2026 only, when a regulator asks for 2024,
    world(trialled=2, unlocked=1, compliant=1)
    response = client_for(make_user(role=Role.REGULATOR)).get(
        reverse("api:impact-measures"), {"date_from": "2024-01-01", "date_to": "2024-12-31"}
    )
    # then every count is zero, no allowance is reported and no rulebook is cited.
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["headline"]["TOTAL"] == {
        "declarations": 0,
        "participants": 0,
        "mad": "0.00",
        "suppressed": False,
    }
    assert body["allowances"] == []
    assert body["rules"] == []
