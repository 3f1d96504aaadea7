"""Case services against the real database: transitions, rationale, ETags, assignment, requests
and answers. Every refusal is checked to change nothing."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.common.domain_errors import (
    Conflict,
    DomainError,
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
    UnsupportedType,
)
from backend.declarations.models import DeclarationDocument
from backend.reviews.models import Case, CaseRequest, ReviewerAvailability
from backend.reviews.services import assignment, cases, requests
from backend.reviews.services.assignment import BulkItem
from backend.reviews.services.requests import AnswerDocument
from backend.reviews.states import CaseAction, CaseState
from backend.screening.models import Flag
from tests.factories import make_user
from tests.integration.reviews import helpers as rh

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def no_auto_assign(settings):
    settings.REVIEWS_AUTO_ASSIGN = False


@pytest.fixture
def case(startup_user, no_auto_assign) -> Case:
    return rh.flagged_case(startup_user)


def _put_in(case: Case, state: str) -> Case:
    """Given: the case in `state` (decided and closed ones carry a decision)."""
    decided = state in (CaseState.DECIDED, CaseState.CLOSED)
    Case.objects.filter(pk=case.pk).update(
        state=state,
        outcome="cleared" if decided else "",
        rationale="Documents complete." if decided else "",
    )
    return rh.reload(case)


def _do(action: str, case: Case, actor, request_id=None) -> None:
    tag = case.etag
    if action == CaseAction.START_REVIEW:
        cases.case_start_review(actor=actor, case_id=case.pk, if_match=tag)
    elif action == CaseAction.REQUEST:
        requests.case_request_create(
            actor=actor, case_id=case.pk, if_match=tag, kind="documents", message="The invoice?"
        )
    elif action == CaseAction.ANSWER:
        requests.case_request_answer(
            actor=actor, case_id=case.pk, request_id=request_id, if_match=tag, text="Attached."
        )
    elif action == CaseAction.RESUME:
        cases.case_resume(actor=actor, case_id=case.pk, if_match=tag, reason="Phoned")
    elif action == CaseAction.DECIDE:
        cases.case_decide(
            actor=actor, case_id=case.pk, if_match=tag, outcome="cleared", rationale="Fine."
        )
    elif action == CaseAction.CLOSE:
        cases.case_close(actor=actor, case_id=case.pk, if_match=tag)
    elif action == CaseAction.REOPEN:
        cases.case_reopen(actor=actor, case_id=case.pk, if_match=tag, reason="New facts")


ALLOWED = {
    (CaseState.OPEN, CaseAction.START_REVIEW): CaseState.IN_REVIEW,
    (CaseState.REOPENED, CaseAction.START_REVIEW): CaseState.IN_REVIEW,
    (CaseState.IN_REVIEW, CaseAction.REQUEST): CaseState.AWAITING_STARTUP,
    (CaseState.AWAITING_STARTUP, CaseAction.ANSWER): CaseState.IN_REVIEW,
    (CaseState.AWAITING_STARTUP, CaseAction.RESUME): CaseState.IN_REVIEW,
    (CaseState.IN_REVIEW, CaseAction.DECIDE): CaseState.DECIDED,
    (CaseState.DECIDED, CaseAction.CLOSE): CaseState.CLOSED,
    (CaseState.DECIDED, CaseAction.REOPEN): CaseState.REOPENED,
    (CaseState.CLOSED, CaseAction.REOPEN): CaseState.REOPENED,
}
PAIRS = [(s, a) for s in CaseState for a in CaseAction]
ALLOWED_FROM = {
    "open": ["start_review"],
    "in_review": ["request", "decide"],
    "awaiting_startup": ["answer", "resume"],
    "decided": ["close", "reopen"],
    "closed": ["reopen"],
    "reopened": ["start_review"],
}


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_every_transition_is_done_or_refused_with_the_allowed_ones(
    state, action, case, startup_user
):
    reviewer = rh.regulator()
    case = _put_in(case, state)
    # An open request exists whatever the state, so only the state decides an answer.
    request = CaseRequest.objects.create(
        case=case, kind="documents", message="?", asked_by=reviewer, asked_at=case.opened_at
    )
    actor = startup_user if action == CaseAction.ANSWER else reviewer
    before = rh.state_of(case)
    if (state, action) in ALLOWED:
        _do(action, case, actor, request.pk)
        after = rh.reload(case)
        assert after.state == ALLOWED[(state, action)]
        assert after.version == before["version"] + 1
        assert rh.state_of(case)["audit"] == before["audit"] + 1
    else:
        with pytest.raises(DomainError) as refused:
            _do(action, case, actor, request.pk)
        assert isinstance(refused.value, Conflict)
        assert refused.value.code == "invalid_transition"
        assert refused.value.extra == {"state": state.value, "allowed": ALLOWED_FROM[state]}
        assert rh.state_of(case) == before


def test_start_review_assigns_an_unassigned_case_to_the_reviewer(case):
    reviewer = rh.regulator()
    done = cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    assert (done.state, done.assignee, done.version) == ("in_review", reviewer, 2)


@pytest.mark.parametrize("rationale", ["", "   \n"])
def test_a_decision_needs_a_rationale(case, rationale):
    case = _put_in(case, CaseState.IN_REVIEW)
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        cases.case_decide(
            actor=rh.regulator(),
            case_id=case.pk,
            if_match=case.etag,
            outcome="breach_confirmed",
            rationale=rationale,
        )
    assert (type(refused.value), refused.value.errors[0]["pointer"]) == (InvalidInput, "/rationale")
    assert rh.state_of(case) == before


def test_allowed_under_sandbox_needs_waiver_evidence(case):
    case = _put_in(case, CaseState.IN_REVIEW)
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        cases.case_decide(
            actor=rh.regulator(),
            case_id=case.pk,
            if_match=case.etag,
            outcome="allowed_under_sandbox",
            rationale="Within the proposed allowance.",
        )
    assert refused.value.errors[0]["pointer"] == "/waiver_evidence"
    assert rh.state_of(case) == before


def test_unknown_outcome_is_refused(case):
    case = _put_in(case, CaseState.IN_REVIEW)
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        cases.case_decide(
            actor=rh.regulator(),
            case_id=case.pk,
            if_match=case.etag,
            outcome="fraud",
            rationale="x",
        )
    assert refused.value.errors[0]["pointer"] == "/outcome"
    assert rh.state_of(case) == before


@pytest.mark.parametrize(
    "outcome", ["cleared", "breach_confirmed", "allowed_under_sandbox", "escalated"]
)
def test_each_outcome_is_recorded_with_its_rationale(case, outcome):
    reviewer = rh.regulator()
    case = _put_in(case, CaseState.IN_REVIEW)
    done = cases.case_decide(
        actor=reviewer,
        case_id=case.pk,
        if_match=case.etag,
        outcome=outcome,
        rationale="Checked the contract.",
        waiver_evidence="Cohort 2026 proposal, rule CARD_CAP at 4,000,000 MAD",
    )
    stored = rh.reload(done)
    assert (stored.state, stored.outcome, stored.rationale, stored.decided_by) == (
        "decided",
        outcome,
        "Checked the contract.",
        reviewer,
    )
    assert stored.waiver_evidence == "Cohort 2026 proposal, rule CARD_CAP at 4,000,000 MAD"


@pytest.mark.parametrize("if_match", [None, "", "*"])
def test_a_change_without_if_match_is_428(case, if_match):
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        cases.case_start_review(actor=rh.regulator(), case_id=case.pk, if_match=if_match)
    assert (type(refused.value), refused.value.code) == (PreconditionRequired, "if_match_required")
    assert rh.state_of(case) == before


def test_a_stale_if_match_is_412_and_changes_nothing(case):
    stale = case.etag
    cases.case_start_review(actor=rh.regulator(), case_id=case.pk, if_match=stale)
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        cases.case_decide(
            actor=rh.regulator(), case_id=case.pk, if_match=stale, outcome="cleared", rationale="x"
        )
    assert (type(refused.value), refused.value.code) == (PreconditionFailed, "stale_case")
    assert refused.value.extra == {"etag": rh.reload(case).etag}
    assert rh.state_of(case) == before


def test_a_weak_etag_of_the_current_version_is_accepted(case):
    done = cases.case_start_review(actor=rh.regulator(), case_id=case.pk, if_match="W/" + case.etag)
    assert done.state == "in_review"


def test_reopen_needs_a_reason_and_clears_the_decision(case):
    reviewer = rh.regulator()
    case = _put_in(case, CaseState.DECIDED)
    before = rh.state_of(case)
    with pytest.raises(DomainError):
        cases.case_reopen(actor=reviewer, case_id=case.pk, if_match=case.etag, reason=" ")
    assert rh.state_of(case) == before
    done = cases.case_reopen(
        actor=reviewer,
        case_id=case.pk,
        if_match=case.etag,
        reason="Contract was forged",
        now=datetime(2026, 4, 1, 10, 0, tzinfo=UTC),
    )
    assert (done.state, done.reopen_reason, done.outcome, done.rationale) == (
        "reopened",
        "Contract was forged",
        "",
        "",
    )
    # A fresh SLA from the reopening: "high" is 72 hours.
    assert done.due_at.isoformat() == "2026-04-04T10:00:00+00:00"


def test_the_flag_sweep_is_idempotent_and_groups_a_declaration_s_flags(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    assert cases.cases_sync_flags(now=rh.OPENED_AT) == cases.SyncOutcome()
    assert Case.objects.count() == 1
    assert list(case.flags.values_list("rule_id", flat=True)) == ["CARD_CAP"]
    assert (case.state, case.severity, case.priority, str(case.amount_mad)) == (
        "open",
        "high",
        1,
        "2500000.00",
    )
    # The SLA for "high" is 72 hours from the opening.
    assert case.due_at == rh.OPENED_AT + timedelta(hours=72)


def test_a_new_breach_after_the_decision_reopens_the_case(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = _put_in(rh.flagged_case(startup_user), CaseState.DECIDED)
    # Given a later card payment of the same year, past the allowance already used up.
    later = rh.h.declare(startup_user, "10.00", date(2026, 5, 4))
    rh.h.process(later)
    outcome = cases.cases_sync_flags(now=rh.OPENED_AT + timedelta(days=1))
    assert (outcome.opened, outcome.attached, outcome.reopened) == (0, 1, 1)
    stored = rh.reload(case)
    assert (stored.state, stored.outcome, stored.payment_count, stored.amount_mad) == (
        "reopened",
        "",
        2,
        Decimal("2500010.00"),
    )
    assert stored.reopen_reason == "new breach found: CARD_CAP"
    assert rh.case_of(later) == stored


def test_a_per_payment_breach_on_a_payment_of_a_cumulative_case_is_its_own_case(
    startup_user, settings
):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = _put_in(rh.flagged_case(startup_user), CaseState.DECIDED)
    flag = case.flags.get()
    # Given a per-payment rule's flag on the same declaration (as a re-screening would raise).
    Flag.objects.create(
        declaration=case.declaration,
        participant=case.participant,
        rulebook_version=flag.rulebook_version,
        rule_id="HIGH_RISK",
        rule_kind="country_list",
        value_date=flag.value_date,
        severity="critical",
        confidence="illustrative",
        explanation_fr="x",
        explanation_en="x",
        unit="none",
        opened_at=rh.OPENED_AT,
    )
    outcome = cases.cases_sync_flags(now=rh.OPENED_AT + timedelta(days=1))
    assert (outcome.opened, outcome.attached, outcome.reopened) == (1, 0, 0)
    assert rh.reload(case).state == "decided"
    payment_case = Case.objects.get(kind="per_payment", declaration=case.declaration)
    assert (payment_case.severity, payment_case.priority, payment_case.payment_count) == (
        "critical",
        1,
        1,
    )
    assert list(payment_case.flags.values_list("rule_id", flat=True)) == ["HIGH_RISK"]


def test_round_robin_skips_unavailable_regulators_and_takes_turns(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    # One allowance breach a year: three years, three cases.
    made = [
        rh.flagged_case(startup_user, value_date=date(year, 3, 2)) for year in (2026, 2027, 2028)
    ]
    # flagged_case published the rules with two regulators; add three more, one away.
    names = ["rr-a", "rr-b", "rr-c"]
    people = [rh.regulator(username=n) for n in names]
    from backend.reviews.services.assignment import regulators

    for other in regulators().exclude(username__in=names):
        assignment.reviewer_availability_set(actor=other, available=False)
    assignment.reviewer_availability_set(actor=people[2], available=False)
    assigned = assignment.cases_auto_assign(actor=None, now=rh.OPENED_AT)
    assert assigned == len([c for c in made])
    by_case = {c.pk: rh.reload(c).assignee.username for c in made}
    owners = sorted(by_case.values())
    assert owners.count("rr-c") == 0
    assert sorted(set(owners)) == ["rr-a", "rr-b"]
    # The turn carries over: the next unassigned case goes to whoever got fewer so far.
    fewer = min(("rr-a", "rr-b"), key=owners.count)
    extra = rh.flagged_case(startup_user, value_date=date(2029, 3, 2))
    assignment.cases_auto_assign(actor=None, now=rh.OPENED_AT)
    assert rh.reload(extra).assignee.username == fewer


def test_manual_assignment_only_to_a_regulator(case, startup_user):
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        assignment.case_assign(
            actor=rh.regulator(), case_id=case.pk, if_match=case.etag, assignee_id=startup_user.pk
        )
    assert refused.value.errors[0]["pointer"] == "/assignee"
    assert rh.state_of(case) == before
    reviewer = rh.regulator()
    done = assignment.case_assign(
        actor=reviewer, case_id=case.pk, if_match=case.etag, assignee_id=reviewer.pk
    )
    assert done.assignee == reviewer


def test_bulk_assignment_is_all_or_nothing(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    first = rh.flagged_case(startup_user)
    second = rh.flagged_case(startup_user, value_date=date(2027, 3, 2))
    reviewer = rh.regulator()
    stale_second = second.etag
    cases.case_start_review(actor=reviewer, case_id=second.pk, if_match=stale_second)
    before = (rh.state_of(first), rh.state_of(second))
    with pytest.raises(DomainError) as refused:
        assignment.cases_assign_bulk(
            actor=reviewer,
            items=[BulkItem(first.pk, first.etag), BulkItem(second.pk, stale_second)],
            assignee_id=reviewer.pk,
        )
    assert isinstance(refused.value, PreconditionFailed)
    assert (rh.state_of(first), rh.state_of(second)) == before
    done = assignment.cases_assign_bulk(
        actor=reviewer,
        items=[BulkItem(first.pk, first.etag), BulkItem(second.pk, rh.reload(second).etag)],
        assignee_id=reviewer.pk,
    )
    assert sorted(c.assignee.username for c in done) == [reviewer.username] * 2


def test_answer_with_a_document_returns_to_review_and_extends_the_due_date(case, startup_user):
    reviewer = rh.regulator()
    asked = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag, now=asked)
    request = requests.case_request_create(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        kind="documents",
        message="Send the contract.",
        now=asked,
    )
    due = rh.reload(case).due_at
    requests.case_request_answer(
        actor=startup_user,
        case_id=case.pk,
        request_id=request.pk,
        if_match=rh.reload(case).etag,
        text="Here it is.",
        documents=[AnswerDocument(SimpleUploadedFile("contract.pdf", PDF), "contract")],
        now=asked + timedelta(days=2),
    )
    stored = rh.reload(case)
    answered = CaseRequest.objects.get(pk=request.pk)
    document = DeclarationDocument.objects.get(declaration=case.declaration)
    assert (stored.state, answered.status, answered.answer_text) == (
        "in_review",
        "answered",
        "Here it is.",
    )
    assert list(answered.answer_documents.all()) == [document]
    assert (document.kind, document.original_name, document.content_type) == (
        "contract",
        "contract.pdf",
        "application/pdf",
    )
    # Two days waiting for the startup do not count against the SLA.
    assert stored.due_at == due + timedelta(days=2)


def test_an_answer_with_a_forged_document_changes_nothing(case, startup_user):
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    request = requests.case_request_create(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        kind="documents",
        message="?",
    )
    before = rh.state_of(case)
    with pytest.raises(DomainError) as refused:
        requests.case_request_answer(
            actor=startup_user,
            case_id=case.pk,
            request_id=request.pk,
            if_match=rh.reload(case).etag,
            text="",
            documents=[AnswerDocument(SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00"))],
        )
    assert isinstance(refused.value, UnsupportedType)
    assert rh.state_of(case) == before
    assert CaseRequest.objects.get(pk=request.pk).status == "open"
    assert DeclarationDocument.objects.count() == 0


def test_resume_withdraws_open_requests(case):
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    request = requests.case_request_create(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        kind="explanation",
        message="?",
    )
    cases.case_resume(
        actor=reviewer, case_id=case.pk, if_match=rh.reload(case).etag, reason="Answered by phone"
    )
    assert CaseRequest.objects.get(pk=request.pk).status == "withdrawn"


def test_availability_is_stored_in_the_reviews_app(db):
    reviewer = make_user(role="regulator")
    assignment.reviewer_availability_set(actor=reviewer, available=False)
    assert ReviewerAvailability.objects.get(user=reviewer).available is False


def test_decisions_are_offered_to_the_evidence(case):
    from backend.reviews.selectors import case_decisions

    reviewer = rh.regulator()
    assert list(case_decisions()) == []
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    cases.case_decide(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        outcome="allowed_under_sandbox",
        rationale="Within the proposal.",
        waiver_evidence="Proposal CARD_CAP",
    )
    assert [(c.pk, c.outcome) for c in case_decisions()] == [(case.pk, "allowed_under_sandbox")]
