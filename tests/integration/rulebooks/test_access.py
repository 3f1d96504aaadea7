"""Rulebook and cohort routes are for regulators: every other role gets 403 on every method."""

import pytest
from django.urls import reverse

from backend.common.roles import Role
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SOME_ID = "00000000-0000-0000-0000-000000000001"
ROUTES = [
    ("api:rulebooks", {}, ("get", "post")),
    ("api:rulebook-detail", {"rulebook_id": SOME_ID}, ("get",)),
    ("api:rulebook-schema", {}, ("get",)),
    ("api:rulebook-versions", {}, ("get", "post")),
    ("api:rulebook-version-validate", {}, ("post",)),
    ("api:rulebook-version-detail", {"version_id": SOME_ID}, ("get", "put", "patch")),
    ("api:rulebook-version-publish", {"version_id": SOME_ID}, ("post",)),
    ("api:rulebook-version-retire", {"version_id": SOME_ID}, ("post",)),
    ("api:rulebook-version-diff", {"version_id": SOME_ID}, ("get",)),
    ("api:cohorts", {}, ("get", "post")),
    ("api:cohort-detail", {"cohort_id": SOME_ID}, ("get", "patch", "delete")),
    ("api:cohort-participants", {"cohort_id": SOME_ID}, ("get", "post")),
    ("api:cohort-activate", {"cohort_id": SOME_ID}, ("post",)),
    ("api:cohort-close", {"cohort_id": SOME_ID}, ("post",)),
]


@pytest.mark.parametrize("role", [Role.STARTUP, Role.ADVOCATE, Role.ADMIN])
@pytest.mark.parametrize(("route", "kwargs", "methods"), ROUTES)
def test_only_regulators_may_call(route, kwargs, methods, role):
    client = client_for(make_user(role=role))
    for method in methods:
        response = getattr(client, method)(reverse(route, kwargs=kwargs), {}, format="json")
        assert response.status_code == 403, (route, method)
        assert response.json()["code"] == "permission_denied"


def test_anonymous_callers_must_sign_in(api_client):
    assert api_client.get(reverse("api:rulebooks")).status_code in {401, 403}


@pytest.mark.parametrize(("route", "kwargs", "methods"), [r for r in ROUTES if r[1]])
def test_a_regulator_gets_404_for_a_missing_id(route, kwargs, methods):
    client = client_for(make_user(role=Role.REGULATOR))
    response = client.get(reverse(route, kwargs=kwargs)) if "get" in methods else None
    response = response or client.post(reverse(route, kwargs=kwargs), {}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
