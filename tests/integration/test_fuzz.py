"""Fuzzing every operation of the committed `backend/openapi.yaml` with schemathesis, as each role.

Every operation is called with generated input (valid and invalid) by a startup member, a
regulator, an advocate and an admin, each with a bearer token; any 5xx, any answer that does not
match its documented schema or content type, and any 200 that shows a foreign startup the rows of
another organisation fails. The path parameters are sometimes the ids of objects organisation A
owns, so the foreign roles do ask for them. A stateful run follows the links added below (create a
declaration → read it → amend it → withdraw it) as the owning startup.

The number of examples is bounded (FXS_FUZZ_EXAMPLES, default 4 per operation and role; the
stateful run FXS_FUZZ_STATEFUL_EXAMPLES, default 5) so that CI stays within its time.
"""

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)
from schemathesis.config import SchemathesisConfig

from backend.accounts.services import api_token_create
from backend.common.roles import Role
from tests.factories import make_organisation, make_user
from tests.integration.declarations.helpers import make_declaration

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "backend" / "openapi.yaml"
EXAMPLES = int(os.environ.get("FXS_FUZZ_EXAMPLES", "4"))
STATEFUL_EXAMPLES = int(os.environ.get("FXS_FUZZ_STATEFUL_EXAMPLES", "5"))
ROLES = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
DECLARATION = "/api/v1/declarations/{declaration_id}/"
# Create → read → amend → withdraw: the links the schema does not declare, added for this run.
DECLARATION_LINKS = {
    "Read": {"operationId": "declarations_retrieve"},
    "Amend": {"operationId": "declarations_amend_create"},
    "Withdraw": {"operationId": "declarations_withdraw_create"},
}


def _with_links(document: dict[str, Any]) -> dict[str, Any]:
    linked = copy.deepcopy(document)
    created = linked["paths"]["/api/v1/declarations/"]["post"]["responses"]["201"]
    created["links"] = {
        name: {**link, "parameters": {"declaration_id": "$response.body#/id"}}
        for name, link in DECLARATION_LINKS.items()
    }
    return linked


@cache
def _document() -> dict[str, Any]:
    return _with_links(yaml.safe_load(SCHEMA_FILE.read_text()))


# Schemathesis's coverage phase (every boundary of every field, deterministically) multiplies the
# calls by tens: it runs when FXS_FUZZ_COVERAGE=1, not in CI's bounded run.
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": os.environ.get("FXS_FUZZ_COVERAGE") == "1"}}}
)
schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)

# Ids organisation A owns in the current test, offered as path parameters now and then.
OWNED: dict[str, str] = {}


@schema.hook
def flatmap_path_parameters(context: Any, parameters: dict[str, Any] | None) -> Any:
    if not parameters:
        return st.just(parameters)
    choices = [parameters]
    for name, value in OWNED.items():
        if name in parameters:
            choices.append({**parameters, name: value})
    return st.sampled_from(choices)


@cache
def _django() -> Any:
    return get_wsgi_application()


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Django's WSGI application inside the test's transaction: as Django's test client does,
    the request must not close the test's database connection when it ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = _django()(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _token(user: Any) -> dict[str, str]:
    with transaction.atomic():
        issued = api_token_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {issued.raw}"}


@pytest.fixture
def world(db, settings) -> dict[str, Any]:
    """Organisation A (a startup with a declaration) and one user per role from elsewhere."""
    # Five users per test, hundreds of tests: the fuzzing is under test, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    owner = make_user(role=Role.STARTUP, username="fuzz-owner")
    owned = make_declaration(owner, reference="FUZZ-OWNED")
    OWNED.clear()
    OWNED["declaration_id"] = str(owned.pk)
    callers = {role: make_user(role=role) for role in ROLES if role != Role.ADMIN}
    callers[Role.ADMIN] = make_user(
        role=Role.ADMIN, organisation=make_organisation(kind="regulator", name="Admin org")
    )
    return {
        "owner": _token(owner),
        "owned": str(owned.pk),
        "headers": {role: _token(user) for role, user in callers.items()},
    }


def _no_cross_tenant_rows(owned_id: str, role: str, response: Any) -> None:
    """A foreign startup never gets a 200 that carries organisation A's declaration."""
    if role != Role.STARTUP or response.status_code != 200:
        return
    assert owned_id.encode() not in response.content, (
        "a foreign startup received another organisation's row"
    )


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_as_every_role(case, role, world):
    response = case.call_and_validate(app=_app, headers=world["headers"][role], checks=CHECKS)
    _no_cross_tenant_rows(world["owned"], role, response)


class DeclarationLifecycle(schema.as_state_machine()):  # type: ignore[misc]
    """Create → read → amend → withdraw, as the owning startup, through the links above."""

    headers: dict[str, str] = {}

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return {"app": _app, "headers": self.headers}

    def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
        case.validate_response(response, checks=CHECKS)


@pytest.mark.django_db
def test_declarations_follow_their_links_create_read_amend_withdraw(world):
    DeclarationLifecycle.headers = world["owner"]
    DeclarationLifecycle.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_the_links_name_operations_of_the_schema():
    operations = {
        operation["operationId"]
        for item in _document()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert {link["operationId"] for link in DECLARATION_LINKS.values()} <= operations
    assert json.dumps(_document()["paths"][DECLARATION])  # the detail route is in the schema
