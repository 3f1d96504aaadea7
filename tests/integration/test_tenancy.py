"""Walk every API route as every role of another organisation: nothing foreign may leak.

Routes are discovered from the URL configuration, so a new endpoint is covered the day it is added
(and fails here until its app registers a builder in tests/tenancy_builders/).
"""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backend.common.roles import Role
from tests.conftest import client_for
from tests.factories import make_user
from tests.tenancy import BUILDERS, LIST_BUILDERS
from tests.tenancy_builders import load_all

load_all()

# Routes without object ids that are not lists of owned objects (checked elsewhere).
NO_OBJECT_ROUTES = {
    "api:health",
    "api:schema",
    "api:auth-login",
    "api:auth-logout",
    "api:auth-me",
    # Reference lists that belong to nobody: the same answer for every organisation.
    "api:declaration-categories",
    "api:reference-data",
    "api:declaration-import-template",
    # Answers on the caller's own facts only (no id, no participant parameter); held to it by
    # tests/integration/screening/test_simulation.py.
    "api:simulations",
    # The caller's own count, read-all and preferences: no id, no parameter naming anyone else;
    # held to it by tests/integration/notifications/.
    "api:notification-unread-count",
    "api:notification-read-all",
    "api:notification-preferences",
}
FOREIGN_ROLES = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)


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
LIST_ROUTES = sorted(
    name for name, has_kwargs in ROUTES if not has_kwargs and name not in NO_OBJECT_ROUTES
)


def test_the_walk_sees_the_api():
    # Given the URL configuration, when routes are discovered, then the known ones are there.
    names = {name for name, _ in ROUTES}
    assert {"api:health", "api:auth-me", "api:auth-token-revoke"} <= names


def test_every_object_route_has_a_builder():
    missing = [name for name in OBJECT_ROUTES if name not in BUILDERS]
    assert missing == [], f"register a builder in tests/tenancy_builders/ for: {missing}"


def test_every_list_route_is_checked():
    missing = [name for name in LIST_ROUTES if name not in LIST_BUILDERS]
    assert missing == [], f"register a listed_in builder in tests/tenancy_builders/ for: {missing}"


def _cases(routes: list[str], builders: dict) -> list[tuple[str, str]]:
    """(route, role) pairs, leaving out roles that legitimately see every organisation's rows."""
    return [
        (route, role)
        for route in routes
        for role in FOREIGN_ROLES
        if route in builders and role not in builders[route].visible_to
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), _cases(OBJECT_ROUTES, BUILDERS))
def test_foreign_object_is_not_found(route: str, role: str, startup_user):
    builder = BUILDERS[route]
    owned = builder.build(startup_user)
    outsider = make_user(role=role)
    client = client_for(outsider)
    for method in builder.methods:
        response = getattr(client, method)(
            reverse(route, kwargs=owned.url_kwargs), data={}, format="json"
        )
        # Another organisation's member must get exactly what a missing id gets.
        expected = {404} if role == Role.STARTUP else {403, 404}
        assert response.status_code in expected, (route, method, response.status_code)
        assert response["Content-Type"].startswith("application/problem+json")
        assert owned.object_id not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), _cases(LIST_ROUTES, LIST_BUILDERS))
def test_foreign_rows_never_listed(route: str, role: str, startup_user):
    builder = LIST_BUILDERS[route]
    owned = builder.build(startup_user)
    response = client_for(make_user(role=role)).get(reverse(route))
    assert response.status_code in {200, 403}, response.status_code
    assert owned.object_id not in json.dumps(response.json())
    # And the owner does see it, so the check above is meaningful.
    own = client_for(startup_user).get(reverse(route))
    assert owned.object_id in json.dumps(own.json())
