"""Amendments create versions; withdrawals keep the declaration; both are audited."""

import pytest
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import body, make_declaration

pytestmark = pytest.mark.django_db


def changes(**overrides):
    data = body(**overrides)
    data.pop("reference")
    return data


def amend(user, declaration_id, data):
    url = reverse("api:declaration-amend", kwargs={"declaration_id": declaration_id})
    return client_for(user).post(url, data, format="json")


def withdraw(user, declaration_id, reason="Duplicate of INV-7"):
    url = reverse("api:declaration-withdraw", kwargs={"declaration_id": declaration_id})
    return client_for(user).post(url, {"reason": reason}, format="json")


def test_amend_creates_a_new_version_and_keeps_the_old(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    original = make_declaration(startup_user, reference="INV-2026-0042")
    sent_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = amend(
            startup_user, original.id, changes(amount={"amount": "1300.00", "currency": "EUR"})
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["reference"], data["version"], data["supersedes"]) == (
        "INV-2026-0042",
        2,
        str(original.id),
    )
    assert data["amount"] == {"amount": "1300.00", "currency": "EUR"}
    assert [(v["version"], v["is_current"]) for v in data["versions"]] == [(1, False), (2, True)]
    original.refresh_from_db()
    assert (original.is_current, original.amount, original.status) == (False, 1250, "received")
    assert sent_tasks == [("processing.declarations_recorded", {"declaration_ids": [data["id"]]})]
    event = AuditEvent.objects.get(action="declaration.amend")
    assert (event.object_id, event.before["amount"], event.after["amount"]) == (
        data["id"],
        "1250.00",
        "1300.00",
    )
    # The list shows the current version only, unless asked for the history
    listed = client_for(startup_user).get(reverse("api:declarations")).json()["results"]
    assert [(d["id"], d["version"]) for d in listed] == [(data["id"], 2)]
    everything = (
        client_for(startup_user)
        .get(reverse("api:declarations"), {"include_superseded": "true"})
        .json()["results"]
    )
    assert sorted(d["version"] for d in everything) == [1, 2]


def test_amending_a_superseded_version_is_a_409(startup_user):
    original = make_declaration(startup_user)
    assert amend(startup_user, original.id, changes(description="v2")).status_code == 201
    response = amend(startup_user, original.id, changes(description="v3"))
    assert response.status_code == 409
    assert response.json()["code"] == "declaration_superseded"
    assert Declaration.objects.count() == 2


def test_amendment_without_change_is_refused(startup_user):
    original = make_declaration(
        startup_user, reference="INV-2026-0042", description="Hosting, March"
    )
    response = amend(startup_user, original.id, changes())
    assert response.status_code == 422
    assert response.json()["code"] == "amendment_without_change"
    assert Declaration.objects.count() == 1


def test_amendment_is_validated_like_a_creation(startup_user):
    original = make_declaration(startup_user)
    response = amend(
        startup_user, original.id, changes(amount={"amount": "1.001", "currency": "EUR"})
    )
    assert response.status_code == 400
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [
        ("/amount/amount", "amount_too_precise")
    ]
    response = amend(startup_user, original.id, body())
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [
        ("/reference", "unknown_field")
    ]
    assert Declaration.objects.count() == 1


def test_withdraw_keeps_the_declaration_with_its_reason(startup_user):
    declaration = make_declaration(startup_user)
    response = withdraw(startup_user, declaration.id)
    assert response.status_code == 200, response.json()
    data = response.json()
    # Withdrawn, and handed back to the workers: later running totals must be screened again.
    assert (data["status"], data["withdrawal_reason"], data["awaiting_processing"]) == (
        "withdrawn",
        "Duplicate of INV-7",
        True,
    )
    event = AuditEvent.objects.get(action="declaration.withdraw")
    assert (event.before, event.after) == (
        {"status": "received"},
        {"status": "withdrawn", "reason": "Duplicate of INV-7"},
    )
    # Twice is a conflict, and a withdrawn declaration cannot be amended
    again = withdraw(startup_user, declaration.id)
    assert (again.status_code, again.json()["code"]) == (409, "declaration_withdrawn")
    assert amend(startup_user, declaration.id, changes(description="x")).status_code == 409
    assert AuditEvent.objects.filter(action="declaration.withdraw").count() == 1


def test_withdraw_needs_a_reason(startup_user):
    declaration = make_declaration(startup_user)
    url = reverse("api:declaration-withdraw", kwargs={"declaration_id": declaration.id})
    response = client_for(startup_user).post(url, {}, format="json")
    assert response.status_code == 400
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [
        ("/reason", "required")
    ]
    declaration.refresh_from_db()
    assert declaration.status == "received"


def test_regulators_cannot_amend_or_withdraw(startup_user, regulator_user):
    declaration = make_declaration(startup_user)
    assert amend(regulator_user, declaration.id, changes(description="x")).status_code == 403
    assert withdraw(regulator_user, declaration.id).status_code == 403


def test_events_show_the_timeline_of_every_version(startup_user, regulator_user):
    original = make_declaration(startup_user)
    new_id = amend(startup_user, original.id, changes(description="v2")).json()["id"]
    withdraw(startup_user, new_id)
    url = reverse("api:declaration-events", kwargs={"declaration_id": original.id})
    for user in (startup_user, regulator_user):
        events = client_for(user).get(url).json()
        assert [e["action"] for e in events] == [
            "declaration.create",
            "declaration.amend",
            "declaration.withdraw",
        ]
        assert events[0]["actor"] == "startup-a"


def test_a_retried_amendment_replays_its_answer_and_creates_one_version(startup_user):
    original = make_declaration(startup_user, reference="INV-2026-0042")
    url = reverse("api:declaration-amend", kwargs={"declaration_id": original.id})
    data = changes(amount={"amount": "1300.00", "currency": "EUR"})
    client = client_for(startup_user)
    first = client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY="amend-0001")
    second = client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY="amend-0001")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Declaration.objects.filter(reference="INV-2026-0042").count() == 2
    assert AuditEvent.objects.filter(action="declaration.amend").count() == 1
    other = changes(amount={"amount": "1400.00", "currency": "EUR"})
    reused = client.post(url, other, format="json", HTTP_IDEMPOTENCY_KEY="amend-0001")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert Declaration.objects.filter(reference="INV-2026-0042").count() == 2
