"""On the demo's year, the advocate's dashboard reads: the headline is published, its law-backed
figure apart from what rests only on illustrative values, and the charts have labelled axes with
their unit, in French and in English, on a phone and on a laptop."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, ViewportSize, expect

from backend.accounts.models import User
from backend.declarations.demo import demo_declarations_load
from backend.declarations.models import Declaration
from backend.evidence.frames import EvidenceFilters
from backend.evidence.selectors import evidence_measures
from backend.processing.pipeline import processing_declarations
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import sign_in

YEAR = 2026
PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1440, "height": 900}
# Axis text a person can read: the issue measured 10 px on the hand-drawn charts.
MIN_TICK_FONT_PX = 12
NNBSP, NBSP = "\u202f", "\u00a0"
# The first request of a year builds its stored aggregates from a thousand declarations.
FIRST_ANSWER_MS = 60_000

WORDS = {
    "fr": {
        "law": "Fondé en droit (règles officielles ou de presse)",
        "illustrative": "Ne tient qu'à des valeurs illustratives",
        "month_axis": "Mois de la date de valeur",
        "category_axis": "Catégorie de paiement",
        "january": "janv.",
        "saas": "SaaS, hébergement",
    },
    "en": {
        "law": "Law-backed (official or press-sourced rules)",
        "illustrative": "Rests only on illustrative values",
        "month_axis": "Month of the value date",
        "category_axis": "Payment category",
        "january": "Jan",
        "saas": "SaaS, cloud",
    },
}


def mad(amount: str, language: str) -> str:
    """A whole MAD amount as the page writes it: « 11 471 000 MAD » / "MAD 11,471,000"."""
    whole = Decimal(amount)
    assert whole == whole.to_integral_value(), "advocates' amounts are rounded to 1,000 MAD"
    grouped = f"{int(whole):,}"
    if language == "fr":
        return f"{grouped.replace(',', NNBSP)}{NBSP}MAD"
    return f"MAD{NBSP}{grouped}"


@pytest.fixture
def demo_year(demo_users: str) -> dict:
    """The demo as `./scripts/run` loads it (six startups written by hand, 46 generated across
    the five clusters, the shipped rulebooks and cohort), every payment converted and screened;
    returns the advocate's headline for the year as the API computes it."""
    call_command("load_demo_rates")
    call_command("load_rulebooks", "--demo-cohort")
    demo_declarations_load()
    processing_declarations(declaration_ids=list(Declaration.objects.values_list("pk", flat=True)))
    advocate = User.objects.get(username="demo-advocate")
    whole_year = EvidenceFilters(date_from=date(YEAR, 1, 1), date_to=date(YEAR, 12, 31))
    return evidence_measures(viewer=advocate, filters=whole_year)["headline"]


def no_overflow(page: Page) -> None:
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        page.wait_for_timeout(200)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{width} px wide in a {size['width']} px window"
    page.set_viewport_size(LAPTOP)


def readable_ticks(ticks: Locator) -> None:
    size = ticks.first.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= MIN_TICK_FONT_PX, f"axis text of {size} px"


def check_dashboard(page: Page, headline: dict, language: str) -> None:
    words = WORDS[language]
    # The headline is published: the law-backed figure, and beside it, labelled, the part that
    # rests only on illustrative values; neither suppressed, neither their sum.
    unlocked = page.get_by_test_id("headline-unlocked")
    law = unlocked.get_by_test_id("headline-unlocked-law")
    illustrative = unlocked.get_by_test_id("headline-unlocked-illustrative")
    expect(law).to_contain_text(words["law"])
    expect(illustrative).to_contain_text(words["illustrative"])
    expect(law.get_by_test_id("figure-mad")).to_have_text(mad(headline["law"]["mad"], language))
    expect(illustrative.get_by_test_id("figure-mad")).to_have_text(
        mad(headline["illustrative"]["mad"], language)
    )
    expect(unlocked.get_by_test_id("suppressed-cell")).to_have_count(0)
    expect(unlocked).not_to_contain_text(mad(headline["TOTAL"]["mad"], language))

    # The monthly chart: one tick per month, a MAD value axis from zero with its title, the
    # months' axis titled, readable text, bars drawn, and a legend naming both parts.
    monthly = page.get_by_test_id("chart-monthly")
    months = monthly.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
    expect(months).to_have_count(12)
    expect(months.first).to_have_text(words["january"])
    values = monthly.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
    expect(values.first).to_have_text("0")
    assert values.count() >= 3
    titles = monthly.locator(".recharts-label")
    expect(titles.filter(has_text=re.compile("^MAD$"))).to_have_count(1)
    expect(titles.filter(has_text=words["month_axis"])).to_have_count(1)
    readable_ticks(months)
    assert monthly.locator(".recharts-bar-rectangle path").count() >= 1
    expect(monthly.get_by_test_id("legend-law")).to_have_text(words["law"])
    expect(monthly.get_by_test_id("legend-illustrative")).to_have_text(words["illustrative"])

    # The category chart: categories by name on one axis, MAD on the other.
    category = page.get_by_test_id("chart-category")
    names = category.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
    # (a long name wraps over several lines of the axis: its first words are enough here)
    expect(names.filter(has_text=re.compile(rf"^{words['saas']}"))).to_have_count(1)
    expect(category.locator(".recharts-label").filter(has_text=re.compile("^MAD$"))).to_have_count(
        1
    )
    readable_ticks(names)
    no_overflow(page)


def test_the_demo_advocate_reads_a_published_headline_and_charts_with_labelled_axes(
    page: Page, demo_year: dict
) -> None:
    headline = demo_year["unlocked"]
    # Given the demo's year, the figures the browser must show are published by the API,
    for part in ("law", "illustrative"):
        assert headline[part]["suppressed"] is False, part
        assert Decimal(headline[part]["mad"]) > 0, part

    # when the demo advocate opens the impact dashboard in French and chooses the demo's year,
    page.add_init_script("localStorage.setItem('fxs.language', 'fr')")
    page.goto("/login")
    sign_in(page, username="demo-advocate", password=DEMO_PASSWORD)
    expect(page.get_by_test_id("home-advocate")).to_be_visible()
    page.goto("/advocate/evidence")
    # (the first answer computes the year's stored aggregates)
    expect(page.get_by_test_id("evidence-results")).to_be_visible(timeout=FIRST_ANSWER_MS)
    page.get_by_label("Année", exact=True).select_option(str(YEAR))
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.get_by_test_id("evidence-scope")).to_have_text(
        f"Dates de valeur du 1 janv. {YEAR} au 31 déc. {YEAR}"
    )
    # then it reads in French, saying when its figures were counted,
    check_dashboard(page, headline, "fr")
    expect(page.get_by_test_id("evidence-as-of")).to_contain_text(
        re.compile(r"^Chiffres établis le \d{1,2} \S+ \d{4}, \d{2}:\d{2}[ ,:]")
    )
    # and, switched to English, in English.
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("evidence-scope")).to_have_text(
        f"Value dates from 1 Jan {YEAR} to 31 Dec {YEAR}"
    )
    check_dashboard(page, headline, "en")
    expect(page.get_by_test_id("evidence-as-of")).to_contain_text(
        re.compile(r"^Figures counted on \d{1,2} \S+ \d{4}, \d{2}:\d{2}[ ,:]")
    )
