"""Provisioning through Django admin is audited, including role and membership changes."""

import pytest
from django.test import Client

from backend.accounts.models import Membership, Organisation, User
from backend.audit.models import AuditEvent
from tests.factories import make_organisation


@pytest.fixture
def superuser_client(db) -> tuple[Client, User]:
    user = User.objects.create_superuser(
        username="root", password="root-password-123", email="r@example.ma"
    )
    client = Client()
    client.force_login(user)
    return client, user


def test_creating_an_organisation_in_admin_is_audited(superuser_client):
    client, root = superuser_client
    data = {
        "name": "Nouvelle Startup",
        "kind": "regulator",
        "is_active": "on",
        "created_at_0": "2026-11-27",
        "created_at_1": "10:00:00",
        "participant-TOTAL_FORMS": "0",
        "participant-INITIAL_FORMS": "0",
        "participant-MIN_NUM_FORMS": "0",
        "participant-MAX_NUM_FORMS": "1",
    }
    response = client.post("/admin/accounts/organisation/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="Nouvelle Startup")
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(organisation.id))
    assert event.actor == root
    assert event.after["kind"] == "regulator"


def test_changing_a_role_in_admin_goes_through_the_audited_service(superuser_client, startup_user):
    client, root = superuser_client
    regulator_org = make_organisation(kind="regulator", name="Régulateur")
    membership = startup_user.membership
    data = {
        "username": startup_user.username,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "1",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-id": str(membership.id),
        "membership-0-user": str(startup_user.id),
        "membership-0-organisation": str(regulator_org.id),
        "membership-0-role": "regulator",
        "membership-0-created_at_0": "2026-01-01",
        "membership-0-created_at_1": "09:00:00",
    }
    response = client.post(f"/admin/accounts/user/{startup_user.id}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=startup_user)
    assert (membership.organisation, membership.role) == (regulator_org, "regulator")
    event = AuditEvent.objects.get(action="membership.change")
    assert event.actor == root
    assert event.before["role"] == "startup"
    assert event.after == {"organisation": str(regulator_org.id), "role": "regulator"}


def test_a_role_the_organisation_does_not_grant_is_a_form_error(superuser_client, startup_user):
    client, _ = superuser_client
    membership = startup_user.membership
    data = {
        "username": startup_user.username,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "1",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-id": str(membership.id),
        "membership-0-user": str(startup_user.id),
        "membership-0-organisation": str(membership.organisation_id),
        "membership-0-role": "regulator",
        "membership-0-created_at_0": "2026-01-01",
        "membership-0-created_at_1": "09:00:00",
    }
    response = client.post(f"/admin/accounts/user/{startup_user.id}/change/", data)
    assert response.status_code == 200
    assert "organisation grants the role startup, not regulator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "startup"
    assert not AuditEvent.objects.filter(action="membership.change").exists()
