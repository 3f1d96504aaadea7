"""Recording audit events: the one function every service calls inside its transaction."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from backend.audit.models import AuditEvent
from backend.common.bulk import db_json, db_uuids, raw_insert
from backend.common.middleware import current_request_id


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside the transaction of the change it records")


def _event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_username: str = "",
) -> AuditEvent:
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        occurred_at=timezone.now(),
        actor=real_actor,
        actor_username=actor_username or (real_actor.get_username() if real_actor else ""),
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
        request_id=current_request_id(),
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Write one audit event; must run inside the transaction of the change it records."""
    _require_transaction("audit_record")
    event = _event(
        actor=actor,
        action=action,
        obj=obj,
        organisation=organisation,
        before=before,
        after=after,
        actor_username=actor_username,
    )
    event.save()
    return event


def audit_record_many(events: Iterable[dict[str, Any]]) -> int:
    """Write several audit events (each given as `audit_record`'s keyword arguments) in one
    insert, for a batch change such as a screening chunk; same transaction rule."""
    _require_transaction("audit_record_many")
    built = [_event(**e) for e in events]
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    connection = transaction.get_connection()
    # One COPY (PostgreSQL) or executemany (SQLite), each value in its database form.
    return raw_insert(
        AuditEvent,
        [f.attname for f in fields],
        ([f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] for e in built),
    )


def audit_record_set(
    *,
    action: str,
    actor_username: str,
    object_type: str,
    rows: Sequence[tuple[str, str | None, dict[str, Any], dict[str, Any]]],
) -> int:
    """One event per object of a set-based change the system made (one action, no signed-in
    actor): `rows` of (object id, organisation id, before, after), sent in one insert without a
    model instance per row; same transaction rule as `audit_record`."""
    _require_transaction("audit_record_set")
    if not rows:
        return 0
    connection = transaction.get_connection()
    occurred = AuditEvent._meta.get_field("occurred_at").get_db_prep_save(
        timezone.now(), connection
    )
    object_ids, organisations, befores, afters = zip(*rows, strict=True)
    organisation_ids = [
        None if value is None else db_uuids([str(value)])[0] for value in organisations
    ]
    return raw_insert(
        AuditEvent,
        ["object_id", "organisation_id", "before", "after"],
        zip(
            [str(value) for value in object_ids],
            organisation_ids,
            db_json(befores),
            db_json(afters),
            strict=True,
        ),
        constants={
            "occurred_at": occurred if isinstance(occurred, str) else str(occurred),
            "actor_id": None,
            "actor_username": actor_username,
            "action": action,
            "object_type": object_type,
            "request_id": current_request_id(),
        },
    )
