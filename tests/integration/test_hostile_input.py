"""Hostile or careless input gets a 4xx problem document and changes nothing, never a 500."""

import json

import pytest
from django.test import Client

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import body

PROBLEM = "application/problem+json"
MB = 1024 * 1024


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith(PROBLEM)
    document = response.json()
    assert (document["status"], document["code"]) == (status, code)
    return document


@pytest.mark.django_db
def test_a_3_mb_json_on_the_anonymous_login_is_413():
    payload = json.dumps({"username": "x", "password": "p" * (3 * MB)})
    response = Client().post("/api/v1/auth/login/", payload, content_type="application/json")
    assert_problem(response, 413, "request_too_large")


@pytest.mark.django_db
def test_a_10_mb_declaration_is_413_and_stores_nothing(startup_user):
    oversized = body(description="x" * (10 * MB))
    response = client_for(startup_user).post("/api/v1/declarations/", oversized, format="json")
    assert_problem(response, 413, "request_too_large")
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_a_3_mb_multipart_field_is_413(startup_user):
    response = client_for(startup_user).post(
        "/api/v1/declaration-imports/", {"dry_run": "x" * (3 * MB)}, format="multipart"
    )
    assert_problem(response, 413, "request_too_large")


@pytest.mark.django_db
def test_more_than_a_thousand_multipart_fields_is_413(startup_user):
    fields = {f"field{i}": "1" for i in range(1_100)}
    response = client_for(startup_user).post(
        "/api/v1/declaration-imports/", fields, format="multipart"
    )
    assert_problem(response, 413, "too_many_fields")


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_is_400(startup_user, depth):
    nested = "[" * depth + "]" * depth
    payload = json.dumps(body())[:-1] + f', "description": {nested}}}'
    response = client_for(startup_user).post(
        "/api/v1/declarations/", payload, content_type="application/json"
    )
    assert_problem(response, 400, "nesting_too_deep")
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
def test_non_finite_numbers_are_400(startup_user, number):
    payload = '{"name": "hostile", "expires_in_days": ' + number + "}"
    response = client_for(startup_user).post(
        "/api/v1/auth/tokens/", payload, content_type="application/json"
    )
    assert_problem(response, 400, "malformed_request")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/headroom/?as_of=9999-01-01", "as_of"),
        ("/api/v1/headroom/?as_of=0001-01-01", "as_of"),
        ("/api/v1/declarations/?value_date_before=9999-12-31", "value_date_before"),
        ("/api/v1/flags/?as_of=9999-12-31", None),
    ],
)
def test_far_dates_in_query_parameters_are_400(regulator_user, path, parameter):
    response = client_for(regulator_user).get(path)
    if parameter is None:  # a parameter the route does not read is ignored, not a crash
        assert response.status_code == 200
        return
    document = assert_problem(response, 400, "validation_error")
    assert [(e["pointer"], e["code"]) for e in document["errors"]] == [
        (f"/{parameter}", "date_out_of_range")
    ]


@pytest.mark.django_db
def test_impact_measures_far_date_is_400(advocate_user):
    response = client_for(advocate_user).get("/api/v1/impact-measures/?date_to=9999-12-31")
    document = assert_problem(response, 400, "validation_error")
    refused = [(e["pointer"], e["code"]) for e in document["errors"]]
    assert ("/date_to", "date_out_of_range") in refused


@pytest.mark.django_db
def test_an_over_long_address_is_414(startup_user):
    response = client_for(startup_user).get("/api/v1/declarations/?category=" + "A" * 5_000)
    assert_problem(response, 414, "uri_too_long")


@pytest.mark.django_db
def test_a_declared_body_past_the_upload_limit_is_refused_before_it_is_read(startup_user):
    # A multipart body claiming more than the largest upload: refused on its Content-Length.
    response = client_for(startup_user).post(
        "/api/v1/declaration-imports/",
        data=b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(60 * MB),
    )
    assert_problem(response, 413, "request_too_large")


@pytest.mark.django_db
def test_an_oversized_admin_login_form_is_413():
    response = Client().post("/admin/login/", {"username": "x", "password": "p" * (3 * MB)})
    assert_problem(response, 413, "request_too_large")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_binary_file_sent_as_a_rate_file_is_quarantined_not_a_crash(regulator_user):
    # Found by the fuzzer: a PNG (NUL bytes and all) sent as a BAM file. PostgreSQL refuses NUL
    # in text, so storing the refused body for the quarantine ended in a 500.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.rates.models import RatePayload

    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    response = client_for(regulator_user).post(
        "/api/v1/rate-files/",
        {"source": "bam", "file": SimpleUploadedFile("file.png", png)},
        format="multipart",
    )
    document = assert_problem(response, 422, "rate_file_malformed")
    stored = RatePayload.objects.get()
    assert (str(stored.pk), stored.status) == (document["quarantine_id"], "quarantined")
    assert "\x00" not in stored.body
