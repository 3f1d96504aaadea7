"""The measures endpoints against screened declarations: exact for regulators, disclosure
control for advocates, law-backed figures apart from illustrative ones, refusals for startups,
for row-level asks and for requests outside the published shape."""

import json
from datetime import date

import pytest
from django.urls import reverse

from backend.common.roles import Role
from backend.rulebooks.models import Rulebook
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.evidence.helpers import FILTERS_2026, world
from tests.integration.rates.helpers import BAM_25, ingest, read
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db

HIDDEN = {"declarations": None, "participants": None, "mad": None, "suppressed": True}


def cell(payload, table, row, pair, basis="TOTAL"):
    dim = {"pairs": "scope", "by_cluster": "cluster", "monthly": "month"}[table]
    return next(
        r
        for r in payload["tables"][table]
        if r[dim] == row and r["pair"] == pair and r["basis"] == basis
    )


def measures(role, **query):
    response = client_for(make_user(role=role)).get(
        reverse("api:impact-measures"), {**FILTERS_2026, **query}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_regulator_sees_exact_pairs_split_by_basis_and_allowance_usage():
    # Given three cohort members (one declares 2,500,000 MAD by card: blocked now by the press
    # card cap; one pays 150,000 MAD for contract work without a contract: blocked now only by
    # the illustrative 100,000 MAD threshold; one declares 1,000 MAD) and an outsider (500 MAD),
    world(trialled=3, unlocked=1, illustrative=1, compliant=1)
    # when a regulator asks for 2026,
    body = measures(Role.REGULATOR)
    # then both payments are blocked now and allowed under the proposal, apart by basis,
    assert body["disclosure"] is None
    assert body["headline"]["unlocked"]["law"] == {
        "declarations": 1,
        "participants": 1,
        "mad": "2500000.00",
        "suppressed": False,
    }
    assert body["headline"]["unlocked"]["illustrative"]["mad"] == "150000.00"
    assert body["headline"]["unlocked"]["TOTAL"]["declarations"] == 2
    assert body["headline"]["compliant_both"]["law"]["mad"] == "1000.00"
    assert body["headline"]["not_trialled"]["law"]["mad"] == "500.00"
    assert body["headline"]["TOTAL"]["TOTAL"]["declarations"] == 4
    assert cell(body, "monthly", "2026-03", "unlocked", "law")["mad"] == "2500000.00"
    assert cell(body, "monthly", "2026-03", "unlocked", "illustrative")["mad"] == "150000.00"
    usage = {a["allowance"]: a for a in body["allowances"]}
    # In force: the member at 125 % is at the cap; under the proposal 62.5 %.
    assert usage["in_force:CARD_CAP"]["at_cap"] == 1
    assert usage["in_force:CARD_CAP"]["participants"] == 4
    assert usage["proposed:CARD_CAP"]["at_cap"] == 0
    assert usage["proposed:CARD_CAP"]["participants"] == 3
    # And every rule says where it comes from: its rulebook version, citation and confidence.
    tags = {(r["rule_id"], r["confidence"]) for r in body["rules"]}
    assert {("CARD_CAP", "press"), ("DOC_THRESHOLD", "illustrative")} <= tags
    assert all(r["citation"] for r in body["rules"])


def test_every_rule_names_its_rulebook_and_itself_in_both_languages():
    world(trialled=3, unlocked=1, illustrative=1, compliant=1)
    Rulebook.objects.filter(name="Test rules in force").update(
        name_fr="Règles d'essai en vigueur", name_en="Test rules in force (English)"
    )
    rules = measures(Role.ADVOCATE)["rules"]
    threshold = next(
        r for r in rules if r["rule_id"] == "DOC_THRESHOLD" and r["kind"] == "in_force"
    )
    assert threshold == {
        # What a pack lists, unchanged (its `rules.json` must rebuild to the same bytes),
        "version": "Test rules in force v1",
        "kind": "in_force",
        "rule_id": "DOC_THRESHOLD",
        "title": "Contract above a threshold",
        "citation": "Sandbox demonstration",
        "confidence": "illustrative",
        # and, for people, the names in each language.
        "version_number": 1,
        "rulebook_name_fr": "Règles d'essai en vigueur",
        "rulebook_name_en": "Test rules in force (English)",
        "title_fr": "Contrat au-delà d'un seuil",
        "title_en": "Contract above a threshold",
    }


def test_advocate_sees_small_cells_suppressed_and_no_identity():
    data = world(trialled=2, unlocked=1, compliant=1)
    body = measures(Role.ADVOCATE)
    assert body["disclosure"] == {"min_participants": 5, "rounding_mad": 1000, "dominance": True}
    # Three participants in all: every non-empty cell is below k = 5.
    assert body["headline"]["unlocked"]["law"] == HIDDEN
    assert body["headline"]["TOTAL"]["TOTAL"] == HIDDEN
    text = json.dumps(body)
    for user in [*data["members"], data["outsider"]]:
        organisation = user.membership.organisation
        assert str(organisation.pk) not in text
        assert organisation.name not in text
    for declaration in data["declarations"]:
        assert str(declaration.pk) not in text
        assert declaration.reference not in text


def test_advocate_sees_the_law_backed_figure_rounded_and_the_outsider_hidden_with_a_complement():
    # Given six unlocked members (law-backed), five compliant members and one outsider,
    world(trialled=11, unlocked=6, compliant=5)
    headline = measures(Role.ADVOCATE)["headline"]
    # the law-backed unlocked figure is shown (six participants), MAD rounded to the thousand;
    assert headline["unlocked"]["law"]["participants"] == 6
    assert headline["unlocked"]["law"]["mad"] == "15000000.00"
    # the outsider (one participant) is hidden, and with it the smallest other pair (five
    # compliant participants): the grand total minus the rest would otherwise give it away;
    assert headline["not_trialled"]["law"] == HIDDEN
    assert headline["not_trialled"]["TOTAL"] == HIDDEN
    assert headline["compliant_both"]["law"] == HIDDEN
    assert headline["TOTAL"]["TOTAL"]["participants"] == 12
    assert headline["unlocked"]["TOTAL"]["suppressed"] is False
    # and nothing illustrative exists here: the illustrative part is an empty cell, shown.
    assert headline["unlocked"]["illustrative"]["declarations"] == 0


def test_advocates_take_whole_years_and_one_published_filter_at_a_time():
    world(trialled=1, unlocked=1, compliant=0)
    client = client_for(make_user(role=Role.ADVOCATE))
    url = reverse("api:impact-measures")
    cases = [
        (
            {"date_from": "2026-01-01", "date_to": "2026-06-30"},
            "period_not_published",
            "/date_from",
        ),
        ({**FILTERS_2026, "cluster": "MNC", "channel": "card"}, "one_filter_at_a_time", "/channel"),
        ({**FILTERS_2026, "sector": "Logiciel"}, "filter_not_published", "/sector"),
    ]
    for query, code, pointer in cases:
        response = client.get(url, query)
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("application/problem+json")
        body = response.json()
        assert (body["code"], body["errors"][0]["pointer"]) == (code, pointer)
    # One filter is fine, and the answer says which.
    body = client.get(url, {**FILTERS_2026, "labelled": "true"}).json()
    assert body["filter"] == {"dimension": "labelled", "value": "true"}
    assert "by_cluster" in body["tables"]
    # A regulator may cross filters and take any period: exact figures are not published.
    response = client_for(make_user(role=Role.REGULATOR)).get(
        url,
        {"date_from": "2026-03-01", "date_to": "2026-03-31", "cluster": "MNC", "channel": "card"},
    )
    assert response.status_code == 200
    assert response.json()["headline"]["unlocked"]["law"]["declarations"] == 1


# A value of each filter, for requests that use it alone.
ONE_VALUE = {
    "cohort": "00000000-0000-4000-8000-000000000000",
    "cluster": "MNC",
    "sector": "Logiciel",
    "region": "Casablanca-Settat",
    "category": "SAAS_CLOUD",
    "channel": "card",
    "country": "IE",
    "labelled": "true",
}


def test_the_answer_lists_the_filters_its_reader_may_use_and_the_server_holds_to_it():
    world(trialled=1, unlocked=1, compliant=0)
    url = reverse("api:impact-measures")
    advocate, regulator = (client_for(make_user(role=r)) for r in (Role.ADVOCATE, Role.REGULATOR))
    listed = advocate.get(url, FILTERS_2026).json()["filtering"]
    assert listed == {
        "filters": ["cluster", "category", "channel", "country", "labelled"],
        "whole_years": True,
        "one_at_a_time": True,
    }
    # Every filter listed is taken alone; every other one is refused.
    for name, value in ONE_VALUE.items():
        response = advocate.get(url, {**FILTERS_2026, name: value})
        expected = 200 if name in listed["filters"] else 400
        assert response.status_code == expected, (name, response.content)
    # A regulator may use every filter, together, over any period.
    exact = regulator.get(url, FILTERS_2026).json()["filtering"]
    assert exact == {"filters": list(ONE_VALUE), "whole_years": False, "one_at_a_time": False}
    every = {"date_from": "2026-03-01", "date_to": "2026-03-31", **ONE_VALUE}
    assert regulator.get(url, every).status_code == 200


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
    assert rows[0]["unlocked_law"] == {"declarations": 1, "mad": "2500000.00"}
    assert rows[0]["unlocked_illustrative"] == {"declarations": 0, "mad": "0.00"}
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
    assert body["headline"]["TOTAL"]["TOTAL"] == {
        "declarations": 0,
        "participants": 0,
        "mad": "0.00",
        "suppressed": False,
    }
    assert body["allowances"] == []
    assert body["rules"] == []


def conversions(body):
    return {r["method"]: r["declarations"] for r in body["tables"]["conversions"]}


def test_the_measures_count_the_conversions_of_their_scope_by_rate_method():
    # Given Bank Al-Maghrib's rates of 25 March 2026, two members paying in euros (one on that
    # day, one in June, a day no rate is published for yet) and the world's payments in dirhams,
    data = world(trialled=3, unlocked=1, compliant=1, outsiders=5)
    ingest("bam", read(BAM_25))
    member = data["members"][2]
    paid = h.declare(member, "1250.00", date(2026, 3, 25), currency="EUR")
    waiting = h.declare(member, "800.00", date(2026, 6, 15), currency="EUR")
    h.process(paid, waiting)
    # when a regulator reads 2026,
    body = measures(Role.REGULATOR)
    # then the conversions are counted by method: one at the rate of its day, the seven amounts
    # declared in dirhams need none, and one waits for its rate.
    assert conversions(body) == {
        "official": 1,
        "carried_forward": 0,
        "derived": 0,
        "estimate": 0,
        "in_dirhams": 7,
        "pending": 1,
        "TOTAL": 9,
    }
    # And an advocate sees the counts only where five participants or more make them: the one
    # payment at the rate of its day and the one waiting are hidden (each hides the other from
    # the total); the total is hidden with the headline's, which one payment of 2,500,000 MAD
    # dominates.
    advocate = measures(Role.ADVOCATE)
    seen = {r["method"]: r for r in advocate["tables"]["conversions"]}
    assert seen["official"] == {
        "method": "official",
        "declarations": None,
        "participants": None,
        "suppressed": True,
    }
    assert seen["pending"]["suppressed"] is True
    assert (seen["in_dirhams"]["declarations"], seen["in_dirhams"]["suppressed"]) == (7, False)
    assert advocate["headline"]["TOTAL"]["TOTAL"]["suppressed"] is True
    assert seen["TOTAL"]["suppressed"] is True
