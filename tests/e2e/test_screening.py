"""A regulator backtests a draft rulebook version and reads the report; a startup reads both
verdicts of a screened declaration. Through the real SPA and API; the backtest job itself is run
here, in the test process, where a worker would run it (no worker runs beside the live server)."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from backend.accounts.models import User
from backend.rulebooks.services.versions import rulebook_create, rulebook_version_create_draft
from backend.screening.models import Backtest
from backend.screening.services.analysis import backtest_run
from tests.e2e.test_sign_in import sign_in
from tests.factories import make_user
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening.helpers import (
    cohort,
    declare,
    document,
    in_force,
    process,
    proposal,
)

MARCH = date(2026, 3, 2)


def test_regulator_backtests_a_draft_and_reads_the_report(page: Page, demo_users: str) -> None:
    # Given the rules in force (2,000,000 MAD a year by card) and three participants' payments
    in_force()
    for name, amount in (("a", "1500000.00"), ("b", "500000.00"), ("c", "2500000.00")):
        process(
            declare(
                make_user(username=f"founder-{name}"), amount, MARCH, reference=f"{name.upper()}-1"
            )
        )
    # and a draft proposal lowering the cap to 1,000,000 MAD
    editor = regulator()
    book = rulebook_create(actor=editor, name="Draft proposal", kind="proposed")
    rulebook_version_create_draft(
        actor=editor,
        rulebook=book,
        document=document(name="Draft proposal", kind="proposed", cap_mad="1000000.00"),
    )

    # When a regulator opens the backtests page and runs the draft over 2026
    page.goto("/login")
    sign_in(page, username="demo-regulator", password=demo_users)
    page.get_by_role("navigation").get_by_role("link", name="Backtests et re-contrôle").click()
    expect(page).to_have_url(re.compile(r"/regulator/backtests$"))
    page.get_by_label("Version testée").select_option(label="Draft proposal — v1 (Brouillon)")
    page.get_by_label("Début de période").fill("2026-01-01")
    page.get_by_label("Fin de période").fill("2026-12-31")
    page.get_by_role("button", name="Lancer le backtest").click()
    report = page.get_by_test_id("backtest-report")
    expect(report).to_contain_text("Draft proposal — v1 (Brouillon)")
    expect(page.get_by_test_id("backtest-progress")).to_be_visible()
    backtest = Backtest.objects.get()
    backtest_run(backtest_id=backtest.pk)

    # Then the report shows the one declaration the lower cap turns into a breach
    expect(page.get_by_test_id("report-declarations")).to_have_text("3")
    expect(page.get_by_test_id("report-transitions")).to_have_text("1")
    expect(page.get_by_test_id("report-affected")).to_have_text("1")
    expect(page.get_by_test_id("report-volume")).to_have_text("1\u202f500\u202f000,00\u00a0MAD")
    rows = page.get_by_test_id("report-transition-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("A-1")
    expect(rows.first).to_contain_text("Conforme")
    expect(rows.first).to_contain_text("Dépassement")
    expect(page.get_by_test_id("backtest-csv")).to_have_attribute(
        "href", f"/api/v1/backtests/{backtest.pk}/export/"
    )


def test_startup_sees_both_verdicts_of_a_screened_declaration(page: Page, demo_users: str) -> None:
    # Given the rules in force (2,000,000 MAD) and a proposal (1,000,000 MAD) trialled by the
    # startup's cohort, and a screened 1,500,000 MAD card payment
    in_force()
    trial = proposal(cap_mad="1000000.00")
    founder = User.objects.get(username="demo-startup-1")
    cohort(trial, [founder.membership.organisation])
    process(declare(founder, "1500000.00", MARCH, reference="INV-2026-7"))

    # When the startup opens the declaration
    page.goto("/login")
    sign_in(page, username="demo-startup-1", password=demo_users)
    page.get_by_role("navigation").get_by_role("link", name="Déclarations de paiements").click()
    page.get_by_test_id("declaration-row-INV-2026-7").get_by_role("button").first.click()

    # Then both rulebooks' verdicts sit side by side, with the breach explained and cited
    verdicts = page.get_by_test_id("verdicts")
    expect(
        verdicts.get_by_test_id("verdict-in_force").get_by_test_id("verdict-badge")
    ).to_have_text("Conforme")
    proposed = verdicts.get_by_test_id("verdict-proposed")
    expect(proposed.get_by_test_id("verdict-badge")).to_have_text("Dépassement")
    expect(proposed).to_contain_text("référentiel applicable")
    expect(proposed.get_by_test_id("finding")).to_have_count(1)
    expect(proposed.get_by_test_id("finding")).to_contain_text("Source :")
