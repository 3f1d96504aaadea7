"""What every case change shares: the If-Match check under a row lock, the transition check,
the version bump and the audit event."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, PreconditionFailed, PreconditionRequired
from backend.reviews.models import Case
from backend.reviews.states import CaseState, allowed_actions, next_state

SYSTEM_ACTOR = "system:reviews"


def parse_if_match(value: str | None) -> str:
    """The entity tag a client sent; refused when it sent none (or `*`, which proves no read)."""
    tag = (value or "").strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    if not tag or tag == "*":
        raise PreconditionRequired(
            code="if_match_required",
            detail="Send the If-Match header with the ETag of the case as you last read it.",
        )
    return tag


def case_lock(*, case_id: Any, if_match: str | None) -> Case:
    """The case, locked for this transaction, if `if_match` is its current ETag; else
    PreconditionFailed.

    The lock (row lock on PostgreSQL, the immediate write transaction on SQLite) makes the check
    and the write one step, so of two concurrent changes from the same read only one passes.
    """
    tag = parse_if_match(if_match)
    case = (
        Case.objects.select_for_update()
        .select_related("declaration", "participant")
        .get(pk=case_id)
    )
    if tag != case.etag:
        raise PreconditionFailed(
            code="stale_case",
            detail="The case changed since you read it: reload it and try again.",
            extra={"etag": case.etag},
        )
    return case


def check_transition(case: Case, action: str) -> CaseState:
    """The state `action` leads to; else a Conflict naming the actions allowed now."""
    target = next_state(case.state, action)
    if target is None:
        allowed = allowed_actions(case.state)
        raise Conflict(
            code="invalid_transition",
            detail=(
                f"A case in state {case.state!r} cannot {action.replace('_', ' ')}; "
                f"allowed: {', '.join(allowed) or 'none'}."
            ),
            extra={"state": case.state, "allowed": allowed},
        )
    return target


def snapshot(case: Case) -> dict[str, Any]:
    """The fields of a case an audit event records before and after a change."""
    return {
        "state": case.state,
        "assignee": case.assignee.get_username() if case.assignee is not None else None,
        "priority": case.priority,
        "outcome": case.outcome,
        "due_at": case.due_at.isoformat(),
        "version": case.version,
    }


def case_save(
    *,
    case: Case,
    actor: Any,
    action: str,
    before: dict[str, Any],
    now: datetime | None = None,
    extra: dict[str, Any] | None = None,
) -> Case:
    """Bump the version, save and record the audit event (inside the caller's transaction)."""
    case.version += 1
    case.updated_at = now or timezone.now()
    case.save()
    audit_record(
        actor=actor,
        actor_username="" if getattr(actor, "is_authenticated", False) else SYSTEM_ACTOR,
        action=action,
        obj=case,
        organisation=case.participant,
        before=before,
        after={**snapshot(case), **(extra or {})},
    )
    return case


def clear_decision(case: Case) -> None:
    """Forget the current decision on reopening (the audit trail keeps it)."""
    case.outcome = ""
    case.rationale = ""
    case.waiver_evidence = ""
    case.decided_by = None
    case.decided_at = None
