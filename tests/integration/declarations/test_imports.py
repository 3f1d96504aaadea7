# ruff: noqa: E501  (exact expectations read best on one line)
"""Bulk import: real-world files, the dry run, duplicates on re-upload, limits, the report."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration, DeclarationImport
from backend.declarations.services.imports import declaration_import_run
from tests.conftest import client_for

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "declarations"
URL = reverse("api:declaration-imports")
HEADER = "reference,direction,category,channel,amount,currency,value_date,counterparty_name,counterparty_country,description\n"
pytestmark = pytest.mark.django_db


def upload(user, content: bytes, name="declarations.csv", dry_run=False):
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    data = {"file": file, "dry_run": "true" if dry_run else "false"}
    return client_for(user).post(URL, data, format="multipart")


def run(user, content: bytes, name="declarations.csv", sent_tasks=None):
    """Upload, then run the job as the worker would; the finished job's answer."""
    response = upload(user, content, name)
    assert response.status_code == 202, response.json()
    declaration_import_run(import_id=response.json()["id"])
    detail = reverse("api:declaration-import-detail", kwargs={"import_id": response.json()["id"]})
    return client_for(user).get(detail).json()


def test_french_windows_1252_csv_with_semicolons_and_decimal_commas(startup_user):
    job = run(startup_user, (FIXTURES / "sample_fr_windows1252.csv").read_bytes())
    assert job["status"] == "done", job
    assert job["summary"] == {"rows": 4, "valid": 4, "created": 4, "duplicates": 0, "errors": 0}
    rows = {
        d.reference: d
        for d in Declaration.objects.filter(organisation=startup_user.membership.organisation)
    }
    assert (rows["FAC-2026-001"].amount, rows["FAC-2026-001"].currency) == (
        Decimal("1234.56"),
        "EUR",
    )
    assert rows["FAC-2026-001"].value_date == date(2026, 3, 25)
    assert rows["FAC-2026-001"].counterparty_name == "Hébergeur Européen SARL"
    assert rows["FAC-2026-001"].description == "Hébergement — mars"
    assert (rows["FAC-2026-001"].direction, rows["FAC-2026-001"].channel) == ("outgoing", "card")
    assert rows["FAC-2026-002"].amount == Decimal("12500.00")
    assert rows["FAC-2026-002"].description == "Campagne « printemps »"
    assert (rows["FAC-2026-003"].amount, rows["FAC-2026-003"].channel) == (
        Decimal("850000"),
        "transfer",
    )
    receipt = rows["FAC-2026-004"]
    assert (receipt.direction, receipt.amount) == ("incoming", Decimal("4200.5"))
    assert (receipt.service_performance_date, receipt.expected_repatriation_date) == (
        date(2026, 2, 28),
        date(2026, 4, 30),
    )
    assert all(
        d.processing_requested_at is not None and d.status == "received" for d in rows.values()
    )
    assert {d.import_job_id for d in rows.values()} == {DeclarationImport.objects.get().pk}


def test_utf8_bom_with_commas_and_thousands_separators(startup_user):
    job = run(startup_user, (FIXTURES / "sample_utf8_bom.csv").read_bytes())
    assert job["summary"] == {"rows": 3, "valid": 3, "created": 3, "duplicates": 0, "errors": 0}
    amounts = dict(Declaration.objects.values_list("reference", "amount"))
    assert amounts == {
        "INV-100": Decimal("1250.00"),
        "INV-101": Decimal("99.9"),
        "INV-102": Decimal("1.250"),
    }
    assert Declaration.objects.get(reference="INV-100").description == "Hosting, March"


