"""Session sign-in, the current user and CSRF (lock-outs: test_signin_lockout.py)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from backend.audit.models import AuditEvent
from backend.common.roles import Role
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login/"
ME = "/api/v1/auth/me/"
LOGOUT = "/api/v1/auth/logout/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert set(body) >= {"type", "title", "status", "detail", "code", "errors"}
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STARTUP, Role.REGULATOR, Role.ADVOCATE])
def test_login_answers_me_and_audits(role, request):
    user = request.getfixturevalue(f"{'advocate' if role == Role.ADVOCATE else role}_user")
    client = APIClient()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    org = user.membership.organisation
    assert response.json() == {
        "username": user.username,
        "role": role,
        "organisation": {"id": str(org.id), "name": org.name, "kind": org.kind},
    }
    assert "sessionid" in response.cookies
    assert client.get(ME).json()["role"] == role
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == user
    assert event.organisation == org


@pytest.mark.django_db
def test_wrong_password_is_refused_and_audited(startup_user):
    response = APIClient().post(
        LOGIN, {"username": startup_user.username, "password": "nope"}, format="json"
    )
    body = _problem(response, 400, "invalid_credentials")
    assert body["detail"] == "Unknown username or wrong password."
    assert "sessionid" not in response.cookies
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.actor is None
    assert failed.actor_username == startup_user.username


@pytest.mark.django_db
def test_malformed_json_is_a_problem(startup_user):
    response = APIClient().post(LOGIN, data='{"username": ', content_type="application/json")
    _problem(response, 400, "malformed_request")
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()


@pytest.mark.django_db
def test_unknown_fields_that_try_to_set_a_role_are_refused(startup_user):
    response = APIClient().post(
        LOGIN,
        {
            "username": startup_user.username,
            "password": PASSWORD,
            "role": "regulator",
            "organisation": "x",
        },
        format="json",
    )
    body = _problem(response, 400, "validation_error")
    assert {(e["pointer"], e["code"]) for e in body["errors"]} == {
        ("/organisation", "unknown_field"),
        ("/role", "unknown_field"),
    }
    startup_user.membership.refresh_from_db()
    assert startup_user.membership.role == Role.STARTUP
    assert not AuditEvent.objects.filter(action="auth.login").exists()


@pytest.mark.django_db
def test_wrong_types_are_refused(startup_user):
    response = APIClient().post(LOGIN, {"username": {"a": 1}, "password": ["x"]}, format="json")
    body = _problem(response, 400, "validation_error")
    assert {e["pointer"] for e in body["errors"]} == {"/username", "/password"}


@pytest.mark.django_db
def test_form_encoded_body_is_unsupported(startup_user):
    response = APIClient().post(
        LOGIN,
        data=f"username={startup_user.username}&password={PASSWORD}",
        content_type="application/x-www-form-urlencoded",
    )
    _problem(response, 415, "unsupported_media_type")


@pytest.mark.django_db
def test_me_without_credentials_is_401():
    response = APIClient().get(ME)
    _problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
def test_logout_needs_the_csrf_token(startup_user):
    client = APIClient(enforce_csrf_checks=True)
    client.post(LOGIN, {"username": startup_user.username, "password": PASSWORD}, format="json")
    csrf = client.get(ME).cookies["csrftoken"].value

    refused = client.post(LOGOUT)
    _problem(refused, 403, "permission_denied")
    assert client.get(ME).status_code == 200  # still signed in

    done = client.post(LOGOUT, HTTP_X_CSRFTOKEN=csrf)
    assert done.status_code == 204
    assert client.get(ME).status_code == 401
    assert AuditEvent.objects.filter(action="auth.logout", actor=startup_user).count() == 1
