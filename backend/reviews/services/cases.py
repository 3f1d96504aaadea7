"""Case lifecycle: opening cases from flags, review, decisions, closing and reopening."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.common.domain_errors import InvalidInput
from backend.notifications.services import notifications_decision_taken
from backend.reviews.models import Case, CaseRequest, Outcome, RequestStatus
from backend.reviews.priority import case_priority, due_at_for, worst_severity
from backend.reviews.services.base import (
    SYSTEM_ACTOR,
    case_lock,
    case_save,
    check_transition,
    snapshot,
)
from backend.reviews.states import ACTIVE_STATES, CaseAction, CaseState
from backend.screening.models import Flag, FlagStatus

ZERO_MAD = Decimal("0.00")


def required_text(value: str, *, pointer: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(
            code="validation_error",
            detail=f"{what} is required.",
            errors=[{"pointer": pointer, "code": "required", "detail": f"{what} is required."}],
        )
    return text


@dataclass
class SyncOutcome:
    """What a flag sweep did."""

    opened: int = 0
    attached: int = 0
    reopened: int = 0


def _amount_mad(declaration: Any) -> Decimal:
    conversion = getattr(declaration, "conversion", None)
    return conversion.amount_mad if conversion is not None else ZERO_MAD


def cases_sync_flags(
    *, flag_ids: Sequence[Any] | None = None, now: datetime | None = None
) -> SyncOutcome:
    """Turn open flags that no case holds yet (these flags, or all) into cases (one per
    declaration), attach them to the declaration's existing case, and reopen a decided or
    closed case a new breach hits.

    Idempotent: a flag already held by a case is never looked at again, so the periodic sweep
    and the call on "flags opened" may overlap safely.
    """
    from backend.reviews.services.assignment import cases_auto_assign

    now = now or timezone.now()
    outcome = SyncOutcome()
    with transaction.atomic():
        open_flags = Flag.objects.filter(status=FlagStatus.OPEN)
        if flag_ids is not None:
            open_flags = open_flags.filter(pk__in=list(flag_ids))
        loose = (
            open_flags.filter(~Exists(Case.flags.through.objects.filter(flag_id=OuterRef("pk"))))
            .select_related("declaration__conversion", "participant")
            .order_by("opened_at", "id")
        )
        by_declaration: dict[Any, list[Flag]] = {}
        for flag in loose:
            by_declaration.setdefault(flag.declaration_id, []).append(flag)
        for flags in by_declaration.values():
            _sync_one(flags, now, outcome)
    if outcome.opened and getattr(settings, "REVIEWS_AUTO_ASSIGN", True):
        cases_auto_assign(actor=None, now=now)
    return outcome


def _sync_one(flags: list[Flag], now: datetime, outcome: SyncOutcome) -> None:
    declaration = flags[0].declaration
    severity = worst_severity([f.severity for f in flags])
    rules = sorted(f.rule_id for f in flags)
    case = Case.objects.select_for_update().filter(declaration=declaration).first()
    if case is None:
        amount = _amount_mad(declaration)
        case = Case.objects.create(
            declaration=declaration,
            participant=flags[0].participant,
            severity=severity,
            amount_mad=amount,
            priority=case_priority(severity=severity, amount_mad=amount),
            due_at=due_at_for(severity=severity, opened_at=now),
            opened_at=now,
            updated_at=now,
        )
        case.flags.add(*flags)
        audit_record(
            actor=None,
            actor_username=SYSTEM_ACTOR,
            action="case.open",
            obj=case,
            organisation=case.participant,
            after={**snapshot(case), "rules": rules, "severity": severity},
        )
        outcome.opened += 1
        return
    before = snapshot(case)
    case.flags.add(*flags)
    extra: dict[str, Any] = {"attached_rules": rules}
    worst = worst_severity([case.severity, severity])
    if worst != case.severity:
        case.severity = worst
        case.priority = case_priority(severity=worst, amount_mad=case.amount_mad)
        case.due_at = min(case.due_at, due_at_for(severity=worst, opened_at=now))
    action = "case.flags_attach"
    if case.state in (CaseState.DECIDED, CaseState.CLOSED):
        # A breach found after the decision is new matter: the decision no longer covers it.
        case.state = CaseState.REOPENED
        case.reopen_reason = f"new breach found on re-screening: {', '.join(rules)}"
        case.due_at = due_at_for(severity=case.severity, opened_at=now)
        case.overdue = False
        case.overdue_notified_at = None
        case.closed_at = None
        clear_decision(case)
        extra["reason"] = case.reopen_reason
        action = "case.reopen"
        outcome.reopened += 1
    outcome.attached += 1
    case_save(case=case, actor=None, action=action, before=before, now=now, extra=extra)


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
        extra={"rationale": text, "waiver_evidence": waiver},
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


def clear_decision(case: Case) -> None:
    """Forget the current decision on reopening (the audit trail keeps it)."""
    case.outcome = ""
    case.rationale = ""
    case.waiver_evidence = ""
    case.decided_by = None
    case.decided_at = None
