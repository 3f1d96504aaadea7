"""An advocate filters the impact dashboard by cluster, reads the charts, and exports a PDF and an
XLSX through the real worker, then downloads both; and reads the review outcomes, the friction of
the reviews and the breakdowns by sector and counterparty country."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from backend.accounts.models import User
from backend.declarations.models import Declaration
from backend.evidence.models import EvidenceExport, ExportStatus
from backend.processing.pipeline import processing_declarations
from backend.reviews.models import Case, Outcome, RequestKind
from backend.reviews.services import cases, requests
from backend.rulebooks.models import Cohort, FlagPolicy
from backend.rulebooks.services.cohorts import CohortChanges, cohort_update
from tests.e2e.test_sign_in import sign_in
from tests.integration.conftest import celery_worker_process  # noqa: F401 (a fixture)
from tests.integration.evidence.helpers import world
from tests.integration.rulebooks.helpers import regulator

# Exports are built by the real worker; the page polls their progress.
EXPORT_TIMEOUT_MS = 60_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# French groups thousands with a narrow no-break space and puts a no-break space before the
# currency, as Intl does.
NNBSP, NBSP = "\u202f", "\u00a0"
# world(): 12 cohort members of the MNC cluster; the first 6 declare 2,500,000 MAD by card
# (blocked now, allowed under the proposal), the next 6 declare 1,000 MAD; five startups outside
# any cluster and cohort declare 500 MAD each.
MEMBERS, UNLOCKED, COMPLIANT = 12, 6, 6


# Each of the six 2,500,000 MAD card payments breaches the card cap in force and opens a case.
# Five are allowed under the sandbox three days after they were declared, one is a confirmed breach
# six days after: 21 days over 6 cases, a mean of 3.5 days. Two cases asked for documents, one for
# an explanation (not a document). The confirmed breach is one participant, fewer than the 5 of
# the disclosure threshold: its row is suppressed, and so is the allowed row, which the total
# would otherwise give away by subtraction.
ALLOWED_DAYS, CONFIRMED_DAYS = 3, 6
DOCUMENT_REQUESTS = 2


@pytest.fixture
def evidence_world(transactional_db) -> None:
    # Five startups outside any cluster, so that no cluster's figures give one startup away.
    world(trialled=MEMBERS, unlocked=UNLOCKED, compliant=COMPLIANT, outsiders=5)


def decide(case: Case, reviewer: User, *, outcome: str, days: int, ask: str | None) -> None:
    """Review `case` through the services (asking the startup `ask` first, if any) and decide it
    `days` whole days after its declaration was recorded."""
    case = cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    if ask is not None:
        requests.case_request_create(
            actor=reviewer, case_id=case.pk, if_match=case.etag, kind=ask, message="Please send."
        )
        case = Case.objects.get(pk=case.pk)
        case = cases.case_resume(
            actor=reviewer, case_id=case.pk, if_match=case.etag, reason="Answered by email."
        )
    cases.case_decide(
        actor=reviewer,
        case_id=case.pk,
        if_match=case.etag,
        outcome=outcome,
        rationale="Reviewed.",
        waiver_evidence="Sandbox provision on card caps.",
        now=case.declaration.created_at + timedelta(days=days, hours=1),
    )


@pytest.fixture
def reviewed_world(evidence_world: None) -> None:
    # The trial is observed only: the rules in force still raise flags for the cohort, so its
    # in-force breaches open cases once re-screened (marked as a policy change marks them).
    reviewer = regulator()
    cohort_update(
        actor=reviewer,
        cohort=Cohort.objects.get(),
        changes=CohortChanges(flag_policy=FlagPolicy.IN_FORCE_ONLY),
    )
    declarations = Declaration.objects.all()
    declarations.update(processing_requested_at=timezone.now())
    processing_declarations(declaration_ids=list(declarations.values_list("pk", flat=True)))
    cases.cases_sync_flags()
    opened = list(Case.objects.select_related("declaration").order_by("declaration__created_at"))
    assert len(opened) == UNLOCKED, "every breaching payment opens one case"
    asks = [RequestKind.DOCUMENTS] * DOCUMENT_REQUESTS + [RequestKind.EXPLANATION]
    for index, case in enumerate(opened):
        confirmed = index == len(opened) - 1
        decide(
            case,
            reviewer,
            outcome=Outcome.BREACH_CONFIRMED if confirmed else Outcome.ALLOWED_UNDER_SANDBOX,
            days=CONFIRMED_DAYS if confirmed else ALLOWED_DAYS,
            ask=asks[index] if index < len(asks) else None,
        )


def open_dashboard_for_mnc_in_2026(page: Page, password: str) -> None:
    """Sign in as the demo advocate, open the dashboard and filter it to the MNC cluster in 2026."""
    page.goto("/login")
    sign_in(page, username="demo-advocate", password=password)
    expect(page.get_by_test_id("home-advocate")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Indicateurs d'impact").click()
    expect(page).to_have_url(re.compile(r"/advocate/evidence$"))
    expect(page.get_by_test_id("evidence-title")).to_have_text("Indicateurs d'impact")
    # An advocate is offered a whole year and one filter at a time, as the server publishes them.
    page.get_by_label("Année", exact=True).select_option("2026")
    page.get_by_label("Filtrer par", exact=True).select_option("cluster")
    page.get_by_label("Valeur", exact=True).select_option(label="Morocco Numeric Cluster")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.get_by_test_id("evidence-scope")).to_have_text(
        "Dates de valeur du 1 janv. 2026 au 31 déc. 2026 · Cluster : Morocco Numeric Cluster"
    )


def download(page: Page, format_test_id: str) -> tuple[bytes, str]:
    """Click the export's download link; return the file and the content type it was served as."""
    row = page.get_by_test_id(format_test_id)
    link = row.get_by_test_id("export-download")
    expect(link).to_be_visible(timeout=EXPORT_TIMEOUT_MS)
    expect(row.get_by_test_id("export-status")).to_have_text("Prêt")
    expect(row.get_by_role("progressbar")).to_have_attribute("value", "100")
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    assert path is not None
    data = path.read_bytes()
    href = link.get_attribute("href")
    assert href is not None
    response = page.request.get(href)
    assert response.ok
    assert response.body() == data
    return data, response.headers["content-type"]


