"""The audit trail is append-only and rides in the transaction of the change it records."""

import pytest
from django.db import DatabaseError, connection, transaction

from backend.accounts.services import membership_set
from backend.audit.models import AppendOnlyError, AuditEvent
from backend.audit.services import audit_record
from backend.common.roles import Role
from tests.factories import make_organisation


@pytest.mark.django_db
def test_model_refuses_update_and_delete(startup_user):
    event = AuditEvent.objects.filter(action="membership.create").first()
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(action="membership.create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_audit_must_ride_in_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="orphan")


@pytest.mark.django_db(transaction=True)
def test_audit_rolls_back_with_the_change(startup_user):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="the change failed"), transaction.atomic():
        audit_record(actor=startup_user, action="something")
        raise ValueError("the change failed")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_role_and_membership_changes_are_audited_with_before_and_after(startup_user, admin_user):
    new_org = make_organisation(kind="regulator", name="Regulator two")
    old_org_id = str(startup_user.membership.organisation_id)
    with transaction.atomic():
        membership_set(
            actor=admin_user, user=startup_user, organisation=new_org, role=Role.REGULATOR
        )
    event = AuditEvent.objects.get(action="membership.change")
    assert event.actor == admin_user
    assert event.before == {"organisation": old_org_id, "role": "startup"}
    assert event.after == {"organisation": str(new_org.id), "role": "regulator"}


@pytest.mark.django_db
def test_a_role_foreign_to_the_organisation_kind_is_refused(startup_user):
    from backend.common.domain_errors import InvalidInput

    with pytest.raises(InvalidInput), transaction.atomic():
        membership_set(
            actor=None,
            user=startup_user,
            organisation=startup_user.membership.organisation,
            role=Role.REGULATOR,
        )
    startup_user.membership.refresh_from_db()
    assert startup_user.membership.role == Role.STARTUP
    assert not AuditEvent.objects.filter(action="membership.change").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_update_and_delete(startup_user, statement):
    # Given an audit event (SQLite in the embedded default, PostgreSQL in production),
    event_id = AuditEvent.objects.values_list("id", flat=True).get()
    # when raw SQL tries to rewrite or remove it, then the database itself refuses,
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event_id])
    # and the event is unchanged.
    assert list(AuditEvent.objects.values_list("id", "action")) == [(event_id, "membership.create")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    [
        lambda events: events.update(action="rewritten"),
        lambda events: events.delete(),
        lambda events: AuditEvent.objects.bulk_update(
            [AuditEvent(pk=e.pk, action="rewritten") for e in events], ["action"]
        ),
    ],
    ids=["update", "delete", "bulk_update"],
)
def test_querysets_refuse_bulk_writes_the_model_guard_would_not_see(startup_user, write):
    events = AuditEvent.objects.filter(action="membership.create")
    with pytest.raises(AppendOnlyError):
        write(events)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["membership.create"]
