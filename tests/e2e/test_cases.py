"""One case end to end in the browser: a flagged declaration → assigned → a request to the
startup → the startup answers with a document → the regulator decides `allowed_under_sandbox`
→ the startup sees the outcome."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from backend.accounts.models import User
from backend.declarations.models import DeclarationDocument
from backend.reviews.models import Case, CaseRequest
from backend.reviews.services.cases import cases_sync_flags
from tests.e2e.test_sign_in import sign_in
from tests.integration.screening import helpers as h

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFERENCE = "E2E-CASE-1"


@pytest.fixture
def flagged(demo_users: str, settings) -> Case:
    """A card payment of 2,500,000 MAD by demo-startup-1, over the test rules' 2,000,000 MAD
    yearly cap: declared, converted and screened by the real pipeline, then made a case."""
    settings.REVIEWS_AUTO_ASSIGN = False  # the regulator assigns it in the page
    h.in_force()
    owner = User.objects.get(username="demo-startup-1")
    declaration = h.declare(owner, "2500000.00", date(2026, 3, 2), reference=REFERENCE)
    h.process(declaration)
    cases_sync_flags()
    return Case.objects.get(declaration=declaration)


def as_user(page: Page, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    sign_in(page, username=username, password=password)


def open_case(page: Page, password: str) -> None:
    as_user(page, "demo-regulator", password)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Dossiers à examiner").click()
    page.get_by_test_id(f"case-row-{REFERENCE}").get_by_role("button", name=REFERENCE).click()
    expect(page.get_by_test_id("case-page")).to_be_visible()


def test_one_case_end_to_end(page: Page, demo_users: str, flagged: Case) -> None:
    password = demo_users
    regulator = User.objects.get(username="demo-regulator")

    # Given the flagged payment in the regulator's queue, urgent (high severity, ≥ 1M MAD)
    open_case(page, password)
    expect(page.get_by_test_id("case-state")).to_have_text("Ouvert")
    expect(page.get_by_test_id("case-priority")).to_have_text("Urgente")
    expect(page.get_by_test_id("verdict-in_force")).to_contain_text("Plafond annuel")
    # (a payment in dirhams: no rate to show, the page says it needed no conversion)
    expect(page.get_by_test_id("case-conversion")).to_contain_text(
        re.compile(r"2\s500\s000,00\sMAD : paiement en dirhams, sans conversion")
    )

    # When the regulator assigns it to themself and starts the review
    page.get_by_test_id("case-assign-select").select_option(str(regulator.pk))
    page.get_by_role("button", name="Attribuer", exact=True).click()
    expect(page.get_by_test_id("case-assignee")).to_contain_text("demo-regulator")
    page.get_by_role("button", name="Commencer l'examen").click()
    expect(page.get_by_test_id("case-state")).to_have_text("En examen")

    # And asks the startup for the contract
    page.get_by_label("Message").fill("Merci d'envoyer le contrat signé.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_test_id("case-state")).to_have_text("En attente de la startup")

    # Then the startup sees the request on its home and answers it with a document
    as_user(page, "demo-startup-1", password)
    request = page.get_by_test_id(f"request-{REFERENCE}")
    expect(request).to_contain_text("Merci d'envoyer le contrat signé.")
    request.get_by_label("Votre réponse").fill("Contrat signé ci-joint.")
    request.get_by_label("Documents (PDF, PNG ou JPEG)").set_input_files(
        {"name": "contrat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    request.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_test_id("requests-panel")).to_contain_text("Aucune demande en attente.")

    # When the regulator reads the answer and allows the payment under the sandbox
    open_case(page, password)
    expect(page.get_by_test_id("case-state")).to_have_text("En examen")
    expect(page.get_by_test_id("case-requests")).to_contain_text("Contrat signé ci-joint.")
    expect(page.get_by_role("link", name="contrat.pdf")).to_be_visible()
    page.get_by_label("Issue").select_option("allowed_under_sandbox")
    page.get_by_label("Motivation (obligatoire)").fill(
        "Dans l'enveloppe proposée pour le bac à sable."
    )
    page.get_by_label("Fondement de la dérogation (bac à sable)").fill(
        "Proposition 2026, CARD_CAP à 4 000 000 MAD"
    )
    page.get_by_role("button", name="Décider").click()
    # (a decision is told to the startup and cannot be taken back: it is confirmed first)
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("Décider « Autorisé dans le bac à sable » ?")
    dialog.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("case-decision")).to_contain_text("Autorisé dans le bac à sable")
    expect(page.get_by_test_id("case-decided-by")).to_contain_text("Décidé par demo-regulator le ")

    # Then the startup is told: a badge (the request, the decision, and its card allowance
    # passing 100 % when the demo's payments were screened), its home, and the decision on the
    # declaration itself
    as_user(page, "demo-startup-1", password)
    expect(page.get_by_test_id("notification-count")).to_have_text("3")
    expect(page.get_by_test_id(f"decision-{REFERENCE}")).to_contain_text(
        f"{REFERENCE} — Autorisé dans le bac à sable par demo-regulator le "
    )
    page.get_by_test_id(f"decision-{REFERENCE}").get_by_role("link", name=REFERENCE).click()
    decision = page.get_by_test_id("declaration-decision")
    expect(decision).to_contain_text("Autorisé dans le bac à sable")
    expect(decision).to_contain_text("décidé par demo-regulator le ")
    page.get_by_test_id("notification-bell").click()
    expect(page.get_by_test_id("notification-decision_taken")).to_contain_text(
        f"Décision sur le paiement {REFERENCE} : Autorisé dans le bac à sable, par demo-regulator."
    )
    expect(page.get_by_test_id("notification-allowance_crossed")).to_contain_text("100")

    stored = Case.objects.get(pk=flagged.pk)
    assert (stored.state, stored.outcome, stored.assignee, stored.decided_by) == (
        "decided",
        "allowed_under_sandbox",
        regulator,
        regulator,
    )
    answered = CaseRequest.objects.get(case=stored)
    document = DeclarationDocument.objects.get(declaration=stored.declaration)
    assert (answered.status, answered.answer_text) == ("answered", "Contrat signé ci-joint.")
    assert list(answered.answer_documents.all()) == [document]
    assert document.original_name == "contrat.pdf"
