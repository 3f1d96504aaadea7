"""A regulator reads the rates and imports a rate file through the real SPA and API."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from backend.rates.models import (
    NonPublicationDay,
    PayloadOrigin,
    PayloadStatus,
    RatePayload,
    RateRow,
    RateSource,
)
from backend.rates.services.imports import DEMO_FILES, rate_file_import
from tests.e2e.test_sign_in import sign_in

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rates"
UPLOADED = "bam_CoursVirement_2026-03-26.json"
# The 2026-03-26 answer repeats records and carries one retired code (MRO): 29 currencies once.
UPLOADED_CURRENCIES = 29


@pytest.fixture
def sample_rates(transactional_db) -> None:
    """The bundled sample as the offline demo loads it, except BAM's answer of 26 March."""
    for payload_format, name in DEMO_FILES:
        if name != UPLOADED:
            rate_file_import(
                payload_format=payload_format,
                body=(FIXTURES / name).read_bytes(),
                filename=name,
                origin=PayloadOrigin.FILE,
            )
    assert not RateRow.objects.filter(source=RateSource.BAM, published_on="2026-03-26").exists()


def test_regulator_reads_the_sample_and_imports_a_rate_file(
    page: Page, demo_users: str, sample_rates: None
) -> None:
    # Given a signed-in regulator
    page.goto("/login")
    sign_in(page, username="demo-regulator", password=demo_users)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()

    # When they open Rates from the navigation
    page.get_by_role("navigation").get_by_role("link", name="Cours de change officiels").click()
    expect(page).to_have_url(re.compile(r"/regulator/rates$"))
    expect(page.get_by_test_id("rates-title")).to_have_text("Cours de change officiels")

    # Then the page says the rates are the bundled sample, and of which dates
    coverage = page.get_by_test_id("rates-coverage")
    expect(coverage).to_contain_text("échantillon de réponses enregistrées")
    expect(coverage).to_contain_text("Bank Al-Maghrib du 25 mars 2026")
    expect(coverage).to_contain_text("BCE du 8 juillet 2022 – 18 mars 2026")
    # And the table gives the rates of the latest publication, exactly as BAM published them
    eur = page.get_by_test_id("rate-row-EUR")
    expect(eur).to_contain_text("25 mars 2026")
    expect(eur).to_contain_text("10,8057")
    expect(eur).to_contain_text("Bank Al-Maghrib")
    expect(eur).to_contain_text("Officiel")
    expect(page.get_by_test_id("rate-row-JPY")).to_contain_text("0,05862")
    # And BAM, without a subscription key here, says it is not configured
    expect(page.get_by_test_id("provider-bam-status")).to_have_text("Non configurée")
    expect(page.get_by_test_id("rate-chart")).to_be_visible()

    # When they import BAM's saved answer of 26 March
    page.get_by_label("Format", exact=True).select_option("bam")
    page.get_by_label("Fichier", exact=True).set_input_files(str(FIXTURES / UPLOADED))
    page.get_by_role("button", name="Importer").click()

    # Then the page reports it stored, and now reads the rates of 26 March
    # (and, while the workers have not applied it yet, that the payments it concerns are being
    # re-converted in the background: whether that is still so when the answer is drawn
    # depends on the worker's speed)
    summary = (
        f"{UPLOADED} importé (26 mars 2026) : {UPLOADED_CURRENCIES} nouveaux cours, "
        "0 révisés, 0 inchangés."
    )
    expect(page.get_by_test_id("rate-import-result")).to_have_text(
        re.compile(
            "^"
            + re.escape(summary)
            + "(?:"
            + re.escape(
                "Les déclarations que ces cours concernent sont reconverties et contrôlées "
                "à nouveau, en arrière-plan."
            )
            + ")?$"
        )
    )
    expect(coverage).to_contain_text("Cours enregistrés : Bank Al-Maghrib du 25–26 mars 2026")
    expect(eur).to_contain_text("26 mars 2026")
    expect(eur).to_contain_text("10,7729")
    expect(page.get_by_test_id("quarantine-empty")).to_be_visible()
    # And the chart's axes read: each day marked once, each value on one line with its unit
    chart = page.get_by_test_id("rate-chart")
    expect(chart).to_contain_text("EUR/MAD (2 points)")
    days = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
    expect(days).to_have_text(["25 mars 2026", "26 mars 2026"])
    values = chart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
    expect(values.first).to_be_attached()
    for value in values.all():
        assert value.locator("tspan").count() == 1, value.text_content()
        text = value.text_content() or ""
        assert re.fullmatch(r"\d+(?:,\d+)?\u00a0MAD", text), text

    # And the server stored it, uploaded by the regulator, with its rows
    payload = RatePayload.objects.get(filename=UPLOADED)
    assert (payload.origin, payload.status, payload.rows_new) == (
        PayloadOrigin.UPLOAD,
        PayloadStatus.STORED,
        UPLOADED_CURRENCIES,
    )
    stored = RateRow.objects.filter(source=RateSource.BAM, published_on="2026-03-26")
    assert stored.count() == UPLOADED_CURRENCIES
    assert str(stored.get(currency="EUR").per_unit) == "10.772900000000"


def test_regulator_confirms_a_day_without_publication(
    page: Page, demo_users: str, sample_rates: None
) -> None:
    # Given a signed-in regulator on the rates page, where Thursday 26 March is awaited
    page.goto("/login")
    sign_in(page, username="demo-regulator", password=demo_users)
    expect(page.get_by_test_id("home-regulator")).to_be_visible()
    page.goto("/regulator/rates")
    expect(page.get_by_test_id("calendar-2026-03-26")).to_contain_text("Attendu")
    form = page.get_by_test_id("non-publication-form")
    reason = "Fermeture exceptionnelle annoncée par Bank Al-Maghrib"

    # When they try a Saturday, the form says it is already a day without publication
    form.get_by_label("Jour sans publication").fill("2026-03-28")
    form.get_by_label("Motif (enregistré dans le journal d'audit)").fill(reason)
    form.get_by_role("button", name="Confirmer ce jour").click()
    page.get_by_role("dialog").get_by_role(
        "button", name="Confirmer le jour sans publication"
    ).click()
    expect(form.get_by_test_id("mark-day-error")).to_have_text(
        "Ce jour est déjà sans publication pour cette source (week-end ou jour férié) : "
        "le calendrier en donne la raison."
    )
    assert not NonPublicationDay.objects.exists()

    # When they confirm Thursday 26 March instead, after reading what it will do
    form.get_by_label("Jour sans publication").fill("2026-03-26")
    form.get_by_role("button", name="Confirmer ce jour").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Bank Al-Maghrib n'a rien publié le 26 mars 2026 ?")
    dialog.get_by_role("button", name="Confirmer le jour sans publication").click()

    # Then the page says so and the calendar shows the day without publication, and why
    expect(form.get_by_test_id("mark-done")).to_contain_text(
        "Le 26 mars 2026 est confirmé sans publication pour Bank Al-Maghrib."
    )
    expect(page.get_by_test_id("calendar-2026-03-26")).to_contain_text("Sans publication")
    expect(page.get_by_test_id("calendar-reasons")).to_contain_text(reason)
    # And the server stored the regulator's confirmation
    marked = NonPublicationDay.objects.get()
    assert (marked.source, str(marked.day), marked.origin, marked.reason) == (
        "bam",
        "2026-03-26",
        "regulator",
        reason,
    )
    assert marked.created_by is not None
    assert marked.created_by.username == "demo-regulator"
