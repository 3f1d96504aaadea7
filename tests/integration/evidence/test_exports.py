"""Exports through the API and the worker's service: CSV and XLSX safe against formula
injection, the XLSX and PDF read back, packs reproduced and verified."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from backend.common.roles import Role
from backend.evidence.models import EvidenceExport, EvidencePack
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.evidence.helpers import FILTERS_2026, build, startup, world
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)"]


def hostile_world():
    """Rules in force whose titles (a regulator's free text) are spreadsheet formulas, and three
    participants paying 1,000 MAD each."""
    doc = h.document(name="Test rules in force", kind="in_force", cap_mad="2000000.00")
    for rule, title in zip(doc["rules"], HOSTILE_TITLES, strict=False):
        rule["title"] = {"fr": title, "en": title}
    h.publish(doc)
    users = [startup(cluster="MNC") for _ in range(3)]
    h.process(*[h.declare(u, "1000.00", date(2026, 2, 2)) for u in users])


def export(client, fmt, **extra):
    response = client.post(
        reverse("api:evidence-exports"),
        {"format": fmt, "filters": FILTERS_2026, **extra},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    build(response.json()["id"])
    detail = client.get(
        reverse("api:evidence-export-detail", kwargs={"export_id": response.json()["id"]})
    )
    body = detail.json()
    assert (body["status"], body["progress"]) == ("done", 100)
    download = client.get(body["download_url"])
    assert download.status_code == 200
    return body, b"".join(download.streaming_content)


def test_csv_keeps_numbers_and_the_basis_of_every_figure():
    hostile_world()
    client = client_for(make_user(role=Role.REGULATOR))
    _, data = export(client, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    total = next(r for r in rows if r[:4] == ["pairs", "TOTAL", "TOTAL", "TOTAL"])
    assert total[4:7] == ["3", "3", "3000.00"]
    law = next(r for r in rows if r[:4] == ["pairs", "TOTAL", "not_trialled", "law"])
    assert law[4:7] == ["3", "3", "3000.00"]


def test_xlsx_reads_back_with_values_charts_methodology_and_inert_formulas():
    hostile_world()
    client = client_for(make_user(role=Role.REGULATOR))
    _, data = export(client, "xlsx")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)
    wb = load_workbook(io.BytesIO(data))
    assert {"Headline", "By cluster", "Charts", "Rulebooks", "Methodology"} <= set(wb.sheetnames)
    titles = {row[2] for row in wb["Rulebooks"].iter_rows(min_row=2, values_only=True)}
    assert {"'" + t for t in HOSTILE_TITLES[:2]} <= titles
    assert not any(t in titles for t in HOSTILE_TITLES)
    headline = {(r[0], r[1]): r[2:5] for r in wb["Headline"].iter_rows(min_row=2, values_only=True)}
    assert headline[("All declarations", "All")] == (3, 3, 3000)
    assert len(wb["Charts"]._charts) == 4  # by month, category, cluster and country
    methodology = " ".join(str(r[0]) for r in wb["Methodology"].iter_rows(values_only=True))
    assert "verdict pair" in methodology
    rules = list(wb["Rulebooks"].iter_rows(min_row=2, values_only=True))
    assert ("CARD_CAP", "IGOC 2026; Le Reporter, 2026-02-17", "press") in {
        (r[1], r[3], r[4]) for r in rules
    }


def test_pdf_reads_back_with_methodology_citations_and_confidence():
    world(trialled=2, unlocked=1, compliant=1)
    client = client_for(make_user(role=Role.ADVOCATE))
    _, data = export(client, "pdf")
    pages = PdfReader(io.BytesIO(data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Methodology" in text
    assert "Suppression note" in text
    assert "fewer than 5 participants" in text
    assert "IGOC 2026" in text
    assert "AML control" in text
    assert "press" in text
    assert "illustrative" in text
    assert "not a regulatory fact" in text


def test_png_charts_zip_in_french_and_english_named_after_the_period():
    world(trialled=2, unlocked=1, compliant=1)
    body, data = export(client_for(make_user(role=Role.ADVOCATE)), "png")
    assert body["download_name"] == "impact-evidence-2026-all-published-charts-fr-en.zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    charts = [
        f"charts/{name}.{language}.png"
        for name in (
            "allowance_usage",
            "unlocked_by_category",
            "unlocked_by_cluster",
            "unlocked_by_country",
            "unlocked_by_month",
        )
        for language in ("en", "fr")
    ]
    assert sorted(archive.namelist()) == sorted(charts)
    assert all(archive.read(n).startswith(b"\x89PNG") for n in archive.namelist())


def test_csv_says_where_its_figures_come_from_before_the_table():
    world(trialled=3, unlocked=1, illustrative=1, compliant=1)
    body, data = export(
        client_for(make_user(role=Role.REGULATOR)),
        "csv",
        filters={**FILTERS_2026, "cluster": "MNC"},
    )
    assert body["download_name"] == "impact-evidence-2026-cluster-MNC-regulator-exact-fr-en.csv"
    lines = data.decode("utf-8-sig").splitlines()
    header = [line for line in lines if line.startswith(("#", '"#'))]
    text = "\n".join(header)
    assert lines[0].startswith("# FX Sandbox Tracker")
    assert "Period: 2026-01-01 – 2026-12-31; filter: cluster=MNC" in text
    assert "Rulebook: Test rules in force v1 — rules: 1 press, 2 illustrative" in text
    assert "CARD_CAP (Card allowance): confidence press" in text
    assert "DOC_THRESHOLD (Contract above a threshold): confidence illustrative" in text
    assert "Law-backed: blocked (or held for review) today" in text
    assert "Regulator edition" in text
    # The rate used, and how each of the cluster's three amounts got to dirhams.
    assert (
        "Amounts are in MAD at Bank Al-Maghrib's mid rate (cours moyen) of the value date, or of "
        "the last publication before it when none is published that day." in text
    )
    assert "au cours moyen de Bank Al-Maghrib de la date de valeur" in text
    assert (
        "Conversions of the declarations in scope: 0 at the rate published on the value date; "
        "0 at the rate of the last publication before it (no publication that day); 0 derived "
        "(a cross rate through the euro with the ECB reference rate); 0 estimated (a provisional "
        "rate, labelled as such); 3 without conversion (amount declared in dirhams); 0 awaiting "
        "the rate of their date." in text
    )
    assert "official rate" not in text
    rows = list(csv.reader(io.StringIO("\n".join(lines[len(header) :]))))
    assert rows[0] == [
        "table",
        "row",
        "column",
        "basis",
        "declarations",
        "participants",
        "mad",
        "suppressed",
    ]
    law = next(r for r in rows if r[:4] == ["pairs", "TOTAL", "unlocked", "law"])
    illustrative = next(r for r in rows if r[:4] == ["pairs", "TOTAL", "unlocked", "illustrative"])
    assert (law[6], illustrative[6]) == ("2500000.00", "150000.00")


def test_invalid_export_request_changes_nothing():
    client = client_for(make_user(role=Role.ADVOCATE))
    response = client.post(reverse("api:evidence-exports"), {"format": "doc"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/format"
    assert (EvidencePack.objects.count(), EvidenceExport.objects.count()) == (0, 0)


def test_another_organisation_cannot_download():
    world(trialled=1, unlocked=1, compliant=0)
    body, _ = export(client_for(make_user(role=Role.ADVOCATE)), "csv")
    other = client_for(make_user(role=Role.ADVOCATE))
    response = other.get(body["download_url"])
    assert response.status_code == 404
