"""Case lifecycle: opening cases from flags, review, decisions, closing and reopening."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backend.accounts.models import User
from backend.common.domain_errors import InvalidInput
from backend.notifications.services import notifications_decision_taken
from backend.reviews.models import Case, CaseRequest, Outcome, RequestStatus
from backend.reviews.priority import due_at_for
from backend.reviews.services.base import (
    case_lock,
    case_save,
    check_transition,
    clear_decision,
    snapshot,
)
from backend.reviews.services.opening import SyncOutcome, cases_open_from_flags
from backend.reviews.states import ACTIVE_STATES, CaseAction
from backend.screening.models import Flag, FlagStatus


def required_text(value: str, *, pointer: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(
            code="validation_error",
            detail=f"{what} is required.",
            errors=[{"pointer": pointer, "code": "required", "detail": f"{what} is required."}],
        )
    return text


def cases_sync_flags(
    *, flag_ids: Sequence[Any] | None = None, now: datetime | None = None
) -> SyncOutcome:
    """Turn open flags that no case holds yet (these flags, or all) into cases: one per payment
    for per-payment rules, one per participant × rule × window for cumulative ones (see
    `opening`), reopening a decided or closed case a new breach hits.

    Idempotent: a flag already held by a case is never looked at again, so the periodic sweep
    and the call on "flags opened" may overlap safely.
    """
    from backend.reviews.services.assignment import cases_auto_assign

    now = now or timezone.now()
    with transaction.atomic():
        open_flags = Flag.objects.filter(status=FlagStatus.OPEN)
        if flag_ids is not None:
            open_flags = open_flags.filter(pk__in=list(flag_ids))
        loose = (
            open_flags.filter(~Exists(Case.flags.through.objects.filter(flag_id=OuterRef("pk"))))
            .select_related("declaration__conversion", "participant", "rulebook_version")
            .order_by("opened_at", "id")
        )
        outcome = cases_open_from_flags(flags=loose, now=now)
    if outcome.opened and getattr(settings, "REVIEWS_AUTO_ASSIGN", True):
        cases_auto_assign(actor=None, now=now)
    return outcome


@transaction.atomic
def case_start_review(
    *, actor: User, case_id: Any, if_match: str | None, now: datetime | None = None
) -> Case:
    """Take an open or reopened case into review (assigning it to the actor if unassigned)."""
    case = case_lock(case_id=case_id, if_match=if_match)
    target = check_transition(case, CaseAction.START_REVIEW)
    before = snapshot(case)
    case.state = target
    if case.assignee_id is None:
        case.assignee = actor
    return case_save(case=case, actor=actor, action="case.start_review", before=before, now=now)


@transaction.atomic
def case_resume(
    *, actor: User, case_id: Any, if_match: str | None, reason: str, now: datetime | None = None
) -> Case:
    """Take a case back into review without the startup's answer; open requests are withdrawn."""
    text = required_text(reason, pointer="/reason", what="A reason")
    case = case_lock(case_id=case_id, if_match=if_match)
    target = check_transition(case, CaseAction.RESUME)
    before = snapshot(case)
    now = now or timezone.now()
    withdrawn = CaseRequest.objects.filter(case=case, status=RequestStatus.OPEN).update(
        status=RequestStatus.WITHDRAWN
    )
    case_resume_clock(case, now)
    case.state = target
    return case_save(
        case=case,
        actor=actor,
        action="case.resume",
        before=before,
        now=now,
        extra={"reason": text, "requests_withdrawn": withdrawn},
    )


def case_resume_clock(case: Case, now: datetime) -> None:
    """Stop the waiting clock: the time spent waiting for the startup extends the due date."""
    if case.awaiting_since is not None:
        case.due_at = case.due_at + (now - case.awaiting_since)
        case.awaiting_since = None


@transaction.atomic
def case_decide(
    *,
    actor: User,
    case_id: Any,
    if_match: str | None,
    outcome: str,
    rationale: str,
    waiver_evidence: str = "",
    now: datetime | None = None,
) -> Case:
    """Decide a case under review: an outcome with a mandatory rationale (and, for
    `allowed_under_sandbox`, the waiver evidence it relies on)."""
    if outcome not in Outcome.values:
        raise InvalidInput(
            code="validation_error",
            detail=f"Unknown outcome {outcome!r}.",
            errors=[{"pointer": "/outcome", "code": "invalid_choice", "detail": "Unknown."}],
        )
    text = required_text(rationale, pointer="/rationale", what="A rationale")
    waiver = (waiver_evidence or "").strip()
    if outcome == Outcome.ALLOWED_UNDER_SANDBOX:
        waiver = required_text(
            waiver, pointer="/waiver_evidence", what="Waiver evidence (the sandbox provision)"
        )
    case = case_lock(case_id=case_id, if_match=if_match)
    target = check_transition(case, CaseAction.DECIDE)
    before = snapshot(case)
    now = now or timezone.now()
    case.state = target
    case.outcome = outcome
    case.rationale = text
    case.waiver_evidence = waiver
    case.decided_by = actor
    case.decided_at = now
    case.overdue = False
    saved = case_save(
        case=case,
        actor=actor,
        action="case.decide",
        before=before,
        now=now,
        # The decision covers the payments the case holds now; a later one reopens it.
        extra={"rationale": text, "waiver_evidence": waiver, "payments": case.payment_count},
    )
    notifications_decision_taken(
        organisation=case.participant,
        declaration_id=case.declaration_id,
        reference=case.declaration.reference,
        outcome=outcome,
        rationale=text,
        decided_by=actor.get_username(),
        case_id=case.pk,
        decided_at=now,
    )
    return saved


@transaction.atomic
def case_close(
    *, actor: User, case_id: Any, if_match: str | None, now: datetime | None = None
) -> Case:
    """Close a decided case."""
    case = case_lock(case_id=case_id, if_match=if_match)
    target = check_transition(case, CaseAction.CLOSE)
    before = snapshot(case)
    now = now or timezone.now()
    case.state = target
    case.closed_at = now
    return case_save(case=case, actor=actor, action="case.close", before=before, now=now)


@transaction.atomic
def case_reopen(
    *, actor: User, case_id: Any, if_match: str | None, reason: str, now: datetime | None = None
) -> Case:
    """Reopen a decided or closed case with a reason; the earlier decision stays in the trail."""
    text = required_text(reason, pointer="/reason", what="A reason")
    case = case_lock(case_id=case_id, if_match=if_match)
    target = check_transition(case, CaseAction.REOPEN)
    before = snapshot(case)
    now = now or timezone.now()
    case.state = target
    case.reopen_reason = text
    case.closed_at = None
    case.due_at = due_at_for(severity=case.severity, opened_at=now)
    case.overdue = False
    case.overdue_notified_at = None
    clear_decision(case)
    return case_save(
        case=case, actor=actor, action="case.reopen", before=before, now=now, extra={"reason": text}
    )


def case_is_active(case: Case) -> bool:
    """Whether the case still needs work."""
    return case.state in ACTIVE_STATES
