"""Regulator A edits a draft in the form (a mistake said in plain words, then fixed), reads it as
YAML, asks regulator B for a review and backtests it; B opens it from the notification, reads the
side-by-side diff and publishes it after typing its version number."""

import re

import pytest
from playwright.sync_api import Page, expect

from backend.accounts.models import Organisation
from backend.common.roles import Role
from backend.notifications.models import Notification
from backend.rulebooks.models import RulebookVersion
from backend.rulebooks.seed import rulebooks_load_shipped
from backend.screening.models import Backtest
from tests.e2e.test_sign_in import sign_in
from tests.factories import PASSWORD, make_user

IN_FORCE = "IGOC 2026 — rules in force"
# The first rule of the in-force rulebook: the labelled startups' card allowance.
CARD_RULE = "ECOM_JEI_ANNUAL_CAP"


@pytest.fixture
def second_regulator(demo_users: str) -> str:
    """Another regulator of the demo regulator's organisation (the four-eyes reviewer)."""
    rulebooks_load_shipped()
    organisation = Organisation.objects.get(kind="regulator")
    make_user(role=Role.REGULATOR, organisation=organisation, username="regulator-b")
    return "regulator-b"


def _open_version(page: Page, number: int) -> None:
    page.get_by_test_id(f"rulebook-{IN_FORCE}").get_by_test_id(f"open-v{number}").click()


def test_a_draft_is_edited_in_the_form_reviewed_and_published_by_another(
    page: Page, demo_users: str, second_regulator: str
) -> None:
    # Given regulator A on the rulebooks page, looking at the published rules in force
    page.goto("/login")
    sign_in(page, username="demo-regulator", password=demo_users)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.goto("/regulator/rulebooks")
    _open_version(page, 1)
    expect(page.get_by_test_id("version-title")).to_contain_text("v1 · Publiée")
    # Values read as values: the cap in dirhams the French way, illustrative ones labelled.
    expect(page.get_by_test_id(f"rule-{CARD_RULE}")).to_contain_text(
        re.compile(r"Plafond \(MAD\) : 2\s000\s000,00\sMAD")
    )
    expect(page.get_by_test_id("rule-SVC_DOC_THRESHOLD")).to_contain_text("Valeur illustrative")

    # When A starts a new draft and types an amount with three decimals in the rule's form
    page.get_by_test_id("new-draft").click()
    expect(page.get_by_test_id("version-title")).to_contain_text("v2 · Brouillon")
    page.get_by_test_id(f"rule-summary-{CARD_RULE}").click()
    cap = page.get_by_test_id(f"rule-form-{CARD_RULE}").get_by_label("Plafond (MAD)")
    cap.fill("4 000 000,123")

    # Then the live validation says where and what in plain words, and nothing can be saved
    errors = page.get_by_test_id("validation-errors")
    expect(errors).to_contain_text("Règle 1 « Dotation e-commerce des startups labellisées")
    expect(errors).to_contain_text("Plafond (MAD) : un montant en dirhams a au plus deux décimales")
    expect(errors).not_to_contain_text("^(0|")
    expect(page.get_by_test_id("draft-save")).to_be_disabled()

    # When A writes it the French way and saves
    cap.fill("4 000 000,00")
    expect(page.get_by_test_id("validation-ok")).to_be_visible()
    page.get_by_test_id("draft-save").click()
    expect(page.get_by_test_id("draft-saved")).to_be_visible()
    draft = RulebookVersion.objects.get(rulebook__name=IN_FORCE, number=2)
    assert draft.status == "draft"
    assert draft.document["rules"][0]["params"]["cap_mad"] == "4000000.00"

    # And the expert's YAML view holds the same draft, quoted as the schema wants
    page.get_by_test_id("editor-view-yaml").click()
    source = page.get_by_test_id("draft-source").input_value()
    assert source.startswith("rulebook:")
    assert "cap_mad: '4000000.00'" in source
    page.get_by_test_id("draft-source").fill(
        source.replace("cap_mad: '4000000.00'", "cap_mad: 4000000.5", 1)
    )
    expect(page.get_by_test_id("validation-errors")).to_contain_text(
        "écrivez le montant entre guillemets"
    )
    page.get_by_test_id("draft-source").fill(source)
    expect(page.get_by_test_id("validation-ok")).to_be_visible()
    page.get_by_test_id("draft-save").click()
    expect(page.get_by_test_id("draft-saved")).to_be_visible()

    # Then A, the last editor, is told another regulator must publish it (four eyes)
    expect(page.get_by_test_id("publish-yours")).to_be_visible()
    expect(page.get_by_test_id("publish")).to_be_disabled()

    # When A asks B for a review, B is notified with a link to the draft
    page.get_by_test_id("review-request").get_by_label("Relecteur").select_option(
        label=second_regulator
    )
    page.get_by_test_id("request-review").click()
    expect(page.get_by_test_id("review-requested")).to_contain_text(second_regulator)
    notification = Notification.objects.get(
        recipient__username=second_regulator, kind="review_requested"
    )
    assert notification.link == f"/regulator/rulebooks?version={draft.pk}"

    # And the draft's backtest is one click away, its report one link away
    page.get_by_test_id("run-backtest").click()
    expect(page.get_by_test_id("backtest-started")).to_be_visible()
    assert Backtest.objects.get().rulebook_version_id == draft.pk
    page.get_by_role("link", name="Ouvrir le rapport du backtest").click()
    expect(page.get_by_test_id("backtest-report")).to_contain_text("v2")

    # When regulator B signs in and follows the notification's link
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, username=second_regulator, password=PASSWORD)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.goto(notification.link)
    expect(page.get_by_test_id("version-title")).to_contain_text("v2 · Brouillon")

    # Then the diff against v1 shows the one change side by side, counted right
    expect(page.get_by_test_id("diff-summary")).to_have_text(
        "0 règle ajoutée, 0 retirée, 1 modifiée, 0 changement de version"
    )
    changed = page.get_by_test_id(f"diff-rule-{CARD_RULE}")
    expect(changed.locator(".diff-table__before")).to_have_text(re.compile(r"2\s000\s000,00\sMAD"))
    expect(changed.locator(".diff-table__after")).to_have_text(re.compile(r"4\s000\s000,00\sMAD"))

    # When B publishes it from 1 July, the button works only once "v2" is typed
    page.get_by_test_id("publish-form").get_by_label("Date d'entrée en vigueur").fill("2026-07-01")
    page.get_by_test_id("publish").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("1 juillet 2026")
    expect(dialog.get_by_test_id("confirm-ok")).to_be_disabled()
    dialog.get_by_test_id("confirm-typed").fill("v2")
    dialog.get_by_test_id("confirm-ok").click()

    # Then version 2 is published, by B, effective 1 July 2026
    expect(page.get_by_test_id("version-title")).to_contain_text("v2 · Publiée")
    published = RulebookVersion.objects.get(pk=draft.pk)
    assert published.status == "published"
    assert published.published_by is not None
    assert published.published_by.username == "regulator-b"
    assert published.effective_from.isoformat() == "2026-07-01"
