"""A first-time founder in the browser: declares "Ireland" and "1 500,00 €" in French and
"1,500.00" in English and gets exactly that recorded, watches the payment settle by itself, and
asks the simulator whether a planned card payment fits the year's allowance."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from backend.declarations.models import Declaration
from tests.e2e.test_declarations import pick_country
from tests.integration.conftest import celery_worker_process  # noqa: F401 (a fixture)

# Conversion and screening run on the real worker; the page polls until the status settles.
SETTLE_TIMEOUT_MS = 60_000


@pytest.fixture
def rules_and_rates(demo_users: str) -> str:
    """The shipped rulebooks, the demo cohort and the recorded rates of March 2026."""
    call_command("load_demo_rates")
    call_command("load_rulebooks", "--demo-cohort")
    return demo_users


def start(page: Page, password: str, language: str) -> None:
    page.add_init_script(f"localStorage.setItem('fxs.language', '{language}')")
    page.goto("/login")
    page.locator("input[name=username]").fill("demo-startup-1")
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_test_id("home-startup")).to_be_visible()


def test_a_founder_records_exactly_what_they_typed_in_french_and_in_english(
    page: Page,
    rules_and_rates: str,
    celery_worker_process,  # noqa: F811 (the fixture imported above)
) -> None:
    # Given a founder working in French
    start(page, rules_and_rates, "fr")
    page.goto("/startup/declarations")
    form = page.get_by_test_id("declare-form")

    # When they type the amount as their bank writes it and look for "Irl" in the country list
    form.get_by_label("Référence (n° de facture)").fill("E2E-FR-1")
    form.get_by_label("Catégorie").select_option("SAAS_CLOUD")
    form.get_by_label("Montant").fill("1 500,00 €")
    form.get_by_label("Date de valeur").fill("2026-03-25")
    form.get_by_label("Contrepartie", exact=True).fill("Example Cloud Ltd")
    pick_country(form, "Irl", "Irlande (IE)")

    # Then the form says back what it will record, with its value in dirhams at the day's rate
    expect(form.get_by_test_id("amount-recorded")).to_have_text(
        re.compile(r"^Montant : 1\s500,00\s€$")
    )
    expect(form.get_by_test_id("amount-mad")).to_contain_text(
        re.compile(r"≈ 16\s208,55\sMAD au cours du 25 mars 2026 : 1 EUR = 10,8057 MAD")
    )

    # When they declare it
    form.get_by_role("button", name="Déclarer").click()

    # Then exactly that is recorded: 1500.00 EUR to Ireland (not "Ir", Iran)
    detail = page.get_by_test_id("declaration-detail")
    expect(detail).to_contain_text("Déclaration E2E-FR-1")
    recorded = Declaration.objects.get(reference="E2E-FR-1")
    assert (recorded.amount, recorded.currency, recorded.counterparty_country) == (
        Decimal("1500.00"),
        "EUR",
        "IE",
    )
    # And the open payment settles by itself, converted and screened by the worker, no reload
    expect(detail.get_by_test_id("status-badge")).to_have_text(
        "Contrôlée", timeout=SETTLE_TIMEOUT_MS
    )
    expect(detail.get_by_test_id("verdicts")).to_contain_text("Conforme")
    expect(
        page.get_by_test_id("declaration-row-E2E-FR-1").get_by_test_id("status-badge")
    ).to_have_text("Contrôlée")

    # When the same founder switches to English and types the English way
    page.get_by_role("button", name="English").click()
    form.get_by_label("Reference (invoice number)").fill("E2E-EN-1")
    form.get_by_label("Category").select_option("SAAS_CLOUD")
    form.get_by_label("Amount").fill("1,500.00")
    form.get_by_label("Value date").fill("2026-03-25")
    form.get_by_label("Counterparty", exact=True).fill("Example Cloud Ltd")
    pick_country(form, "irel", "Ireland (IE)")
    expect(form.get_by_test_id("amount-recorded")).to_have_text("Amount: €1,500.00")
    form.get_by_role("button", name="Declare").click()

    # Then that too is exactly 1500.00 EUR
    expect(page.get_by_test_id("declaration-detail")).to_contain_text("Declaration E2E-EN-1")
    recorded = Declaration.objects.get(reference="E2E-EN-1")
    assert (recorded.amount, recorded.currency, recorded.counterparty_country) == (
        Decimal("1500.00"),
        "EUR",
        "IE",
    )


def test_a_founder_asks_the_simulator_before_paying_and_nothing_is_recorded(
    page: Page, rules_and_rates: str
) -> None:
    # Given a founder of a labelled startup in the sandbox cohort, in English
    start(page, rules_and_rates, "en")
    before = Declaration.objects.count()
    page.get_by_role("navigation").get_by_role("link", name="Simulate a payment").click()
    form = page.get_by_test_id("simulator-form")

    # When they plan 200,000 EUR of cloud hosting by card at the end of March
    form.get_by_label("Category").select_option("SAAS_CLOUD")
    form.get_by_label("Amount").fill("200,000")
    form.get_by_label("Value date").fill("2026-03-26")
    form.get_by_label("Counterparty", exact=True).fill("Big Cloud Inc")
    pick_country(form, "united st", "United States (US)")
    form.get_by_role("button", name="Simulate").click()

    # Then the answer gives the verdict under both rulebooks with citations, and the allowances
    result = page.get_by_test_id("simulation-result")
    expect(result.get_by_test_id("simulation-answer")).to_be_visible()
    expect(result.get_by_test_id("verdict-in_force")).to_contain_text("Source:")
    expect(result.get_by_test_id("verdict-proposed")).to_be_visible()
    expect(result.get_by_test_id("simulation-headroom")).to_contain_text(
        "Labelled startup card allowance for imported services"
    )
    expect(result.get_by_test_id("simulation-conversion")).to_contain_text("1 EUR = 10.7729 MAD")
    # And nothing was recorded
    assert Declaration.objects.count() == before
