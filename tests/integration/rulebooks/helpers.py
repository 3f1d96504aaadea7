"""Builders for rulebook tests, going through the same services as production code."""

from datetime import date
from typing import Any

from backend.accounts.models import Organisation, User
from backend.audit.models import AuditEvent
from backend.common.roles import Role
from backend.rulebooks.models import Cohort, Rulebook, RulebookVersion
from backend.rulebooks.services.cohorts import cohort_activate, cohort_create
from backend.rulebooks.services.versions import (
    rulebook_create,
    rulebook_version_create_draft,
    rulebook_version_publish,
)
from tests.factories import make_organisation, make_user
from tests.unit.rulebooks.documents import small_document


def regulator(username: str = "") -> User:
    """A regulator in the shared regulator organisation."""
    org = Organisation.objects.filter(kind="regulator", name="Supervisor").first()
    org = org or make_organisation(kind="regulator", name="Supervisor")
    return make_user(role=Role.REGULATOR, organisation=org, username=username)


def rulebook(*, kind: str = "in_force", name: str = "", actor: User | None = None) -> Rulebook:
    """An empty rulebook."""
    name = name or ("Test rules in force" if kind == "in_force" else "Test proposal")
    return rulebook_create(actor=actor or regulator(), name=name, kind=kind)


def draft(
    book: Rulebook, *, editor: User, effective_from: str = "2026-01-01", cap_mad: str = "2000000.00"
) -> RulebookVersion:
    """A draft version of `book` holding the small two-rule document."""
    document = small_document(
        name=book.name, kind=book.kind, effective_from=effective_from, cap_mad=cap_mad
    )
    return rulebook_version_create_draft(actor=editor, rulebook=book, document=document)


def published(
    book: Rulebook,
    *,
    effective_from: str = "2026-01-01",
    cap_mad: str = "2000000.00",
    editor: User | None = None,
    publisher: User | None = None,
) -> RulebookVersion:
    """A published version (drafted by one regulator, published by another)."""
    version = draft(
        book, editor=editor or regulator(), effective_from=effective_from, cap_mad=cap_mad
    )
    return rulebook_version_publish(actor=publisher or regulator(), version=version)


def active_cohort(
    *, proposal: RulebookVersion, participants: list[Organisation], starts_on: date, ends_on: date
) -> Cohort:
    """An active cohort trialling `proposal` over the window."""
    cohort = cohort_create(
        actor=regulator(),
        name=f"Cohort {starts_on.isoformat()}",
        starts_on=starts_on,
        ends_on=ends_on,
        proposed_version=proposal,
        participants=participants,
    )
    return cohort_activate(actor=regulator(), cohort=cohort)


def audit_actions(obj: Any) -> list[str]:
    """The audit actions recorded for an object, oldest first."""
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )


def row_state(version: RulebookVersion) -> dict[str, Any]:
    """Everything a refused call must leave as it was."""
    row = RulebookVersion.objects.get(pk=version.pk)
    return {
        "status": row.status,
        "document": row.document,
        "content_hash": row.content_hash,
        "effective_from": row.effective_from,
        "last_edited_by": row.last_edited_by_id,
        "published_by": row.published_by_id,
        "published_at": row.published_at,
        "retired_at": row.retired_at,
        "audit": audit_actions(row),
    }
