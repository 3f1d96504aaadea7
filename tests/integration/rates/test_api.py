"""The rates API: rate of a date as in API.md, series, coverage, providers, import, quarantine."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.audit.models import AuditEvent
from backend.processing.handlers import on_rates_published
from backend.rates.models import NonPublicationDay, RatePayload, RateRow
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


def test_the_calendar_of_a_month_says_what_each_day_is(regulator_user):
    # Given Thursday 26 March's rates and Monday 30 March's (which confirms Friday 27),
    ingest("bam", read(BAM_26))
    ingest("bam", bam_redated(BAM_26, date(2026, 3, 30)))
    response = client_for(regulator_user).get("/api/v1/rate-calendar/?source=bam&month=2026-03")
    assert response.status_code == 200, response.content
    days = {d["date"]: d for d in response.json()["days"]}
    assert len(days) == 31
    assert (days["2026-03-26"]["state"], days["2026-03-26"]["currencies"]) == ("published", 29)
    assert days["2026-03-20"]["state"] == "non_publication"
    assert days["2026-03-20"]["reason"] == {
        "kind": "holiday",
        "fr": "Fête de la rupture du jeûne (estimé)",
        "en": "Eid al-Fitr (estimated)",
    }
    assert days["2026-03-28"]["reason"]["kind"] == "weekend"
    friday = days["2026-03-27"]
    assert (friday["state"], friday["confirmed_by"], friday["reason"]["en"]) == (
        "non_publication",
        "auto",
        "The next publication arrived without this day (Monday 30 March 2026)",
    )
    assert days["2026-03-31"]["state"] == "awaited"
    # A bad month is a 4xx problem.
    bad = client_for(regulator_user).get("/api/v1/rate-calendar/?source=bam&month=2026-13")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")


def test_a_regulator_marks_a_day_without_publication_audited(
    regulator_user, startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    ingest("bam", read(BAM_26))
    body = {"source": "bam", "day": "2026-03-27", "reason": "Bank holiday announced by BAM"}
    # A startup may not; a weekend, a published day, a blank reason are refused, changing nothing.
    url = "/api/v1/rate-calendar/non-publication-days/"
    assert client_for(startup_user).post(url, body, format="json").status_code == 403
    regulator = client_for(regulator_user)
    weekend = regulator.post(url, {**body, "day": "2026-03-28"}, format="json")
    assert (weekend.status_code, weekend.json()["code"]) == (400, "not_a_business_day")
    published = regulator.post(url, {**body, "day": "2026-03-26"}, format="json")
    assert (published.status_code, published.json()["code"]) == (409, "day_published")
    blank = regulator.post(url, {**body, "reason": "  "}, format="json")
    assert blank.status_code == 400
    assert not NonPublicationDay.objects.exists()
    # A regulator confirms Friday: audited, and handed to the processing room.
    with django_capture_on_commit_callbacks(execute=True):
        created = regulator.post(url, body, format="json")
    assert created.status_code == 201, created.content
    marked = NonPublicationDay.objects.get()
    assert (marked.origin, marked.created_by, marked.applied_at) == (
        "regulator",
        regulator_user,
        None,
    )
    assert AuditEvent.objects.filter(
        action="rates.non_publication_day_marked", object_id=str(marked.pk)
    ).exists()
    assert sent_tasks == [
        ("processing.non_publication_day_marked", {"non_publication_day_id": str(marked.pk)})
    ]
    again = regulator.post(url, body, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_confirmed")
