"""Fixtures shared by the integration and e2e suites."""

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.common.roles import Role
from tests.factories import make_organisation, make_user


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
