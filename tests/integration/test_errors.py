"""Every error the API can give is problem details, including unknown URLs and crashes."""

import pytest
from django.urls import path
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from backend.common.domain_errors import Conflict
from backend.common.permissions import IsRegulator
from backend.config.urls import urlpatterns as real_patterns


class CrashApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def get(self, request):
        raise RuntimeError("secret internal detail")


class ConflictApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def post(self, request):
        raise Conflict(
            code="invalid_transition",
            detail="Cannot decide a closed case.",
            extra={"allowed": ["reopen"]},
        )


class RegulatorOnlyApi(APIView):
    permission_classes = [IsRegulator]

    def get(self, request):
        return Response({"secret": True})


urlpatterns = [
    path("api/v1/test-crash/", CrashApi.as_view()),
    path("api/v1/test-conflict/", ConflictApi.as_view()),
    path("api/v1/test-regulator-only/", RegulatorOnlyApi.as_view()),
    *real_patterns,
]


def _assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].endswith(code)
    return body


@pytest.mark.django_db
def test_unknown_api_url_is_problem_404():
    _assert_problem(APIClient().get("/api/v1/no-such-thing/"), 404, "not_found")


@pytest.mark.django_db
def test_wrong_method_is_problem_405(startup_user):
    _assert_problem(APIClient().delete("/api/v1/auth/login/"), 405, "method_not_allowed")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_crash_is_problem_500_without_trace():
    client = APIClient(raise_request_exception=False)
    body = _assert_problem(client.get("/api/v1/test-crash/"), 500, "server_error")
    assert "secret internal detail" not in str(body)
    assert "Traceback" not in str(body)


@pytest.mark.django_db
def test_request_id_is_echoed_or_made():
    made = APIClient().get("/api/v1/health/")
    assert len(made["X-Request-ID"]) == 32
    echoed = APIClient().get("/api/v1/health/", HTTP_X_REQUEST_ID="abc12345-trace")
    assert echoed["X-Request-ID"] == "abc12345-trace"
    unsafe = APIClient().get("/api/v1/health/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert unsafe["X-Request-ID"] != "bad id\nwith newline"


@pytest.mark.django_db
def test_spa_serves_client_routes_but_not_api(settings, tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text('<div id="root"></div>')
    settings.FRONTEND_DIST = dist
    page = APIClient().get("/regulator/cases")
    assert page.status_code == 200
    assert b'<div id="root">' in page.content
    assert APIClient().get("/api/v1/nothing/").status_code == 404


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_conflict_is_problem_409_with_extra_members():
    body = _assert_problem(APIClient().post("/api/v1/test-conflict/"), 409, "invalid_transition")
    assert body["detail"] == "Cannot decide a closed case."
    assert body["allowed"] == ["reopen"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_wrong_role_is_problem_403(startup_user):
    from tests.conftest import client_for

    body = _assert_problem(
        client_for(startup_user).get("/api/v1/test-regulator-only/"), 403, "permission_denied"
    )
    assert "secret" not in body
