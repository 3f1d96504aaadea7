"""The per-rule coverage report: each rule's declarations in scope, evaluated, not evaluable and
for want of which fact, after amendments and withdrawals, through the API and its refusals."""

import copy
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from backend.accounts.models import ParticipantProfile
from backend.declarations.services.declarations import DeclarationChanges, declaration_amend
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.screening.helpers import declare, process, publish, withdraw
from tests.unit.rulebooks.documents import CAP_RULE, COUNTRY_RULE

pytestmark = pytest.mark.django_db

TAX_RULE = {
    "id": "TAX_CAP",
    "kind": "tax_linked_cap",
    "title": {"fr": "Dotation liée à l'impôt", "en": "Tax-linked allowance"},
    "scope": {"channels": ["card"], "directions": ["outgoing"]},
    "params": {"cap_mad": "500.00", "tax_multiple": "1.00", "period": "calendar_year"},
    "severity": "high",
    "citation": {
        "instrument": "IGOC",
        "edition": "2024",
        "source": "Libération",
        "published_on": "2024",
        "source_url": "https://www.libe.ma/",
    },
    "confidence": "press",
}
INVEST_RULE = {
    **copy.deepcopy(CAP_RULE),
    "id": "INVEST_CAP",
    "title": {"fr": "Investissement à l'étranger", "en": "Investment abroad"},
    "scope": {"categories": ["INVEST_ABROAD"], "directions": ["outgoing"]},
}


def _version():
    return publish(
        {
            "rulebook": {"name": "Coverage rules", "kind": "in_force"},
            "version": {"effective_from": "2026-01-01"},
            "rules": [
                {**copy.deepcopy(CAP_RULE), "params": {"cap_mad": "1000.00"}},
                TAX_RULE,
                INVEST_RULE,
                copy.deepcopy(COUNTRY_RULE),
            ],
        }
    )


def _startup(username: str, *, tax: Decimal | None):
    user = make_user(role="startup", username=username)
    ParticipantProfile.objects.filter(organisation=user.membership.organisation).update(
        tax_paid_last_fy=tax
    )
    return user


def _report(user, version, **params):
    response = client_for(user).get(f"/api/v1/rulebook-versions/{version.pk}/coverage/", params)
    assert response.status_code == 200, response.content
    return response.json()


def _rules(body):
    return {r["rule_id"]: r for r in body["rules"]}


def _amend(user, declaration, amount: str):
    with transaction.atomic():
        return declaration_amend(
            actor=user,
            declaration=declaration,
            changes=DeclarationChanges(
                direction="outgoing",
                category="SAAS_CLOUD",
                channel="card",
                amount=Decimal(amount),
                currency="MAD",
                value_date=declaration.value_date,
                counterparty_name="Example Cloud Ltd",
                counterparty_country="IE",
            ),
        )


def test_each_rule_says_what_it_evaluated_and_what_it_lacked(regulator_user):
    # Given rules in force, a startup whose tax paid last year is unknown and one whose is known,
    version = _version()
    unknown = _startup("tax-unknown", tax=None)
    known = _startup("tax-known", tax=Decimal("10000.00"))
    first = declare(unknown, "300.00", date(2026, 1, 10))
    second = declare(unknown, "400.00", date(2026, 2, 10))
    third = declare(known, "200.00", date(2026, 2, 11), country="KP")
    process(first, second, third)
    # when a regulator asks for the year's coverage,
    body = _report(regulator_user, version, date_from="2026-01-01", date_to="2026-12-31")
    rules = _rules(body)
    # then every rule is listed, in rulebook order, with its title and counts:
    assert list(rules) == ["CARD_CAP", "TAX_CAP", "INVEST_CAP", "HIGH_RISK"]
    assert (body["declarations"], body["participants"], body["rules_evaluated"]) == (3, 2, 3)
    assert rules["CARD_CAP"]["title_en"] == "Card allowance"
    assert (rules["CARD_CAP"]["in_scope"], rules["CARD_CAP"]["evaluated"]) == (3, 3)
    # the tax-linked cap could not be computed for the first payment (300 MAD: between a cap
    # of 0 and 500), and is breached by the second (700 MAD: beyond every cap it may have),
    tax = rules["TAX_CAP"]
    assert (tax["status"], tax["in_scope"], tax["evaluated"], tax["not_evaluable"]) == (
        "evaluated",
        3,
        2,
        1,
    )
    assert tax["outcomes"] == {
        "compliant": 1,
        "breach": 1,
        "needs_review": 1,
        "pending_rate": 0,
        "open": 0,
    }
    assert tax["missing"] == [{"fact": "tax_paid_last_fy", "declarations": 1}]
    # a rule nobody's payments reached is "not evaluated", never applied,
    assert rules["INVEST_CAP"]["status"] == "not_evaluated"
    assert rules["INVEST_CAP"]["in_scope"] == 0
    # and a country on the review list is a review the rule decided, not a missing fact.
    assert rules["HIGH_RISK"]["outcomes"]["needs_review"] == 1
    assert (rules["HIGH_RISK"]["evaluated"], rules["HIGH_RISK"]["missing"]) == (3, [])


