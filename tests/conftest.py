"""Fixtures shared by the integration and e2e suites."""

from collections.abc import Iterator

import pytest
from django.db import connection
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.audit.triggers import sqlite_create, sqlite_drop
from backend.common.roles import Role
from tests.factories import make_organisation, make_user


@pytest.fixture(autouse=True)
def _sqlite_audit_triggers(request: pytest.FixtureRequest, django_db_blocker) -> Iterator[None]:
    """SQLite has no TRUNCATE: a transactional test's flush empties the audit table with DELETE,
    which its append-only triggers refuse. Drop them just before that flush; the next test that
    uses the database puts them back (they live in the test database as in production)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if connection.vendor != "sqlite" or not (marker or {"db", "transactional_db"} & names):
        yield
        return
    transactional = bool({"transactional_db", "live_server"} & names) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    request.getfixturevalue("_django_db_helper")
    with django_db_blocker.unblock():
        sqlite_create(connection)
    yield
    if transactional:
        with django_db_blocker.unblock():
            sqlite_drop(connection)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    """An API client signed in as `user` (session auth, CSRF not enforced by the test client)."""
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def startup_user(db) -> User:
    return make_user(role=Role.STARTUP, username="startup-a")


@pytest.fixture
def other_startup_user(db) -> User:
    return make_user(role=Role.STARTUP, username="startup-b")


@pytest.fixture
def regulator_user(db) -> User:
    return make_user(role=Role.REGULATOR, username="regulator")


@pytest.fixture
def advocate_user(db) -> User:
    return make_user(role=Role.ADVOCATE, username="advocate")


@pytest.fixture
def admin_user(db) -> User:
    org = make_organisation(kind="regulator", name="Admin org")
    return make_user(role=Role.ADMIN, organisation=org, username="admin")
