"""Bearer tokens for machine clients: shown once, stored hashed, expiring, revocable."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.models import ApiToken
from backend.accounts.tokens import token_digest
from backend.audit.models import AuditEvent
from tests.conftest import client_for

TOKENS = "/api/v1/auth/tokens/"


def _bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.mark.django_db
def test_token_is_shown_once_and_stored_hashed(startup_user):
    response = client_for(startup_user).post(
        TOKENS, {"name": "ERP", "expires_in_days": 30}, format="json"
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    raw = body["token"]
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.digest == token_digest(raw)
    assert raw not in (stored.digest, stored.prefix)
    assert raw.startswith(stored.prefix)
    assert abs((stored.expires_at - timezone.now()) - timedelta(days=30)) < timedelta(minutes=1)

    listed = client_for(startup_user).get(TOKENS).json()
    assert [t["id"] for t in listed["results"]] == [body["id"]]
    assert "token" not in listed["results"][0]
    assert AuditEvent.objects.filter(action="api_token.create", object_id=body["id"]).count() == 1


@pytest.mark.django_db
def test_bearer_token_authenticates_as_its_user(startup_user):
    raw = client_for(startup_user).post(TOKENS, {"name": "ERP"}, format="json").json()["token"]
    me = _bearer(raw).get("/api/v1/auth/me/")
    assert me.status_code == 200
    assert me.json()["username"] == startup_user.username


@pytest.mark.django_db
def test_expired_and_revoked_tokens_are_refused(startup_user):
    client = client_for(startup_user)
    expired = client.post(TOKENS, {"name": "old"}, format="json").json()
    ApiToken.objects.filter(pk=expired["id"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = _bearer(expired["token"]).get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"

    live = client.post(TOKENS, {"name": "live"}, format="json").json()
    assert _bearer(live["token"]).get("/api/v1/auth/me/").status_code == 200
    revoked = client.post(f"{TOKENS}{live['id']}/revoke/")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert _bearer(live["token"]).get("/api/v1/auth/me/").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=live["id"]).count() == 1


@pytest.mark.django_db
def test_garbage_bearer_is_refused():
    assert _bearer("fxs_not-a-token").get("/api/v1/auth/me/").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "pointer", "code"),
    [
        ({"name": "x", "expires_in_days": 0}, "/expires_in_days", "min_value"),
        ({"name": "x", "expires_in_days": 366}, "/expires_in_days", "max_value"),
        ({"name": "x", "expires_in_days": "soon"}, "/expires_in_days", "invalid"),
        ({}, "/name", "required"),
        ({"name": "x", "user": "someone-else"}, "/user", "unknown_field"),
    ],
)
def test_bad_token_requests_change_nothing(startup_user, payload, pointer, code):
    response = client_for(startup_user).post(TOKENS, payload, format="json")
    assert response.status_code == 400
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [(pointer, code)]
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.create").exists()
