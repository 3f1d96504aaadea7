"""A regulator records a participant's unknown fact with its source in the browser, and a
startup cannot reach the page."""

import re
from datetime import date
from decimal import Decimal

from playwright.sync_api import Page, expect

from backend.accounts.models import ParticipantProfile
from backend.audit.models import AuditEvent
from tests.e2e.test_sign_in import sign_in

TISSAGE = "Tissage Numérique SARL"  # demo-startup-2: its tax paid last year is unknown


def _tissage() -> ParticipantProfile:
    return ParticipantProfile.objects.get(organisation__name=TISSAGE)


def test_a_regulator_records_an_unknown_tax_figure_with_its_source(
    page: Page, demo_users: str
) -> None:
    # Given a signed-in regulator on the participants page, keeping those with an unknown fact
    page.goto("/login")
    sign_in(page, username="demo-regulator", password=demo_users)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Participants").click()
    expect(page).to_have_url(re.compile(r"/regulator/participants$"))
    expect(page.get_by_test_id("participants-intro")).to_contain_text("à examiner")
    page.get_by_label("Seulement ceux dont un fait est inconnu").check()
    row = page.get_by_test_id(f"participant-row-{TISSAGE}")
    expect(row).to_contain_text("1 fait inconnu")
    expect(row).to_contain_text("C2TM (textiles techniques)")

    # When they open demo-startup-2, its tax paid last year is unknown, the others known
    row.get_by_role("button", name=TISSAGE).click()
    facts = page.get_by_test_id("participant-facts")
    tax = facts.get_by_test_id("fact-tax_paid_last_fy")
    expect(tax.get_by_test_id("fact-value")).to_have_text("Inconnu")
    expect(
        facts.get_by_test_id("fact-certified_accounts").get_by_test_id("fact-value")
    ).to_have_text("Oui")
    expect(
        facts.get_by_test_id("fact-certified_accounts").get_by_test_id("fact-source")
    ).to_contain_text("Connu au")

    # And they say it is known without saying where it comes from: refused before sending
    tax.get_by_role("button", name="Modifier : Impôt payé au dernier exercice").click()
    form = tax.get_by_test_id("fact-form-tax_paid_last_fy")
    form.get_by_label("Connu", exact=True).check()
    form.get_by_label("Montant payé (MAD)").fill("45 000,50")
    form.get_by_role("button", name="Enregistrer").click()
    expect(form).to_contain_text("Dites d'où vient ce fait.")
    assert _tissage().tax_paid_last_fy is None

    # When they give the day it is known as of and the source
    form.get_by_label("Connu au").fill("2026-03-01")
    form.get_by_label("Source").fill("Attestation fiscale 2025")
    form.get_by_role("button", name="Enregistrer").click()

    # Then the page confirms, and shows the fact known, formatted, with its date and source
    expect(facts.get_by_test_id("facts-saved")).to_have_text(
        "Enregistré : le participant sera contrôlé de nouveau sur ces faits."
    )
    expect(tax.get_by_test_id("fact-value")).to_have_text(re.compile(r"^45\s000,50\sMAD$"))
    expect(tax.get_by_test_id("fact-source")).to_have_text(
        "Connu au 1 mars 2026 · Source : Attestation fiscale 2025"
    )
    expect(facts.get_by_test_id("unknown-count")).to_have_text("Tout est connu")
    # And it has left the list of participants with an unknown fact
    expect(row).to_have_count(0)
    profile = _tissage()
    assert profile.tax_paid_last_fy == Decimal("45000.50")
    assert profile.fact_sources["tax_paid_last_fy"] == {
        "as_of": date(2026, 3, 1).isoformat(),
        "source": "Attestation fiscale 2025",
    }
    assert AuditEvent.objects.filter(action="participant.facts_change").count() == 1


def test_a_startup_cannot_reach_the_participants_page(page: Page, demo_users: str) -> None:
    page.goto("/login")
    sign_in(page, username="demo-startup-2", password=demo_users)
    expect(page.get_by_test_id("home-startup")).to_be_visible()
    page.goto("/regulator/participants")
    expect(page.get_by_test_id("home-startup")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/startup$"))
    expect(page.get_by_test_id("participants-title")).to_have_count(0)
