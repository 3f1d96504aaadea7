"""Walk every API route as every role of another organisation: nothing foreign may leak.

Routes are discovered from the URL configuration, so a new endpoint is covered the day it is added
(and fails here until its app registers a builder in tests/tenancy_builders/, see tests/tenancy.py).
Every route is requested by every role: no route and no role is left out. A read by a role that
may not see organisation A's object answers like a missing object and never names it; a list
shows only the viewer's rows; a refused write changes nothing in the database. While walking,
every datetime the owner reads is compared with the instant the database stores
(tests/wire_datetimes.py).
"""

import json
from typing import Any
from uuid import uuid4

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backend.common.roles import Role
from tests.conftest import client_for
from tests.factories import make_organisation, make_user
from tests.tenancy import BUILDERS, HOW_TO_ADD, LIST_BUILDERS, Builder
from tests.tenancy_builders import load_all
from tests.wire_datetimes import Seen, check_answer

load_all()

FOREIGN_ROLES = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
# A hidden object answers exactly what a missing one does: 404, or 403 when the role is refused
# the route before any lookup (then a missing id is refused the same way).
HIDDEN = {403, 404}
# A list route's refusals: by role, for a missing parameter, or a method the route does not take.
LIST_REFUSALS = {400, 403, 405}


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Several users per case and hundreds of cases: tenancy is under test, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _api_routes() -> list[tuple[str, bool]]:
    """(namespaced name, has URL kwargs) for every route under the `api` namespace."""
    found: list[tuple[str, bool]] = []

    def walk(patterns, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace == "api" and entry.name:
                found.append((f"api:{entry.name}", bool(entry.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


ROUTES = _api_routes()
OBJECT_ROUTES = sorted(name for name, has_kwargs in ROUTES if has_kwargs)
LIST_ROUTES = sorted(name for name, has_kwargs in ROUTES if not has_kwargs)


def test_the_walk_sees_the_api():
    names = {name for name, _ in ROUTES}
    assert {"api:health", "api:auth-me", "api:auth-token-revoke", "api:declarations"} <= names


def test_every_route_with_an_id_has_a_builder():
    missing = [name for name in OBJECT_ROUTES if name not in BUILDERS]
    assert missing == [], f"no tenancy builder for {missing}: {HOW_TO_ADD}"


def test_every_route_without_an_id_has_a_builder():
    missing = [name for name in LIST_ROUTES if name not in LIST_BUILDERS]
    assert missing == [], f"no tenancy builder for {missing}: {HOW_TO_ADD}"


def _foreign_user(role: str):
    if role == Role.ADMIN:
        return make_user(role=role, organisation=make_organisation(kind="regulator"))
    return make_user(role=role)


def _fingerprint() -> dict[str, Any]:
    """Every table's row count, to prove a refused write changed nothing."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _row(object_id: str) -> list[dict[str, Any]]:
    """The stored row(s) with this primary key, whatever their model."""
    rows = []
    for model in apps.get_models():
        if model._meta.pk.get_internal_type() != "UUIDField":
            continue
        try:
            found = model._default_manager.filter(pk=object_id).first()
        except (ValueError, TypeError):
            continue
        if found is not None:
            rows.append(model_to_dict(found))
    return rows


def _request(client, method: str, url: str):
    return getattr(client, method)(url, data={}, format="json")


def _text(response) -> str:
    """The whole answer as text, streamed or not (exports stream)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _check_hidden(role: str, route: str, method: str, response, missing, object_id: str) -> None:
    where = (route, role, method, response.status_code, missing.status_code)
    assert response.status_code in HIDDEN, where
    # Indistinguishable from a missing object: same status, same problem code.
    assert response.status_code == missing.status_code, where
    assert response.json()["code"] == missing.json()["code"], where
    assert response["Content-Type"].startswith("application/problem+json"), where
    assert object_id not in _text(response), where


@pytest.mark.django_db
@pytest.mark.parametrize("role", FOREIGN_ROLES)
@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_a_foreign_object_is_hidden_unless_the_role_may_see_it(route, role, startup_user):
    builder: Builder = BUILDERS[route]
    owned = builder.build(startup_user)
    url = reverse(route, kwargs=owned.url_kwargs)
    missing_url = reverse(route, kwargs={key: str(uuid4()) for key in owned.url_kwargs})
    client = client_for(_foreign_user(role))
    for method in builder.methods:
        writes = method != "get"
        before, row = (_fingerprint(), _row(owned.object_id)) if writes else ({}, [])
        response = _request(client, method, url)
        assert response.status_code < 500, (route, role, method, response.content[:300])
        if role in builder.visible_to:
            # Allowed to see it: never answered as missing (a read may still need a parameter,
            # a write a valid body; a sub-resource need not repeat its parent's id).
            assert response.status_code != 404, (route, role, method)
        else:
            missing = _request(client, method, missing_url)
            _check_hidden(role, route, method, response, missing, owned.object_id)
        if writes and response.status_code >= 400:
            # A refused write leaves the database as it was.
            assert (_fingerprint(), _row(owned.object_id)) == (before, row), (route, role, method)


@pytest.mark.django_db
@pytest.mark.parametrize("role", FOREIGN_ROLES)
@pytest.mark.parametrize("route", LIST_ROUTES)
def test_a_list_shows_only_the_viewers_rows(route, role, startup_user):
    builder: Builder = LIST_BUILDERS[route]
    owned = builder.build(startup_user)
    url = reverse(route)
    client = client_for(_foreign_user(role))
    for method in builder.methods:
        before = _fingerprint() if method != "get" else {}
        response = _request(client, method, url)
        assert response.status_code < 500, (route, role, method, response.content[:300])
        text = _text(response)
        if role in builder.visible_to and method == "get":
            assert response.status_code == 200, (route, role, response.status_code)
            assert owned.object_id in text, (route, role, "a row the role may see is missing")
        else:
            assert response.status_code in {200, 201, 204} | LIST_REFUSALS, (route, role, method)
            assert owned.object_id not in text, (route, role, method, "a foreign row is shown")
        if method != "get" and response.status_code >= 400:
            assert _fingerprint() == before, (route, role, method)


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIST_ROUTES)
def test_the_owner_sees_its_own_rows(route, startup_user):
    # So that the checks above are meaningful: the id looked for is really in the owner's list.
    builder: Builder = LIST_BUILDERS[route]
    owned = builder.build(startup_user)
    response = client_for(startup_user).get(reverse(route))
    assert response.status_code < 500
    if builder.owner_sees:
        assert response.status_code == 200, response.status_code
        assert owned.object_id in json.dumps(response.json())
        seen = Seen()
        check_answer(seen, path=reverse(route), method="get", status=200, body=response.json())
        assert seen.problems == []
