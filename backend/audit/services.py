"""Recording audit events: the one function every service calls inside its transaction."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from backend.audit.models import AuditEvent
from backend.common.middleware import current_request_id


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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
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