def test_imported_declarations_are_handed_off_in_one_message(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    response = upload(startup_user, (FIXTURES / "sample_utf8_bom.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        declaration_import_run(import_id=response.json()["id"])
    pipeline = [kw for name, kw in sent_tasks if name == "processing.declarations_recorded"]
    assert len(pipeline) == 1
    assert sorted(pipeline[0]["declaration_ids"]) == sorted(
        str(pk) for pk in Declaration.objects.values_list("pk", flat=True)
    )


def test_upload_queues_the_worker_task_after_commit(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(startup_user, (FIXTURES / "sample_utf8_bom.csv").read_bytes())
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert sent_tasks == [("declarations.run_import", {"import_id": response.json()["id"]})]
    assert Declaration.objects.count() == 0


def test_dry_run_reports_without_writing(startup_user):
    response = upload(
        startup_user, (FIXTURES / "sample_one_bad_row.csv").read_bytes(), dry_run=True
    )
    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["dry_run"], job["progress"]) == ("done", True, 100)
    assert job["summary"] == {"rows": 3, "valid": 2, "created": 0, "duplicates": 0, "errors": 1}
    assert job["report"] == [
        {
            "row": 3,
            "column": "currency",
            "code": "unknown_currency",
            "message": "Not an ISO 4217 currency code: 'EURO'.",
        }
    ]
    assert Declaration.objects.count() == 0


def test_valid_rows_are_imported_and_the_bad_one_reported(startup_user):
    job = run(startup_user, (FIXTURES / "sample_one_bad_row.csv").read_bytes())
    assert job["summary"] == {"rows": 3, "valid": 2, "created": 2, "duplicates": 0, "errors": 1}
    assert sorted(Declaration.objects.values_list("reference", flat=True)) == [
        "E2E-IMPORT-1",
        "E2E-IMPORT-3",
    ]
    # Fixing the file and uploading it again creates only the fixed row
    again = run(startup_user, (FIXTURES / "sample_one_bad_row_fixed.csv").read_bytes())
    assert again["summary"] == {"rows": 3, "valid": 1, "created": 1, "duplicates": 2, "errors": 0}
    assert [r["code"] for r in again["report"]] == ["duplicate_reference", "duplicate_reference"]
    assert Declaration.objects.count() == 3


def test_reuploading_the_same_file_creates_no_duplicates(startup_user):
    content = (FIXTURES / "sample_fr_windows1252.csv").read_bytes()
    run(startup_user, content)
    second = run(startup_user, content)
    assert second["summary"] == {"rows": 4, "valid": 0, "created": 0, "duplicates": 4, "errors": 0}
    assert Declaration.objects.count() == 4


def test_duplicates_within_one_file(startup_user):
    content = (
        HEADER
        + "D-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,IE,\n"
        + "D-1,outgoing,SAAS_CLOUD,card,2.00,EUR,2026-03-01,A,IE,\n"
    ).encode()
    job = run(startup_user, content)
    assert job["summary"] == {"rows": 2, "valid": 1, "created": 1, "duplicates": 1, "errors": 0}
    assert job["report"] == [
        {
            "row": 3,
            "column": "reference",
            "code": "duplicate_in_file",
            "message": "This reference already appears on row 2 of the file.",
        }
    ]
    assert Declaration.objects.get().amount == Decimal("1.00")


def test_rerunning_a_job_is_safe(startup_user):
    response = upload(startup_user, (FIXTURES / "sample_utf8_bom.csv").read_bytes())
    job_id = response.json()["id"]
    declaration_import_run(import_id=job_id)
    # A redelivered message finds the job finished and does nothing
    assert declaration_import_run(import_id=job_id) is None
    # A job interrupted after loading (status still running) completes without duplicating
    DeclarationImport.objects.filter(pk=job_id).update(status="running")
    job = declaration_import_run(import_id=job_id)
    assert (job.created, job.duplicates) == (3, 0)
    assert Declaration.objects.count() == 3


ROW_CASES = [
    (
        'R-1,outgoing,SAAS_CLOUD,card,"1,5",JPY,2026-03-01,A,IE,',
        "amount",
        "amount_too_precise",
        "JPY amounts have no decimal places.",
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1.2345,KWD,2026-03-01,A,IE,",
        "amount",
        "amount_too_precise",
        "KWD amounts have at most 3 decimal places.",
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1E3,EUR,2026-03-01,A,IE,",
        "amount",
        "amount_exponent",
        'Write the amount in full, without exponent notation (not "1E3").',
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,-5,EUR,2026-03-01,A,IE,",
        "amount",
        "amount_not_positive",
        "The amount must be greater than zero.",
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,0,EUR,2026-03-01,A,IE,",
        "amount",
        "amount_not_positive",
        "The amount must be greater than zero.",
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,abc,EUR,2026-03-01,A,IE,",
        "amount",
        "amount_invalid",
        'Not an amount: use digits and one decimal point, e.g. "1250.00".',
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1000000000001,EUR,2026-03-01,A,IE,",
        "amount",
        "amount_too_large",
        "The amount must not exceed 1,000,000,000,000.",
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2126-03-01,A,IE,",
        "value_date",
        "date_in_future",
        None,
    ),
    ("R-1,outgoing,SAAS_CLOUD,card,1.00,EUR,1999-03-01,A,IE,", "value_date", "date_too_old", None),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1.00,EUR,31/02/2026,A,IE,",
        "value_date",
        "date_invalid",
        "Not a date: use YYYY-MM-DD or DD/MM/YYYY.",
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,XX,",
        "counterparty_country",
        "unknown_country",
        "Not an ISO 3166-1 alpha-2 country code: 'XX'.",
    ),
    ("R-1,outgoing,CRYPTO,card,1.00,EUR,2026-03-01,A,IE,", "category", "invalid_choice", None),
    (
        "R-1,incoming,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,IE,",
        "direction",
        "direction_mismatch",
        None,
    ),
    (
        "R-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,,IE,",
        "counterparty_name",
        "required",
        "This field is required.",
    ),
    (
        " ,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,IE,",
        "reference",
        "required",
        "This field is required.",
    ),
]


@pytest.mark.parametrize(("line", "column", "code", "message"), ROW_CASES)
def test_row_rules_match_the_api(startup_user, line, column, code, message):
    job = run(startup_user, (HEADER + line + "\n").encode())
    assert job["summary"]["errors"] == 1
    assert [(r["row"], r["column"], r["code"]) for r in job["report"]] == [(2, column, code)]
    if message is not None:
        assert job["report"][0]["message"] == message
    assert Declaration.objects.count() == 0


def test_formula_looking_cells_are_stored_as_text_and_neutralised_in_the_report(startup_user):
    content = (
        HEADER
        + 'F-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,"=HYPERLINK(""http://x"")",IE,@SUM(A1)\n'
        + "F-2,outgoing,SAAS_CLOUD,card,1.00,=1+1,2026-03-01,A,IE,\n"
    ).encode()
    job = run(startup_user, content)
    stored = Declaration.objects.get(reference="F-1")
    assert (stored.counterparty_name, stored.description) == ('=HYPERLINK("http://x")', "@SUM(A1)")
    report_url = reverse("api:declaration-import-report", kwargs={"import_id": job["id"]})
    response = client_for(startup_user).get(report_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["row", "column", "code", "message"],
        ["3", "currency", "unknown_currency", "Not an ISO 4217 currency code: '=1+1'."],
    ]


def test_xlsx_import(startup_user):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "reference",
            "direction",
            "category",
            "channel",
            "amount",
            "currency",
            "value_date",
            "counterparty_name",
            "counterparty_country",
            "description",
        ]
    )
    sheet.append(
        [
            "X-1",
            "outgoing",
            "SAAS_CLOUD",
            "card",
            1250.5,
            "EUR",
            date(2026, 3, 25),
            "Cloud",
            "IE",
            "=1+2",
        ]
    )
    sheet.append(
        ["X-2", "outgoing", "SAAS_CLOUD", "card", 300, "JPY", "25/03/2026", "Cloud", "IE", None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run(startup_user, buffer.getvalue(), name="declarations.xlsx")
    assert job["summary"] == {"rows": 2, "valid": 2, "created": 2, "duplicates": 0, "errors": 0}
    first = Declaration.objects.get(reference="X-1")
    assert (first.amount, first.value_date, first.description) == (
        Decimal("1250.5"),
        date(2026, 3, 25),
        "=1+2",
    )


def test_oversized_upload_is_413_before_parsing(startup_user, settings):
    settings.DECLARATION_IMPORT_MAX_BYTES = 1024
    response = upload(startup_user, HEADER.encode() + b"x" * 2048)
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert not DeclarationImport.objects.exists()


def test_too_many_rows_is_400_before_parsing(startup_user, settings):
    settings.DECLARATION_IMPORT_MAX_ROWS = 2
    line = "R-{},outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,IE,\n"
    response = upload(startup_user, (HEADER + "".join(line.format(i) for i in range(3))).encode())
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["detail"]) == (
        "too_many_rows",
        "A file may hold at most 2 rows; this one has 3.",
    )
    assert not DeclarationImport.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "status", "code"),
    [
        (b"", "empty.csv", 400, "validation_error"),
        (b"  \n", "blank.csv", 400, "empty_file"),
        (b"foo,bar\n1,2\n", "other.csv", 400, "missing_columns"),
        (b"%PDF-1.7\n...", "declarations.csv", 415, "unsupported_file_type"),
        (b"PK\x03\x04not really a zip", "declarations.xlsx", 400, "malformed_file"),
    ],
)
def test_malformed_files_are_refused(startup_user, content, name, status, code):
    response = upload(startup_user, content, name)
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
    assert not DeclarationImport.objects.exists()
    assert Declaration.objects.count() == 0


