"""The rates API: rate of a date as in API.md, series, coverage, providers, import, quarantine."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.processing.handlers import on_rates_published
from backend.rates.models import RatePayload, RateRow
from tests.conftest import client_for
from tests.integration.rates.declarations import make_declaration
from tests.integration.rates.helpers import BAM_25, BAM_26, bam_redated, ingest, read

pytestmark = pytest.mark.django_db


def test_rate_of_a_date_exactly_as_api_md(startup_user):
    ingest("bam", read(BAM_25))
    response = client_for(startup_user).get(
        "/api/v1/rates/", {"currency": "JPY", "date": "2026-03-25"}
    )
    assert response.status_code == 200
    body = response.json()
    assert {
        k: body[k] for k in ("currency", "date", "mad_per_unit", "rate_date", "source", "method")
    } == {
        "currency": "JPY",
        "date": "2026-03-25",
        "mad_per_unit": "0.05862",
        "rate_date": "2026-03-25",
        "source": "bam",
        "method": "official",
    }
    assert body["explanation"]["en"] == "Bank Al-Maghrib rate of Wednesday 25 March 2026"


def test_no_rate_is_a_problem_not_a_guess(startup_user):
    response = client_for(startup_user).get(
        "/api/v1/rates/", {"currency": "EUR", "date": "2026-03-25"}
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "no_rate"


def test_bad_query_is_a_400_with_pointers(startup_user):
    response = client_for(startup_user).get("/api/v1/rates/", {"currency": "eur", "date": "x"})
    assert response.status_code == 400
    assert {e["pointer"] for e in response.json()["errors"]} == {"/currency", "/date"}


def test_series_lists_each_publication_day(startup_user):
    ingest("bam", read(BAM_25))
    ingest("bam", read(BAM_26))
    response = client_for(startup_user).get(
        "/api/v1/rates/series/", {"currency": "EUR", "start": "2026-03-01", "end": "2026-03-31"}
    )
    assert response.status_code == 200
    assert response.json()["points"] == [
        {"date": "2026-03-25", "mad_per_unit": "10.8057", "method": "official"},
        {"date": "2026-03-26", "mad_per_unit": "10.7729", "method": "official"},
    ]


def test_coverage_says_the_rates_are_the_bundled_sample(startup_user):
    from django.core.management import call_command

    call_command("load_demo_rates")
    body = client_for(startup_user).get("/api/v1/rates/coverage/").json()
    assert body == {
        "bundled_sample": True,
        "bam_dates": ["2026-03-25", "2026-03-26"],
        "ecb_first": "2022-07-08",
        "ecb_last": "2026-03-18",
    }


def test_providers_for_regulators_only(regulator_user, startup_user, settings):
    settings.BAM_SUBSCRIPTION_KEY = ""
    assert client_for(startup_user).get("/api/v1/rate-providers/").status_code == 403
    body = client_for(regulator_user).get("/api/v1/rate-providers/").json()
    assert [(p["source"], p["status"], p["configured"]) for p in body] == [
        ("bam", "not_configured", False),
        ("ecb", "never_run", True),
    ]


def test_regulator_imports_a_rate_file_and_pending_declarations_convert(
    regulator_user, startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    declaration = make_declaration(
        startup_user, amount="100.00", currency="EUR", value_date=date(2026, 3, 25)
    )
    declaration.status = "pending_rate"
    declaration.save()
    upload = SimpleUploadedFile(BAM_25, read(BAM_25), content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(regulator_user).post(
            "/api/v1/rate-files/", {"source": "bam", "file": upload}, format="multipart"
        )
    assert response.status_code == 201, response.content
    payload = response.json()["payload"]
    assert (payload["rows_new"], payload["applied_at"]) == (29, None)
    # The stored file goes to the processing room, which converts what it changes.
    assert sent_tasks == [("processing.rates_published", {"payload_id": payload["id"]})]
    on_rates_published(payload_id=payload["id"])
    declaration.refresh_from_db()
    assert declaration.status == "screened"
    assert declaration.conversion.method == "official"
    assert RatePayload.objects.get(pk=payload["id"]).applied_at is not None


def test_startups_cannot_import_and_a_quarantined_file_changes_nothing(
    regulator_user, startup_user
):
    upload = SimpleUploadedFile("x.json", read(BAM_25))
    refused = client_for(startup_user).post(
        "/api/v1/rate-files/", {"source": "bam", "file": upload}, format="multipart"
    )
    assert refused.status_code == 403
    ingest("bam", read(BAM_25))
    bad = SimpleUploadedFile(
        "jump.json", bam_redated(BAM_26, date(2026, 3, 26), scale={"USD": 100})
    )
    response = client_for(regulator_user).post(
        "/api/v1/rate-files/", {"source": "bam", "file": bad}, format="multipart"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "rate_file_jump"
    assert RateRow.objects.count() == 29
    listed = client_for(regulator_user).get("/api/v1/rate-quarantine/").json()["results"]
    assert [(q["reason"], q["filename"]) for q in listed] == [("jump", "jump.json")]
    assert RatePayload.objects.filter(status="quarantined").count() == 1
