"""A startup declares a payment through the form, amends one, imports a CSV after fixing its bad
row, and issues (then revokes) a token for declaring through the API."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from backend.accounts.models import ApiToken, User
from backend.declarations.models import Declaration
from tests.e2e.test_sign_in import sign_in
from tests.integration.conftest import celery_worker_process  # noqa: F401 (a fixture)
from tests.integration.screening import helpers as h

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "declarations"
# The import runs on the real worker; the page polls its progress.
IMPORT_TIMEOUT_MS = 60_000


def open_section(page: Page, password: str, link: str) -> None:
    page.goto("/login")
    sign_in(page, username="demo-startup-1", password=password)
    expect(page.get_by_test_id("home-startup")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name=link).click()


def pick_country(form: Locator, typed: str, shown: str) -> None:
    """Choose a country the way a person does: type part of its name, pick it from the list."""
    picker = form.get_by_role(
        "combobox", name=re.compile("^(Pays de la contrepartie|Counterparty's country)$")
    )
    picker.fill(typed)
    picker.page.get_by_role("option", name=re.compile(shown.split(" (")[0])).first.click()
    expect(picker).to_have_value(shown)


def test_startup_declares_a_payment_through_the_form(page: Page, demo_users: str) -> None:
    # Given a signed-in startup member on the declarations page
    open_section(page, demo_users, "Déclarations de paiements")
    expect(page).to_have_url(re.compile(r"/startup/declarations$"))
    form = page.get_by_test_id("declare-form")

    # When they fill in the form, the chosen category is explained in plain words
    form.get_by_label("Référence (n° de facture)").fill("E2E-FORM-1")
    form.get_by_label("Catégorie").select_option("SAAS_CLOUD")
    expect(form.get_by_test_id("category-help")).to_have_text(
        "Abonnements à des logiciels en ligne, hébergement, API payées à l'usage."
    )
    form.get_by_label("Montant").fill("1250,123")
    form.get_by_label("Date de valeur").fill("2026-03-25")
    form.get_by_label("Contrepartie", exact=True).fill("Example Cloud Ltd")
    pick_country(form, "Irl", "Irlande (IE)")
    # And an amount with too many decimals is caught before anything is sent
    expect(form.get_by_text("EUR : au plus 2 décimales.")).to_be_visible()
    form.get_by_role("button", name="Déclarer").click()
    assert not Declaration.objects.filter(reference="E2E-FORM-1").exists()

    # When they correct it the French way and declare
    form.get_by_label("Montant").fill("1 250,50")
    form.get_by_role("button", name="Déclarer").click()

    # Then the payment is recorded, opened beside the list and marked in it
    expect(page.get_by_test_id("declaration-notice")).to_have_text(
        "Paiement E2E-FORM-1 déclaré : il est converti puis contrôlé, son statut se met à jour ici."
    )
    row = page.get_by_test_id("declaration-row-E2E-FORM-1")
    expect(row).to_contain_text("€")
    expect(row).to_have_class("row--new")
    expect(row.get_by_test_id("status-badge")).to_have_text("Reçue")
    declaration = Declaration.objects.get(reference="E2E-FORM-1")
    assert (declaration.amount, declaration.currency, declaration.created_by.username) == (
        Decimal("1250.50"),
        "EUR",
        "demo-startup-1",
    )

    # And declaring the same reference again is refused, in the page's language
    form.get_by_label("Référence (n° de facture)").fill("E2E-FORM-1")
    form.get_by_label("Catégorie").select_option("SAAS_CLOUD")
    form.get_by_label("Montant").fill("10")
    form.get_by_label("Date de valeur").fill("2026-03-26")
    form.get_by_label("Contrepartie", exact=True).fill("Example Cloud Ltd")
    pick_country(form, "Irl", "Irlande (IE)")
    form.get_by_role("button", name="Déclarer").click()
    expect(
        form.get_by_text("Votre organisation a déjà déclaré un paiement avec cette référence.")
    ).to_be_visible()
    assert Declaration.objects.filter(reference="E2E-FORM-1").count() == 1

    # And its detail shows the version and the audit timeline
    row.get_by_role("button", name="E2E-FORM-1").click()
    expect(page.get_by_test_id("declaration-detail")).to_contain_text("Example Cloud Ltd (Irlande)")
    detail = page.get_by_test_id("declaration-detail")
    expect(detail).to_contain_text("Déclaration E2E-FORM-1")
    expect(detail.get_by_test_id("declaration-timeline")).to_contain_text("Déclaration enregistrée")


def test_startup_amends_a_declaration_and_keeps_its_history(page: Page, demo_users: str) -> None:
    # Given a payment demo-startup-1 declared, on its declarations page
    owner = User.objects.get(username="demo-startup-1")
    original = h.declare(
        owner, "1250.00", date(2026, 3, 25), currency="EUR", reference="E2E-AMEND-1"
    )
    open_section(page, demo_users, "Déclarations de paiements")

    # When they open it and choose to amend it
    page.get_by_test_id("declaration-row-E2E-AMEND-1").get_by_role(
        "button", name="E2E-AMEND-1"
    ).click()
    # (once its detail has opened at its own address, as a person sees it before acting)
    expect(page).to_have_url(re.compile(rf"\?declaration={original.id}$"))
    expect(page.get_by_test_id("declaration-detail")).to_contain_text("E2E-AMEND-1")
    page.get_by_test_id("declaration-detail").get_by_role("link", name="Modifier").click()
    expect(page).to_have_url(re.compile(rf"\?amend={original.id}$"))

    # Then the form holds what version 1 says, the reference shown but not editable
    form = page.get_by_test_id("amend-form")
    expect(form.get_by_role("heading")).to_have_text("Modifier la déclaration E2E-AMEND-1")
    expect(form.get_by_label("Référence (n° de facture)")).to_have_value("E2E-AMEND-1")
    expect(form.get_by_label("Référence (n° de facture)")).not_to_be_editable()
    expect(form.get_by_label("Montant")).to_have_value("1250,00")
    expect(form.get_by_label("Contrepartie", exact=True)).to_have_value("Example Cloud Ltd")

    # When they change the amount the French way and save
    form.get_by_label("Montant").fill("1 300,50")
    form.get_by_role("button", name="Enregistrer la version 2").click()

    # Then they land on version 2, told it supersedes the previous one
    detail = page.get_by_test_id("declaration-detail")
    expect(detail.get_by_test_id("declaration-notice")).to_have_text(
        "Déclaration E2E-AMEND-1 modifiée : la version 2 remplace la précédente et attend sa "
        "conversion et son contrôle."
    )
    amended = Declaration.objects.get(reference="E2E-AMEND-1", is_current=True)
    expect(page).to_have_url(re.compile(rf"/startup/declarations\?declaration={amended.id}$"))
    expect(detail).to_contain_text(re.compile(r"1\s300,50\s€"))
    # And the versions list keeps version 1, marked superseded
    versions = detail.locator(".declaration-detail__versions li")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text(re.compile(r"^v1 · .* \(remplacée\)$"))
    expect(versions.nth(1)).to_contain_text(re.compile(r"^v2 · .* \(actuelle\)$"))
    # And the list shows the amended amount
    expect(page.get_by_test_id("declaration-row-E2E-AMEND-1")).to_contain_text(
        re.compile(r"1\s300,50\s€")
    )

    # And version 1 is kept unchanged, superseded by version 2 under the same reference
    original.refresh_from_db()
    assert (original.version, original.is_current, original.amount) == (
        1,
        False,
        Decimal("1250.00"),
    )
    assert (amended.version, amended.supersedes_id, amended.amount, amended.currency) == (
        2,
        original.id,
        Decimal("1300.50"),
        "EUR",
    )


def test_startup_imports_a_csv_after_fixing_its_bad_row(
    page: Page,
    demo_users: str,
    celery_worker_process,  # noqa: F811 (the fixture imported above)
) -> None:
    # Given a signed-in startup member on the import page
    open_section(page, demo_users, "Import de déclarations (CSV, XLSX)")
    expect(page.get_by_test_id("import-title")).to_have_text("Import de déclarations (CSV, XLSX)")

    # When they check a file whose second data row has an unknown currency
    page.get_by_label("Fichier").set_input_files(FIXTURES / "sample_one_bad_row.csv")
    page.get_by_role("button", name="Vérifier").click()

    # Then the report names the row, the column and the reason, and nothing is saved
    expect(page.get_by_test_id("import-status")).to_have_text(
        "Vérification terminée (rien n'a été enregistré)."
    )
    expect(page.get_by_test_id("import-summary")).to_have_text(
        "3 lignes : 2 valides, 0 créées, 0 doublons, 1 en erreur."
    )
    report = page.get_by_test_id("import-report")
    expect(report.locator("tbody tr")).to_have_count(1)
    expect(report.locator("tbody tr")).to_contain_text("3currencyunknown_currency")
    expect(report).to_contain_text("Not an ISO 4217 currency code: 'EURO'.")
    with page.expect_download() as download:
        page.get_by_test_id("import-report-download").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.splitlines() == [
        "row,column,code,message",
        "3,currency,unknown_currency,Not an ISO 4217 currency code: 'EURO'.",
    ]
    assert not Declaration.objects.filter(reference__startswith="E2E-IMPORT").exists()

    # When they fix the file and import it
    page.get_by_label("Fichier").set_input_files(FIXTURES / "sample_one_bad_row_fixed.csv")
    page.get_by_role("button", name="Importer").click()

    # Then the worker imports every row and the page follows it to the end
    expect(page.get_by_test_id("import-status")).to_have_text(
        "Import terminé.", timeout=IMPORT_TIMEOUT_MS
    )
    expect(page.get_by_test_id("import-summary")).to_have_text(
        "3 lignes : 3 valides, 3 créées, 0 doublons, 0 en erreur."
    )
    expect(page.get_by_test_id("import-progress")).to_have_attribute("value", "100")
    assert sorted(
        Declaration.objects.filter(reference__startswith="E2E-IMPORT").values_list(
            "reference", flat=True
        )
    ) == ["E2E-IMPORT-1", "E2E-IMPORT-2", "E2E-IMPORT-3"]

    # And the imported payments are in the declarations list
    page.get_by_role("navigation").get_by_role("link", name="Déclarations de paiements").click()
    expect(page.get_by_test_id("declaration-row-E2E-IMPORT-2")).to_contain_text("Cloud Two")


def test_startup_issues_an_api_token_on_a_phone_and_revokes_it_after_confirming(
    page: Page, demo_users: str
) -> None:
    # Given a founder on a phone, on the API tokens page
    page.set_viewport_size({"width": 390, "height": 844})
    open_section(page, demo_users, "Jetons d'accès à l'API")

    # When they create a token for their accounting software
    page.get_by_label("Nom du jeton (ex. ERP)").fill("ERP comptable")
    page.get_by_role("button", name="Créer le jeton").click()

    # Then the token is shown once, whole, and the page still fits the phone's width
    shown = page.get_by_test_id("token-value")
    expect(shown).to_be_visible()
    token = ApiToken.objects.get(name="ERP comptable")
    assert shown.inner_text().startswith(token.prefix)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    row = page.get_by_test_id("token-row-ERP comptable")
    expect(row).to_contain_text("Jamais")

    # When they revoke it, they are asked first, and nothing changes until they confirm
    row.get_by_role("button", name="Révoquer").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("Révoquer le jeton « ERP comptable » ?")
    token.refresh_from_db()
    assert token.revoked_at is None
    dialog.get_by_test_id("confirm-ok").click()

    # Then it is revoked
    expect(page.get_by_text("Jeton « ERP comptable » révoqué.")).to_be_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None