def test_missing_columns_are_named(startup_user):
    response = upload(startup_user, b"reference;montant\nA;1\n")
    assert response.json()["missing_columns"] == [
        "direction",
        "category",
        "channel",
        "currency",
        "value_date",
        "counterparty_name",
        "counterparty_country",
    ]


def test_ragged_rows_fail_the_job_with_a_reason(startup_user):
    job = run(
        startup_user,
        (HEADER + "R-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,IE,,extra,extra\n").encode(),
    )
    assert job["status"] == "failed"
    assert job["failure_detail"].startswith("The file cannot be read as CSV")
    assert Declaration.objects.count() == 0


def test_template_downloads(startup_user):
    url = reverse("api:declaration-import-template")
    csv_response = client_for(startup_user).get(url)
    assert csv_response["Content-Disposition"] == 'attachment; filename="declarations.csv"'
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER.strip() + (
        ",service_performance_date,expected_repatriation_date,receipt_status,payment_kind,"
        "contract_amount,contract_currency,subscription_months"
    )
    xlsx = client_for(startup_user).get(url, {"kind": "xlsx"})
    assert xlsx.content.startswith(b"PK\x03\x04")
    # The template itself imports cleanly: a settlement, an advance and a receipt still expected
    job = run(startup_user, csv_response.content)
    assert job["summary"]["created"] == 3, job["report"]
    made = {
        d.reference: (d.payment_kind, d.contract_amount, d.receipt_status, d.value_date)
        for d in Declaration.objects.all()
    }
    assert made == {
        "INV-2026-0042": ("settlement", None, "", date(2026, 3, 25)),
        "INV-2026-0043": ("advance", Decimal("10000.000"), "", date(2026, 3, 25)),
        "RCV-2026-0007": ("settlement", None, "expected", date(2026, 5, 15)),
    }


