"""Who works a case: manual, bulk and round-robin assignment, and regulators' availability."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, InvalidInput
from backend.common.roles import Role
from backend.notifications.services import notifications_case_assigned
from backend.reviews.models import Case, ReviewerAvailability
from backend.reviews.services.base import SYSTEM_ACTOR, case_lock, case_save, snapshot
from backend.reviews.states import ACTIVE_STATES


def regulators() -> QuerySet[User]:
    """Active users holding the regulator role."""
    return User.objects.filter(is_active=True, membership__role=Role.REGULATOR)


def _assignee_check(assignee_id: Any, pointer: str) -> User | None:
    if assignee_id is None:
        return None
    found = regulators().filter(pk=assignee_id).first()
    if found is None:
        raise InvalidInput(
            code="validation_error",
            detail="Cases can only be assigned to an active regulator.",
            errors=[{"pointer": pointer, "code": "not_a_regulator", "detail": "Not a regulator."}],
        )
    return found


def _not_active(case: Case) -> Conflict:
    return Conflict(
        code="case_not_active",
        detail=f"A case in state {case.state!r} is not worked any more; reopen it first.",
        extra={"state": case.state},
    )


def _tell_assignee(case: Case, actor: Any) -> None:
    """Tell the new assignee, unless they took the case themselves."""
    assignee = case.assignee
    if assignee is not None and getattr(actor, "pk", None) != assignee.pk:
        notifications_case_assigned(
            assignee=assignee,
            case_id=case.pk,
            reference=case.declaration.reference,
            participant=case.participant.name,
            due_at=case.due_at,
        )


def _assign(case: Case, assignee: User | None, actor: Any, action: str) -> Case:
    if case.state not in ACTIVE_STATES:
        raise _not_active(case)
    before = snapshot(case)
    previous = case.assignee_id
    case.assignee = assignee
    # The new assignee has not been told about an overdue case yet.
    case.overdue_notified_at = None
    saved = case_save(case=case, actor=actor, action=action, before=before)
    if previous != case.assignee_id:
        _tell_assignee(case, actor)
    return saved


@transaction.atomic
def case_assign(*, actor: User, case_id: Any, if_match: str | None, assignee_id: Any) -> Case:
    """Assign a case to a regulator (or unassign it with None)."""
    assignee = _assignee_check(assignee_id, "/assignee")
    case = case_lock(case_id=case_id, if_match=if_match)
    return _assign(case, assignee, actor, "case.assign")


@dataclass(frozen=True)
class BulkItem:
    """One case of a bulk assignment and the ETag the regulator saw it with."""

    case_id: Any
    if_match: str


@transaction.atomic
def cases_assign_bulk(*, actor: User, items: Sequence[BulkItem], assignee_id: Any) -> list[Case]:
    """Assign several cases at once: all or nothing (one stale ETag refuses the whole batch)."""
    assignee = _assignee_check(assignee_id, "/assignee")
    # Lock in a stable order so two overlapping batches cannot deadlock.
    ordered = sorted(items, key=lambda item: str(item.case_id))
    locked = [case_lock(case_id=item.case_id, if_match=item.if_match) for item in ordered]
    return [_assign(case, assignee, actor, "case.assign") for case in locked]


def _next_regulator_queue() -> list[ReviewerAvailability]:
    """Available regulators, the one who waited longest for a case first."""
    for user in regulators().filter(review_availability__isnull=True):
        ReviewerAvailability.objects.get_or_create(user=user)
    return list(
        ReviewerAvailability.objects.select_for_update()
        .filter(available=True, user__in=regulators())
        .select_related("user")
        .order_by("assignment_seq", "user__username")
    )


@transaction.atomic
def cases_auto_assign(*, actor: Any, now: datetime | None = None) -> int:
    """Give every unassigned active case to available regulators in turn (round-robin).

    The turn is kept in the database (a sequence number per regulator), so it carries across
    runs and processes: nobody gets two new cases while an available colleague got none.
    """
    now = now or timezone.now()
    queue = _next_regulator_queue()
    if not queue:
        return 0
    cases = list(
        Case.objects.select_for_update()
        .filter(assignee__isnull=True, state__in=list(ACTIVE_STATES))
        .select_related("participant")
        .order_by("priority", "due_at", "id")
    )
    top = ReviewerAvailability.objects.aggregate(top=Max("assignment_seq"))["top"] or 0
    for index, case in enumerate(cases):
        turn = queue[index % len(queue)]
        top += 1
        turn.assignment_seq = top
        turn.save(update_fields=["assignment_seq"])
        before = snapshot(case)
        case.assignee = turn.user
        case_save(
            case=case,
            actor=actor,
            action="case.auto_assign",
            before=before,
            now=now,
            extra={"round_robin": True},
        )
        _tell_assignee(case, actor)
    return len(cases)


@transaction.atomic
def reviewer_availability_set(*, actor: User, available: bool) -> ReviewerAvailability:
    """Say whether the actor takes new cases (round-robin skips those who do not)."""
    row, _ = ReviewerAvailability.objects.select_for_update().get_or_create(user=actor)
    before = {"available": row.available}
    row.available = available
    row.updated_at = timezone.now()
    row.save(update_fields=["available", "updated_at"])
    audit_record(
        actor=actor,
        actor_username="" if actor.is_authenticated else SYSTEM_ACTOR,
        action="reviewer.availability",
        obj=row,
        organisation=actor.membership.organisation,
        before=before,
        after={"available": available},
    )
    return row
