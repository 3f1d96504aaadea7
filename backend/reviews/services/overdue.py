"""The SLA job: warn assignees of cases falling due soon, mark cases past their due date as
overdue and tell their assignee by email."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from backend.notifications.services import notifications_sla_due_soon
from backend.reviews.models import Case
from backend.reviews.services.base import case_save, snapshot
from backend.reviews.states import CaseState

# An assignee is warned this long before a case falls due: a working day to decide it.
DUE_SOON_WARNING = timedelta(hours=24)
# Waiting for the startup stops the clock (see case_request_create), so those cases are not late.
SLA_STATES = (CaseState.OPEN, CaseState.IN_REVIEW, CaseState.REOPENED)


@dataclass
class OverdueOutcome:
    """How many cases became overdue, and how many assignees were emailed."""

    marked: int = 0
    notified: int = 0


def overdue_email(*, case: Case, now: datetime) -> tuple[str, str]:
    """Subject and body of the overdue notice, in French then English."""
    reference = case.declaration.reference
    participant = case.participant.name
    due = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")
    late = now - case.due_at
    hours = int(late.total_seconds() // 3600)
    subject = f"[FX Sandbox] Dossier en retard / Case overdue: {reference}"
    body = (
        f"Bonjour {case.assignee.get_username() if case.assignee else ''},\n\n"
        f"Le dossier {case.pk} (paiement {reference}, participant {participant}) "
        f"devait être décidé avant le {due} (heure de Casablanca) ; il a {hours} h de retard.\n"
        f"État : {case.state}. Priorité : {case.priority}. Gravité : {case.severity}.\n\n"
        "---\n\n"
        f"Hello {case.assignee.get_username() if case.assignee else ''},\n\n"
        f"Case {case.pk} (payment {reference}, participant {participant}) "
        f"was due for a decision by {due} (Casablanca time); it is {hours} h late.\n"
        f"State: {case.state}. Priority: {case.priority}. Severity: {case.severity}.\n"
    )
    return subject, body


def cases_mark_overdue(*, now: datetime | None = None) -> OverdueOutcome:
    """Mark active cases past their due date overdue, then email each assignee not yet told.

    Emails go after the marking commits and each notice is recorded once sent, so a failed send
    is retried by the next run and a sent one is never repeated.
    """
    now = now or timezone.now()
    outcome = OverdueOutcome()
    with transaction.atomic():
        due = Case.objects.select_for_update(of=("self",)).filter(
            state__in=list(SLA_STATES), overdue=False, due_at__lt=now
        )
        for case in due.select_related("participant", "assignee"):
            before = snapshot(case)
            case.overdue = True
            case_save(case=case, actor=None, action="case.overdue", before=before, now=now)
            outcome.marked += 1
    pending = (
        Case.objects.filter(
            state__in=list(SLA_STATES),
            overdue=True,
            overdue_notified_at__isnull=True,
            assignee__isnull=False,
        )
        .select_related("declaration", "participant", "assignee")
        .order_by("due_at", "id")
    )
    for case in pending:
        assignee = case.assignee
        if assignee is None or not assignee.email:
            continue
        subject, body = overdue_email(case=case, now=now)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [assignee.email])
        # Not a version bump: the notice changes nothing a reviewer acts on.
        Case.objects.filter(pk=case.pk).update(overdue_notified_at=now)
        outcome.notified += 1
    return outcome


def cases_warn_due_soon(*, now: datetime | None = None) -> int:
    """Tell each assignee of an active case due within `DUE_SOON_WARNING` (once per case and due
    date: the notification's key holds both). Returns how many cases were looked at."""
    now = now or timezone.now()
    cases = (
        Case.objects.filter(
            state__in=list(SLA_STATES),
            overdue=False,
            assignee__isnull=False,
            due_at__gte=now,
            due_at__lt=now + DUE_SOON_WARNING,
        )
        .select_related("declaration", "participant", "assignee")
        .order_by("due_at", "id")
    )
    count = 0
    with transaction.atomic():
        for case in cases:
            if case.assignee is None:
                continue
            notifications_sla_due_soon(
                assignee=case.assignee,
                case_id=case.pk,
                reference=case.declaration.reference,
                participant=case.participant.name,
                due_at=case.due_at,
            )
            count += 1
    return count
