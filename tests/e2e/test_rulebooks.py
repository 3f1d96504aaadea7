"""Regulator A edits a draft (a validation error, then fixed); regulator B publishes it."""

import re

import pytest
from playwright.sync_api import Page, expect

from backend.accounts.models import Organisation
from backend.common.roles import Role
from backend.rulebooks.models import RulebookVersion
from backend.rulebooks.seed import rulebooks_load_shipped
from tests.e2e.test_sign_in import sign_in
from tests.factories import PASSWORD, make_user

IN_FORCE = "IGOC 2026 — rules in force"
# The first rule of the in-force rulebook is ECOM_JEI_ANNUAL_CAP; YAML keeps its amount quoted.
CAP_LINE = "cap_mad: '2000000.00'"


@pytest.fixture
def second_regulator(demo_users: str) -> str:
    """Another regulator of the demo regulator's organisation (the four-eyes reviewer)."""
    rulebooks_load_shipped()
    organisation = Organisation.objects.get(kind="regulator")
    make_user(role=Role.REGULATOR, organisation=organisation, username="regulator-b")
    return "regulator-b"


def _open_version(page: Page, number: int) -> None:
    page.get_by_test_id(f"rulebook-{IN_FORCE}").get_by_test_id(f"open-v{number}").click()


def test_a_draft_is_edited_by_one_regulator_and_published_by_another(
    page: Page, demo_users: str, second_regulator: str
) -> None:
    # Given regulator A on the rulebooks page, looking at the published rules in force
    page.goto("/login")
    sign_in(page, username="demo-regulator", password=demo_users)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.goto("/regulator/rulebooks")
    _open_version(page, 1)
    expect(page.get_by_test_id("version-title")).to_contain_text("v1 · Publiée")
    # Illustrative values are labelled as such, in the reader's language.
    expect(page.get_by_test_id("rule-SVC_DOC_THRESHOLD")).to_contain_text("Valeur illustrative")

    # When A starts a new draft from it and types a float where a quoted amount belongs
    page.get_by_test_id("new-draft").click()
    expect(page.get_by_test_id("version-title")).to_contain_text("v2 · Brouillon")
    editor = page.get_by_test_id("draft-source")
    source = editor.input_value()
    assert CAP_LINE in source
    editor.fill(source.replace(CAP_LINE, "cap_mad: 4000000.5", 1))

    # Then the live validation points at the offending path
    errors = page.get_by_test_id("validation-errors")
    expect(errors).to_contain_text("rules/0/params/cap_mad")
    expect(errors).to_contain_text("floats are not allowed")
    expect(page.get_by_test_id("draft-save")).to_be_disabled()

    # When A fixes it and saves
    editor.fill(source.replace(CAP_LINE, "cap_mad: '4000000.00'", 1))
    expect(page.get_by_test_id("validation-ok")).to_be_visible()
    page.get_by_test_id("draft-save").click()
    expect(page.get_by_test_id("draft-saved")).to_be_visible()

    # Then A, the last editor, is refused publication (four eyes), and nothing is published
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("four-eyes-refused")).to_contain_text("another regulator")
    draft = RulebookVersion.objects.get(rulebook__name=IN_FORCE, number=2)
    assert draft.status == "draft"
    assert draft.document["rules"][0]["params"]["cap_mad"] == "4000000.00"

    # (The backtest of this draft, issue 5 item 8, is the step that will go here.)

    # When regulator B signs in, reviews the diff and publishes it from 1 July
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, username=second_regulator, password=PASSWORD)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.goto("/regulator/rulebooks")
    _open_version(page, 2)
    expect(page.get_by_test_id("diff-lines")).to_contain_text(
        "~ ECOM_JEI_ANNUAL_CAP params.cap_mad: 2000000.00 → 4000000.00"
    )
    page.get_by_test_id("publish-form").get_by_label("Date d'entrée en vigueur").fill("2026-07-01")
    page.get_by_test_id("publish").click()

    # Then version 2 is published, by B, effective 1 July 2026
    expect(page.get_by_test_id("version-title")).to_contain_text("v2 · Publiée")
    published = RulebookVersion.objects.get(pk=draft.pk)
    assert published.status == "published"
    assert published.published_by is not None
    assert published.published_by.username == "regulator-b"
    assert published.effective_from.isoformat() == "2026-07-01"