def test_amendments_withdrawals_period_and_participant_change_the_counts(regulator_user):
    # Given two payments of a startup whose tax is unknown and one of another,
    version = _version()
    unknown = _startup("tax-unknown", tax=None)
    known = _startup("tax-known", tax=Decimal("10000.00"))
    first = declare(unknown, "300.00", date(2026, 1, 10))
    second = declare(unknown, "400.00", date(2026, 2, 10))
    other = declare(known, "100.00", date(2026, 3, 1))
    process(first, second, other)
    # when the second is amended down to 100 MAD (400 in all: no cap can be told apart),
    amended = _amend(unknown, second, "100.00")
    process(amended)
    # then the tax-linked cap decided nothing for that startup,
    mine = _report(regulator_user, version, participant=str(unknown.membership.organisation_id))
    tax = _rules(mine)["TAX_CAP"]
    assert (tax["status"], tax["in_scope"], tax["evaluated"]) == ("not_evaluated", 2, 0)
    assert tax["missing"] == [{"fact": "tax_paid_last_fy", "declarations": 2}]
    assert mine["declarations"] == 2
    # a period counts only the payments valued in it,
    february = _report(regulator_user, version, date_from="2026-02-01", date_to="2026-02-28")
    assert _rules(february)["CARD_CAP"]["in_scope"] == 1
    # and a withdrawn payment leaves the report.
    process(withdraw(unknown, first))
    after = _rules(_report(regulator_user, version, date_from="2026-01-01", date_to="2026-12-31"))
    assert after["CARD_CAP"]["in_scope"] == 2
    assert after["TAX_CAP"]["missing"] == [{"fact": "tax_paid_last_fy", "declarations": 1}]


def test_advocates_see_statuses_and_missing_facts_without_counts(advocate_user):
    version = _version()
    unknown = _startup("tax-unknown", tax=None)
    process(declare(unknown, "300.00", date(2026, 1, 10)))
    body = _report(advocate_user, version, date_from="2026-01-01", date_to="2026-12-31")
    tax = _rules(body)["TAX_CAP"]
    assert body["counts_withheld"] is True
    assert (body["declarations"], tax["in_scope"], tax["outcomes"]) == (None, None, None)
    assert (tax["status"], tax["missing"]) == (
        "not_evaluated",
        [{"fact": "tax_paid_last_fy", "declarations": None}],
    )
    assert _rules(body)["CARD_CAP"]["status"] == "evaluated"


@pytest.mark.parametrize(
    ("params", "pointer", "code"),
    [
        ({"date_from": "2026-13-01"}, "/date_from", None),
        ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, "/date_to", "period_reversed"),
        ({"date_from": "2020-01-01", "date_to": "2026-02-01"}, "/date_to", "period_too_long"),
        ({"participant": "not-a-uuid"}, "/participant", None),
        (
            {"participant": "00000000-0000-0000-0000-000000000000"},
            "/participant",
            "unknown_participant",
        ),
        ({"colour": "blue"}, "/colour", None),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(regulator_user, params, pointer, code):
    version = _version()
    response = client_for(regulator_user).get(
        f"/api/v1/rulebook-versions/{version.pk}/coverage/", params
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert [e["pointer"] for e in body["errors"]] == [pointer]
    if code is not None:
        assert body["code"] == code


def test_who_may_ask(startup_user, advocate_user, regulator_user):
    version = _version()
    url = f"/api/v1/rulebook-versions/{version.pk}/coverage/"
    assert client_for(startup_user).get(url).status_code == 403
    one = {"participant": str(startup_user.membership.organisation_id)}
    refused = client_for(advocate_user).get(url, one)
    assert refused.status_code == 403
    assert refused.json()["code"] == "participant_scope_regulators_only"
    missing = "/api/v1/rulebook-versions/00000000-0000-0000-0000-000000000000/coverage/"
    assert client_for(regulator_user).get(missing).status_code == 404
