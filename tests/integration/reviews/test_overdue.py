"""The SLA job with a controlled clock: overdue marking and the bilingual email to the assignee."""

from datetime import timedelta

import pytest

from backend.reviews.models import Case
from backend.reviews.services import assignment, requests
from backend.reviews.services.cases import case_start_review
from backend.reviews.services.overdue import OverdueOutcome, cases_mark_overdue
from tests.factories import make_user
from tests.integration.reviews import helpers as rh

pytestmark = pytest.mark.django_db
HIGH_SLA = timedelta(hours=72)


@pytest.fixture
def assigned_case(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case = rh.flagged_case(startup_user)
    reviewer = make_user(role="regulator", username="amina")
    reviewer.email = "amina@regulator.example"
    reviewer.save()
    assignment.case_assign(
        actor=reviewer, case_id=case.pk, if_match=case.etag, assignee_id=reviewer.pk
    )
    return rh.reload(case)


def test_nothing_is_overdue_before_the_due_date(assigned_case, mailoutbox):
    due = rh.OPENED_AT + HIGH_SLA
    assert assigned_case.due_at == due
    assert cases_mark_overdue(now=due) == OverdueOutcome(marked=0, notified=0)
    assert rh.reload(assigned_case).overdue is False
    assert mailoutbox == []


def test_a_late_case_is_marked_and_its_assignee_emailed_once(assigned_case, mailoutbox):
    late = rh.OPENED_AT + HIGH_SLA + timedelta(hours=5)
    assert cases_mark_overdue(now=late) == OverdueOutcome(marked=1, notified=1)
    stored = rh.reload(assigned_case)
    assert (stored.overdue, stored.overdue_notified_at) == (True, late)
    [mail] = mailoutbox
    reference = stored.declaration.reference
    assert mail.to == ["amina@regulator.example"]
    assert mail.subject == f"[FX Sandbox] Dossier en retard / Case overdue: {reference}"
    org = stored.participant.name
    assert (
        f"Le dossier {stored.pk} (paiement {reference}, participant {org}) "
        "devait être décidé avant le 2026-03-06 09:00 (heure de Casablanca) ; il a 5 h de retard."
        in mail.body
    )
    assert (
        f"Case {stored.pk} (payment {reference}, participant {org}) "
        "was due for a decision by 2026-03-06 09:00 (Casablanca time); it is 5 h late." in mail.body
    )
    # Casablanca is on UTC+0 during Ramadan 2026 (mid-February to mid-March).
    assert mail.body.startswith("Bonjour amina,")
    assert "Hello amina," in mail.body
    # A second run the next hour sends nothing more.
    assert cases_mark_overdue(now=late + timedelta(hours=1)) == OverdueOutcome(0, 0)
    assert len(mailoutbox) == 1


def test_a_new_assignee_of_an_overdue_case_is_told(assigned_case, mailoutbox):
    late = rh.OPENED_AT + HIGH_SLA + timedelta(hours=1)
    cases_mark_overdue(now=late)
    other = make_user(role="regulator", username="youssef")
    other.email = "youssef@regulator.example"
    other.save()
    case = rh.reload(assigned_case)
    assignment.case_assign(actor=other, case_id=case.pk, if_match=case.etag, assignee_id=other.pk)
    assert cases_mark_overdue(now=late + timedelta(hours=1)) == OverdueOutcome(0, 1)
    assert [m.to for m in mailoutbox] == [
        ["amina@regulator.example"],
        ["youssef@regulator.example"],
    ]


def test_waiting_for_the_startup_is_not_overdue(assigned_case, mailoutbox):
    reviewer = assigned_case.assignee
    case_start_review(actor=reviewer, case_id=assigned_case.pk, if_match=assigned_case.etag)
    requests.case_request_create(
        actor=reviewer,
        case_id=assigned_case.pk,
        if_match=rh.reload(assigned_case).etag,
        kind="explanation",
        message="Why this amount?",
        now=rh.OPENED_AT,
    )
    assert cases_mark_overdue(now=rh.OPENED_AT + HIGH_SLA * 2) == OverdueOutcome(0, 0)
    assert mailoutbox == []


def test_an_unassigned_late_case_is_marked_but_nobody_is_emailed(
    startup_user, settings, mailoutbox
):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    assert cases_mark_overdue(now=rh.OPENED_AT + HIGH_SLA * 2) == OverdueOutcome(1, 0)
    assert Case.objects.get(pk=case.pk).overdue is True
    assert mailoutbox == []
