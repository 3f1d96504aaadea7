"""Builders for review tests: a real flagged declaration (declared, converted and screened by the
pipeline with the small test rulebook), turned into a case by the flag sweep."""

from datetime import UTC, date, datetime
from typing import Any

from backend.accounts.models import User
from backend.audit.models import AuditEvent
from backend.reviews.models import Case, CaseNote, CaseRequest
from backend.reviews.services.cases import cases_sync_flags
from backend.rulebooks.models import RulebookVersion
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening import helpers as h

# The small rulebook caps card payments at 2,000,000 MAD a year (severity "high"): one payment
# of 2,500,000 MAD breaches it, a 1,000 MAD one does not.
BREACHING_MAD = "2500000.00"
VALUE_DATE = date(2026, 3, 2)
OPENED_AT = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def flagged_case(
    owner: User,
    *,
    amount: str = BREACHING_MAD,
    now: datetime = OPENED_AT,
    value_date: date = VALUE_DATE,
) -> Case:
    """The case holding a new flagged declaration of `owner`'s organisation: the card
    allowance's case of the value date's year (a later payment of the year joins it)."""
    if not RulebookVersion.objects.filter(status="published").exists():
        h.in_force()
    declaration = h.declare(owner, amount, value_date)
    h.process(declaration)
    cases_sync_flags(now=now)
    return case_of(declaration)


def case_of(declaration: Any) -> Case:
    """The one case holding `declaration`."""
    return Case.objects.get(payments__declaration=declaration)


def reload(case: Case) -> Case:
    """The case as stored now."""
    return Case.objects.get(pk=case.pk)


def state_of(case: Case) -> dict[str, Any]:
    """Everything a refused change must leave as it was."""
    fresh = reload(case)
    return {
        "state": fresh.state,
        "version": fresh.version,
        "assignee": fresh.assignee_id,
        "outcome": fresh.outcome,
        "rationale": fresh.rationale,
        "due_at": fresh.due_at,
        "requests": CaseRequest.objects.filter(case=case).count(),
        "notes": CaseNote.objects.filter(case=case).count(),
        "audit": AuditEvent.objects.filter(object_id=str(case.pk)).count(),
    }


__all__ = ["regulator"]