def test_import_is_audited(startup_user):
    run(startup_user, (FIXTURES / "sample_utf8_bom.csv").read_bytes())
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == [
        "declaration_import.create",
        "declaration.import",
        "declaration_import.finish",
    ]


def test_regulators_and_advocates_cannot_import(regulator_user, advocate_user):
    for user in (regulator_user, advocate_user):
        assert upload(user, (FIXTURES / "sample_utf8_bom.csv").read_bytes()).status_code == 403


def test_an_imported_declaration_shows_its_import_in_the_timeline(startup_user):
    run(startup_user, (FIXTURES / "sample_utf8_bom.csv").read_bytes())
    declaration = Declaration.objects.get(reference="INV-101")
    url = reverse("api:declaration-events", kwargs={"declaration_id": declaration.id})
    events = client_for(startup_user).get(url).json()
    assert [(e["action"], e["actor"], e["after"]["created"]) for e in events] == [
        ("declaration.import", "startup-a", 3)
    ]


TERMS_HEADER = (
    "reference,direction,category,channel,amount,currency,value_date,counterparty_name,"
    "counterparty_country,service_performance_date,expected_repatriation_date,receipt_status,"
    "payment_kind,contract_amount,contract_currency,subscription_months\n"
)


def test_advances_and_receipts_declared_ahead_import_with_the_api_rules(startup_user):
    rows = (
        "ADV-1,outgoing,FREELANCE_DEV,transfer,4000.00,EUR,2026-03-25,Studio,FR,,,,advance,10000.00,EUR,\n"
        "ADV-2,outgoing,SAAS_CLOUD,card,1200.00,EUR,2026-03-25,Cloud,IE,,,,advance,1200.00,,12\n"
        "ADV-3,outgoing,SAAS_CLOUD,card,1200.00,EUR,2026-03-25,Cloud,IE,,,,advance,,,\n"
        "ADV-4,outgoing,SAAS_CLOUD,card,1200.00,EUR,2026-03-25,Cloud,IE,,,,advance,1000.00,,\n"
        "ADV-5,outgoing,SAAS_CLOUD,card,1200.00,EUR,2026-03-25,Cloud,IE,,,,advance,5000.00,USD,\n"
        "SET-1,outgoing,SAAS_CLOUD,card,1200.00,EUR,2026-03-25,Cloud,IE,,,,,,,6\n"
        "RCV-1,incoming,SERVICE_EXPORT_RECEIPT,transfer,8000.00,USD,,Client,US,2026-03-01,2026-05-15,expected,,,,\n"
        "RCV-2,incoming,SERVICE_EXPORT_RECEIPT,transfer,8000.00,USD,2026-03-25,Client,US,2026-03-01,2026-05-15,expected,,,,\n"
        "RCV-3,incoming,SERVICE_EXPORT_RECEIPT,transfer,8000.00,USD,2026-03-25,Client,US,2026-03-01,,,,,,\n"
        "RCV-4,incoming,SERVICE_EXPORT_RECEIPT,transfer,8000.00,USD,,Client,US,2026-03-01,,,,,,\n"
    )
    job = run(startup_user, (TERMS_HEADER + rows).encode())

    assert job["status"] == "done", job
    assert [(r["row"], r["column"], r["code"]) for r in job["report"]] == [
        (4, "contract_amount", "contract_required"),
        (5, "contract_amount", "advance_exceeds_contract"),
        (6, "contract_currency", "currency_mismatch"),
        (7, "subscription_months", "not_applicable"),
        (9, "value_date", "not_applicable"),
        (11, "value_date", "required"),
    ]
    made = {
        d.reference: (
            d.payment_kind,
            d.contract_amount,
            d.subscription_months,
            d.receipt_status,
            d.value_date,
        )
        for d in Declaration.objects.all()
    }
    assert made == {
        "ADV-1": ("advance", Decimal("10000.000"), None, "", date(2026, 3, 25)),
        "ADV-2": ("advance", Decimal("1200.000"), 12, "", date(2026, 3, 25)),
        "RCV-1": ("settlement", None, None, "expected", date(2026, 5, 15)),
        "RCV-3": ("settlement", None, None, "received", date(2026, 3, 25)),
    }


def test_french_headers_and_words_name_the_terms(startup_user):
    content = (
        "référence;sens;catégorie;canal;montant;devise;date de valeur;contrepartie;"
        "pays contrepartie;nature du paiement;montant du contrat;durée abonnement (mois)\n"
        "AV-1;sortant;SAAS_CLOUD;carte;1 200,00;EUR;25/03/2026;Cloud;IE;avance;2 400,00;12\n"
    ).encode("cp1252")
    job = run(startup_user, content)
    assert job["summary"]["created"] == 1, job["report"]
    made = Declaration.objects.get()
    assert (made.payment_kind, made.contract_amount, made.subscription_months) == (
        "advance",
        Decimal("2400.000"),
        12,
    )
