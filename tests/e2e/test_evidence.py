"""An advocate filters the impact dashboard by cluster, reads the charts, and exports a PDF and an
XLSX through the real worker, then downloads both."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from backend.evidence.models import EvidenceExport, ExportStatus
from tests.e2e.test_sign_in import sign_in
from tests.integration.conftest import celery_worker_process  # noqa: F401 (a fixture)
from tests.integration.evidence.helpers import world

# Exports are built by the real worker; the page polls their progress.
EXPORT_TIMEOUT_MS = 60_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# French groups thousands with a narrow no-break space, as Intl does.
NNBSP = "\u202f"
# world(): 12 cohort members of the MNC cluster; the first 6 declare 2,500,000 MAD by card
# (blocked now, allowed under the proposal), the next 6 declare 1,000 MAD; one startup outside
# any cluster and cohort declares 500 MAD.
MEMBERS, UNLOCKED, COMPLIANT = 12, 6, 6


@pytest.fixture
def evidence_world(transactional_db) -> None:
    world(trialled=MEMBERS, unlocked=UNLOCKED, compliant=COMPLIANT)


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


def test_advocate_filters_by_cluster_reads_the_charts_and_downloads_a_pdf_and_an_xlsx(
    page: Page,
    demo_users: str,
    evidence_world: None,
    celery_worker_process,  # noqa: F811 (the fixture imported above)
) -> None:
    # Given a signed-in advocate on the impact dashboard
    page.goto("/login")
    sign_in(page, username="demo-advocate", password=demo_users)
    expect(page.get_by_test_id("home-advocate")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Indicateurs d'impact").click()
    expect(page).to_have_url(re.compile(r"/advocate/evidence$"))
    expect(page.get_by_test_id("evidence-title")).to_have_text("Indicateurs d'impact")

    # When they choose 2026 and the Morocco Numeric Cluster, and apply the filters
    page.get_by_label("Du", exact=True).fill("2026-01-01")
    page.get_by_label("Au", exact=True).fill("2026-12-31")
    page.get_by_label("Cluster", exact=True).select_option("MNC")
    page.get_by_role("button", name="Appliquer les filtres").click()

    # Then the figures are those of the cluster's twelve members, rounded, under disclosure control
    expect(page.get_by_test_id("evidence-scope")).to_have_text(
        "Dates de valeur du 2026-01-01 au 2026-12-31 · Cluster : MNC"
    )
    unlocked = page.get_by_test_id("headline-unlocked")
    expect(unlocked).to_contain_text("Bloqués aujourd'hui, autorisés par la proposition")
    expect(unlocked).to_contain_text(f"15{NNBSP}000{NNBSP}000 MAD")
    total = page.get_by_test_id("headline-TOTAL")
    expect(total).to_contain_text(f"15{NNBSP}006{NNBSP}000 MAD")
    expect(total.locator("dd").nth(1)).to_have_text(str(MEMBERS))
    # And the pair the proposal newly blocks is shown, even when empty
    newly = page.get_by_test_id("headline-newly_blocked")
    expect(newly).to_contain_text("Autorisés aujourd'hui, bloqués par la proposition")
    expect(newly.locator("dd").nth(0)).to_have_text("0")
    expect(page.get_by_test_id("disclosure-note")).to_contain_text(
        "Une case calculée sur moins de 5 participants est masquée"
    )

    # And the three charts are drawn: by month (March unlocked, April not), category and cluster
    monthly = page.get_by_test_id("chart-monthly")
    expect(monthly.locator("svg")).to_be_visible()
    expect(monthly.locator("rect.evidence-chart__bar")).to_have_count(2)
    expect(monthly).to_contain_text("mars 2026")
    expect(page.get_by_test_id("chart-category").locator("svg")).to_be_visible()
    cluster = page.get_by_test_id("chart-cluster")
    expect(cluster.locator("rect.evidence-chart__bar")).to_have_count(1)
    expect(cluster).to_contain_text("Morocco Numer")

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
    assert {"Headline", "Charts", "Rulebooks", "Methodology"} <= set(workbook.sheetnames)
    headline = {r[0]: r[1:4] for r in workbook["Headline"].iter_rows(min_row=2, values_only=True)}
    assert headline["All declarations"] == (MEMBERS, MEMBERS, 15_006_000)
    methodology = [r[0] for r in workbook["Methodology"].iter_rows(values_only=True)]
    assert methodology[0] == "Méthodologie"
    assert "Methodology" in methodology
    assert any("moins de 5 participants" in str(line) for line in methodology)

    # And the server recorded both exports, built from one pack each with the cluster filter
    exports = EvidenceExport.objects.select_related("pack").order_by("created_at")
    assert [(e.format, e.status) for e in exports] == [
        ("pdf", ExportStatus.DONE),
        ("xlsx", ExportStatus.DONE),
    ]
    assert {e.pack.manifest["filters"]["cluster"] for e in exports} == {"MNC"}