def altered(pack: bytes) -> bytes:
    """The same pack with one byte of measures.csv changed."""
    source, out = zipfile.ZipFile(io.BytesIO(pack)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "measures.csv":
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.writestr(info, data)
    return out.getvalue()


def test_advocate_filters_by_cluster_reads_the_charts_and_downloads_a_pdf_and_an_xlsx(
    page: Page,
    demo_users: str,
    evidence_world: None,
    celery_worker_process,  # noqa: F811 (the fixture imported above)
) -> None:
    # Given a signed-in advocate on the impact dashboard, when they choose 2026 and the Morocco
    # Numeric Cluster and apply the filters
    open_dashboard_for_mnc_in_2026(page, demo_users)

    # Then the figures are those of the cluster's twelve members, rounded, under disclosure control
    unlocked = page.get_by_test_id("headline-unlocked")
    expect(unlocked).to_contain_text("Bloqués aujourd'hui, autorisés par la proposition")
    # (the card cap is press-sourced: all of it is law-backed, nothing rests on illustrative values)
    law = unlocked.get_by_test_id("headline-unlocked-law")
    expect(law.get_by_test_id("figure-mad")).to_have_text(f"15{NNBSP}000{NNBSP}000{NBSP}MAD")
    illustrative = unlocked.get_by_test_id("headline-unlocked-illustrative")
    expect(illustrative.get_by_test_id("figure-declarations")).to_have_text("0")
    total = page.get_by_test_id("headline-TOTAL")
    expect(total.get_by_test_id("figure-mad")).to_have_text(f"15{NNBSP}006{NNBSP}000{NBSP}MAD")
    expect(total.get_by_test_id("figure-participants")).to_have_text(str(MEMBERS))
    # And the pair the proposal newly blocks is shown, even when empty
    newly = page.get_by_test_id("headline-newly_blocked")
    expect(newly).to_contain_text("Autorisés aujourd'hui, bloqués par la proposition")
    expect(newly.get_by_test_id("figure-declarations")).to_have_text("0")
    expect(page.get_by_test_id("disclosure-note")).to_contain_text(
        "Une case calculée sur moins de 5 participants est masquée"
    )

    # And the charts are drawn: every month of the year on a MAD axis (March unlocked), and by
    # category; within one cluster there is no chart by cluster
    monthly = page.get_by_test_id("chart-monthly")
    ticks = monthly.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
    expect(ticks).to_have_count(12)
    expect(ticks.nth(2)).to_have_text("mars")
    titles = monthly.locator(".recharts-label")
    expect(titles.filter(has_text=re.compile("^MAD$"))).to_have_count(1)
    expect(titles.filter(has_text="Mois de la date de valeur")).to_have_count(1)
    expect(monthly.locator(".recharts-bar-rectangle path")).to_have_count(1)
    category = page.get_by_test_id("chart-category")
    expect(category.locator(".recharts-bar-rectangle path")).to_have_count(1)
    expect(page.get_by_test_id("chart-cluster")).to_have_count(0)
    # And the allowance's cap is named in words and says where it comes from, under each rulebook
    allowance = page.get_by_test_id("allowance-usage")
    expect(allowance.get_by_role("rowheader").first).to_contain_text("Dotation carte")
    sources = allowance.get_by_test_id("rule-source")
    expect(sources.first).to_contain_text("Test rules in force, version 1")
    expect(sources.first).to_contain_text("Fiabilité : presse")

    # When they export a PDF report and an XLSX workbook of these filters
    page.get_by_role("button", name="Rapport PDF").click()
    expect(page.get_by_test_id("export-pdf")).to_be_visible()
    page.get_by_role("button", name="XLSX").click()

    # Then both are built by the worker and downloaded, with the right types and contents
    pdf, pdf_type = download(page, "export-pdf")
    assert pdf_type == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "CARD_CAP" in text
    assert "cluster=MNC" in text
    # And the methodology is in French, then in English
    assert text.index("Méthodologie") < text.index("Methodology")
    assert "secret complémentaire" in text

    xlsx, xlsx_type = download(page, "export-xlsx")
    assert xlsx_type == XLSX_TYPE
    workbook = load_workbook(io.BytesIO(xlsx))
    # (every sheet in French, then every sheet in English)
    sheets = workbook.sheetnames
    assert {"Synthèse", "Méthodologie", "Headline", "Charts", "Rulebooks", "Methodology"} <= set(
        sheets
    )
    assert sheets.index("Méthodologie") < sheets.index("Headline")
    headline = {
        (r[0], r[1]): r[2:5] for r in workbook["Headline"].iter_rows(min_row=2, values_only=True)
    }
    assert headline[("All declarations", "All")] == (MEMBERS, MEMBERS, 15_006_000)
    french = [str(r[0]) for r in workbook["Méthodologie"].iter_rows(values_only=True)]
    assert any("moins de 5 participants" in line for line in french)
    english = [str(r[0]) for r in workbook["Methodology"].iter_rows(values_only=True)]
    assert any("fewer than 5 participants" in line for line in english)

    # When they export the whole evidence pack and upload the downloaded file to be checked
    page.get_by_role("button", name="Dossier de preuve").click()
    pack, _ = download(page, "export-pack")
    check = page.get_by_test_id("pack-check")
    check.get_by_label("Fichier du dossier (zip)").set_input_files(
        files=[{"name": "pack.zip", "mimeType": "application/zip", "buffer": pack}]
    )
    check.get_by_role("button", name="Vérifier le fichier").click()
    # Then every file matches its manifest and the derived files rebuild to the same bytes
    result = check.get_by_test_id("pack-check-result")
    expect(result).to_contain_text(
        "Dossier intact : chaque fichier correspond à son manifeste.", timeout=EXPORT_TIMEOUT_MS
    )
    expect(result.get_by_test_id("pack-check-bad")).to_have_count(0)
    # And with one byte of measures.csv changed, the check names that file
    check.get_by_label("Fichier du dossier (zip)").set_input_files(
        files=[{"name": "pack.zip", "mimeType": "application/zip", "buffer": altered(pack)}]
    )
    check.get_by_role("button", name="Vérifier le fichier").click()
    expect(result).to_contain_text("Dossier altéré", timeout=EXPORT_TIMEOUT_MS)
    bad = result.get_by_test_id("pack-check-bad")
    expect(bad.get_by_test_id("check-file-measures.csv")).to_contain_text("Modifié")
    expect(bad.locator("tbody tr")).to_have_count(1)

    # And the server recorded the three exports, built from one pack each with the cluster filter
    exports = EvidenceExport.objects.select_related("pack").order_by("created_at")
    assert [(e.format, e.status) for e in exports] == [
        ("pdf", ExportStatus.DONE),
        ("xlsx", ExportStatus.DONE),
        ("pack", ExportStatus.DONE),
    ]
    assert {e.pack.manifest["filters"]["cluster"] for e in exports} == {"MNC"}


def test_advocate_reads_review_outcomes_friction_and_the_category_and_country_breakdowns(
    page: Page, demo_users: str, reviewed_world: None
) -> None:
    # Given the six cases decided, and the advocate's dashboard on the cluster's twelve members
    open_dashboard_for_mnc_in_2026(page, demo_users)

    # Then the review outcomes are shown with a line saying what the numbers are
    reviews = page.get_by_test_id("review-outcomes")
    expect(reviews.get_by_role("heading")).to_have_text("Issues des examens et délais")
    expect(reviews.get_by_test_id("review-outcomes-note")).to_contain_text(
        "délai moyen en jours entiers entre la déclaration et la décision"
    )
    # And all decided cases are counted exactly: 6 cases of 6 participants, 3.5 days on average,
    # two documents requested (the explanation is not a document)
    total = reviews.get_by_test_id("outcome-TOTAL")
    expect(total.get_by_role("rowheader")).to_have_text("Tous les dossiers décidés")
    expect(total.get_by_test_id("outcome-cases")).to_have_text(str(UNLOCKED))
    expect(total.get_by_test_id("outcome-participants")).to_have_text(str(UNLOCKED))
    expect(total.get_by_test_id("outcome-days")).to_have_text("3,5")
    expect(total.get_by_test_id("outcome-documents")).to_have_text(str(DOCUMENT_REQUESTS))
    # And the confirmed breach (one participant) and the allowed cases are suppressed, in words
    for outcome, name in (
        ("allowed_under_sandbox", "Autorisé dans le bac à sable"),
        ("breach_confirmed", "Infraction confirmée"),
    ):
        row = reviews.get_by_test_id(f"outcome-{outcome}")
        expect(row.get_by_role("rowheader")).to_have_text(name)
        expect(row.get_by_test_id("suppressed-cell")).to_have_count(4)
        expect(row.get_by_test_id("outcome-cases")).to_have_text("masqué")
    # And an outcome no case reached is a zero, with no mean of days
    cleared = reviews.get_by_test_id("outcome-cleared")
    expect(cleared.get_by_test_id("outcome-cases")).to_have_text("0")
    expect(cleared.get_by_test_id("outcome-days")).to_have_text("—")
    # And the chart, every outcome hidden or empty, draws no bar and says why and what to widen
    chart = reviews.get_by_test_id("chart-outcomes")
    expect(chart.locator(".recharts-bar-rectangle path")).to_have_count(0)
    expect(chart.get_by_test_id("chart-empty")).to_have_text(
        "Toutes les barres sont masquées : chaque case compte moins de 5 participants, ou un seul "
        "participant y pèse plus de la moitié du montant. Retirez le filtre « Cluster » pour "
        "élargir la population."
    )

    # And the category breakdown has the members' category with its figures per pair, rounded
    category = page.get_by_test_id("breakdown-category")
    software = category.get_by_test_id("row-SAAS_CLOUD")
    unlocked = software.get_by_test_id("cell-unlocked")
    expect(unlocked.get_by_test_id("cell-mad")).to_have_text(f"15{NNBSP}000{NNBSP}000{NBSP}MAD")
    expect(unlocked.get_by_test_id("cell-counts")).to_have_text("6 décl. · 6 part.")
    compliant = software.get_by_test_id("cell-compliant_both")
    expect(compliant.get_by_test_id("cell-mad")).to_have_text(f"6{NNBSP}000{NBSP}MAD")
    expect(software.get_by_test_id("cell-newly_blocked")).to_have_text("0")
    margin = category.get_by_test_id("row-TOTAL").get_by_test_id("cell-TOTAL")
    expect(margin.get_by_test_id("cell-mad")).to_have_text(f"15{NNBSP}006{NNBSP}000{NBSP}MAD")
    expect(margin.get_by_test_id("cell-counts")).to_have_text("12 décl. · 12 part.")
    # And the country breakdown names the counterparties' country, Ireland, with the same figures
    ireland = page.get_by_test_id("breakdown-country").get_by_test_id("row-IE")
    expect(ireland.get_by_role("rowheader")).to_have_text("Irlande (IE)")
    expect(ireland.get_by_test_id("cell-unlocked").get_by_test_id("cell-mad")).to_have_text(
        f"15{NNBSP}000{NNBSP}000{NBSP}MAD"
    )

    # When they read the page in English, the outcomes and countries read as English words
    page.get_by_role("button", name="English").click()
    expect(
        reviews.get_by_test_id("outcome-allowed_under_sandbox").get_by_role("rowheader")
    ).to_have_text("Allowed under the sandbox")
    expect(total.get_by_test_id("outcome-days")).to_have_text("3.5")
    expect(ireland.get_by_role("rowheader")).to_have_text("Ireland (IE)")
