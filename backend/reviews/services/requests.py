"""Requests to startups and their answers, and regulators' internal notes."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.common.domain_errors import Conflict, InvalidInput
from backend.declarations.services.documents import declaration_document_attach
from backend.notifications.services import notifications_request_created
from backend.reviews.models import CaseNote, CaseRequest, RequestKind, RequestStatus
from backend.reviews.services.base import case_lock, case_save, check_transition, snapshot
from backend.reviews.services.cases import case_resume_clock, required_text
from backend.reviews.states import CaseAction

# Enough for a contract, an invoice and a proof of payment; more belongs in several answers.
MAX_ANSWER_DOCUMENTS = 5


@transaction.atomic
def case_request_create(
    *,
    actor: User,
    case_id: Any,
    if_match: str | None,
    kind: str,
    message: str,
    now: datetime | None = None,
) -> CaseRequest:
    """Ask the startup for documents or an explanation; the case then awaits the startup."""
    text = required_text(message, pointer="/message", what="A message to the startup")
    if kind not in RequestKind.values:
        kind = RequestKind.EXPLANATION
    case = case_lock(case_id=case_id, if_match=if_match)
    target = check_transition(case, CaseAction.REQUEST)
    before = snapshot(case)
    now = now or timezone.now()
    request = CaseRequest.objects.create(
        case=case, kind=kind, message=text, asked_by=actor, asked_at=now
    )
    case.state = target
    case.awaiting_since = now
    case_save(
        case=case,
        actor=actor,
        action="case.request",
        before=before,
        now=now,
        extra={"request": str(request.pk), "kind": kind, "message": text},
    )
    notifications_request_created(
        organisation=case.participant,
        declaration_id=case.declaration_id,
        reference=case.declaration.reference,
        request_kind=kind,
        message=text,
        request_id=request.pk,
    )
    return request


@dataclass(frozen=True)
class AnswerDocument:
    """A file the startup attaches to its answer, and what kind of document it is."""

    upload: UploadedFile
    kind: str = "other"


@transaction.atomic
def case_request_answer(
    *,
    actor: User,
    case_id: Any,
    request_id: Any,
    if_match: str | None,
    text: str,
    documents: Sequence[AnswerDocument] = (),
    now: datetime | None = None,
) -> CaseRequest:
    """The startup answers a request with text and documents; the case returns to review.

    Documents are attached to the declaration itself (same checks as any supporting document),
    so they stay with the payment they justify.
    """
    answer = (text or "").strip()
    if not answer and not documents:
        required_text("", pointer="/text", what="An answer (text or documents)")
    if len(documents) > MAX_ANSWER_DOCUMENTS:
        raise InvalidInput(
            code="validation_error",
            detail=f"At most {MAX_ANSWER_DOCUMENTS} documents per answer.",
            errors=[{"pointer": "/files", "code": "too_many", "detail": "Too many files."}],
        )
    case = case_lock(case_id=case_id, if_match=if_match)
    request = CaseRequest.objects.select_for_update().get(pk=request_id, case=case)
    if request.status != RequestStatus.OPEN:
        raise Conflict(
            code="request_not_open",
            detail=f"This request is {request.status}: it takes no answer.",
            extra={"status": request.status},
        )
    target = check_transition(case, CaseAction.ANSWER)
    before = snapshot(case)
    now = now or timezone.now()
    attached = [
        declaration_document_attach(
            actor=actor, declaration=case.declaration, upload=d.upload, kind=d.kind
        )
        for d in documents
    ]
    request.status = RequestStatus.ANSWERED
    request.answer_text = answer
    request.answered_by = actor
    request.answered_at = now
    request.save()
    request.answer_documents.add(*attached)
    case_resume_clock(case, now)
    case.state = target
    case_save(
        case=case,
        actor=actor,
        action="case.answer",
        before=before,
        now=now,
        extra={
            "request": str(request.pk),
            "text": answer,
            "documents": [str(d.pk) for d in attached],
        },
    )
    return request


@transaction.atomic
def case_note_add(
    *, actor: User, case_id: Any, if_match: str | None, body: str, now: datetime | None = None
) -> CaseNote:
    """Add a regulator's internal note (never visible to the startup)."""
    text = required_text(body, pointer="/body", what="A note")
    case = case_lock(case_id=case_id, if_match=if_match)
    before = snapshot(case)
    note = CaseNote.objects.create(
        case=case, author=actor, body=text, created_at=now or timezone.now()
    )
    case_save(
        case=case,
        actor=actor,
        action="case.comment",
        before=before,
        now=now,
        extra={"note": str(note.pk), "body": text},
    )
    return note
