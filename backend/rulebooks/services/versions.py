"""Rulebooks and the lifecycle of their versions: draft → published (immutable) → retired."""

import copy
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, InvalidInput
from backend.common.events import Event, event_publish
from backend.common.roles import Role
from backend.notifications.services import notifications_review_requested
from backend.rulebooks.documents import (
    DOCUMENT_POINTER,
    document_effective_from,
    document_errors,
    document_hash,
    document_to_json,
    invalid_document_problem,
)
from backend.rulebooks.models import (
    CohortStatus,
    Rulebook,
    RulebookKind,
    RulebookVersion,
    VersionStatus,
)
from backend.rulebooks.selectors import rulebook_version_in_force_on

# The lifecycle: which action each status still allows (the 409 answers list them).
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    VersionStatus.DRAFT: ("update", "publish"),
    VersionStatus.PUBLISHED: ("retire",),
    VersionStatus.RETIRED: (),
}


def version_snapshot(version: RulebookVersion) -> dict[str, Any]:
    """The audited state of a version (the document itself is identified by its hash)."""
    return {
        "rulebook": str(version.rulebook_id),
        "number": version.number,
        "status": version.status,
        "content_hash": version.content_hash,
        "effective_from": version.effective_from.isoformat(),
        "rule_ids": [rule["id"] for rule in version.document.get("rules", [])],
    }


def _transition_refused(version: RulebookVersion, action: str) -> Conflict:
    allowed = list(ALLOWED_TRANSITIONS[version.status])
    return Conflict(
        code="invalid_transition",
        detail=(
            f"Cannot {action} a {version.status} version"
            + (f"; allowed: {', '.join(allowed)}." if allowed else "; it allows no further action.")
        ),
        extra={"current_status": version.status, "allowed_transitions": allowed},
    )


def _lock(version: RulebookVersion) -> RulebookVersion:
    """Re-read the version under a row lock, so two concurrent transitions serialise."""
    return RulebookVersion.objects.select_for_update().select_related("rulebook").get(pk=version.pk)


def in_force_document_for(document: Any) -> Any:
    """The document of the rules in force on a (JSON-safe) proposal's effective date, which
    its official and press tags are checked against (None for in-force documents)."""
    header = document.get("rulebook") if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("kind") != RulebookKind.PROPOSED:
        return None
    try:
        day = document_effective_from(document)
    except (KeyError, TypeError, ValueError):
        return None  # the schema reports the missing or malformed date
    in_force = rulebook_version_in_force_on(day)
    return in_force.document if in_force is not None else None


def _checked_document(document: Any, *, rulebook: Rulebook) -> dict[str, Any]:
    """The JSON-safe document; else InvalidInput listing every error with its pointer."""
    stored = document_to_json(document)
    errors = document_errors(
        stored,
        expected_name=rulebook.name,
        expected_kind=rulebook.kind,
        in_force_document=in_force_document_for(stored),
    )
    if errors:
        raise invalid_document_problem(errors)
    return dict(stored)


@transaction.atomic
def rulebook_create(
    *,
    actor: User,
    name: str,
    kind: str,
    description: str = "",
    name_fr: str = "",
    name_en: str = "",
) -> Rulebook:
    """Create an empty rulebook; its first version is a draft created next. `name_fr` and
    `name_en` are the name as people read it (default: `name`)."""
    if Rulebook.objects.filter(name=name).exists():
        raise InvalidInput(
            code="duplicate_name",
            detail=f"A rulebook named {name!r} already exists.",
            errors=[{"pointer": "/name", "code": "unique", "detail": "This name is taken."}],
        )
    rulebook = Rulebook.objects.create(
        name=name,
        name_fr=name_fr or name,
        name_en=name_en or name,
        kind=kind,
        description=description,
    )
    audit_record(
        actor=actor,
        action="rulebook.create",
        obj=rulebook,
        after={
            "name": name,
            "name_fr": rulebook.name_fr,
            "name_en": rulebook.name_en,
            "kind": kind,
            "description": description,
        },
    )
    return rulebook


@transaction.atomic
def rulebook_version_create_draft(
    *,
    actor: User,
    rulebook: Rulebook,
    document: Any = None,
    base_version: RulebookVersion | None = None,
) -> RulebookVersion:
    """A new draft numbered after the rulebook's last version, from a document or a copy.

    Copying a version of another rulebook (e.g. starting a proposal from the rules in force)
    rewrites the document's rulebook header to this rulebook.
    """
    if (document is None) == (base_version is None):
        raise InvalidInput(
            code="document_or_base_version",
            detail="Give either a document or a base version to copy, not both or neither.",
            errors=[
                {
                    "pointer": DOCUMENT_POINTER,
                    "code": "document_or_base_version",
                    "detail": "Give a document, or base_version, exactly one of them.",
                }
            ],
        )
    if base_version is not None:
        document = copy.deepcopy(base_version.document)
        document["rulebook"] = {
            "name": rulebook.name,
            "kind": rulebook.kind,
            "title": {"fr": rulebook.name_fr, "en": rulebook.name_en},
        }
    stored = _checked_document(document, rulebook=rulebook)
    # Lock the rulebook row: numbers are sequential and two drafts must not take the same one.
    Rulebook.objects.select_for_update().get(pk=rulebook.pk)
    last = RulebookVersion.objects.filter(rulebook=rulebook).aggregate(n=Max("number"))["n"]
    now = timezone.now()
    version = RulebookVersion.objects.create(
        rulebook=rulebook,
        number=(last or 0) + 1,
        status=VersionStatus.DRAFT,
        document=stored,
        content_hash=document_hash(stored),
        effective_from=document_effective_from(stored),
        based_on=base_version,
        created_by=actor,
        created_at=now,
        last_edited_by=actor,
        last_edited_at=now,
    )
    audit_record(
        actor=actor,
        action="rulebook_version.create_draft",
        obj=version,
        after={
            **version_snapshot(version),
            "based_on": str(base_version.pk) if base_version else None,
        },
    )
    return version


@transaction.atomic
def rulebook_version_update_draft(
    *, actor: User, version: RulebookVersion, document: Any
) -> RulebookVersion:
    """Replace a draft's document (validated); the editor becomes its last editor."""
    version = _lock(version)
    if version.status != VersionStatus.DRAFT:
        raise _transition_refused(version, "update")
    stored = _checked_document(document, rulebook=version.rulebook)
    before = version_snapshot(version)
    version.document = stored
    version.content_hash = document_hash(stored)
    version.effective_from = document_effective_from(stored)
    version.last_edited_by = actor
    version.last_edited_at = timezone.now()
    version.save()
    audit_record(
        actor=actor,
        action="rulebook_version.update_draft",
        obj=version,
        before=before,
        after=version_snapshot(version),
    )
    return version


def _previous_in_force_date(version: RulebookVersion) -> date | None:
    """The latest effective date among published in-force versions (one timeline for them all)."""
    latest: date | None = (
        RulebookVersion.objects.filter(
            rulebook__kind=RulebookKind.IN_FORCE, status=VersionStatus.PUBLISHED
        )
        .exclude(pk=version.pk)
        .aggregate(d=Max("effective_from"))["d"]
    )
    return latest


@transaction.atomic
def rulebook_version_publish(
    *, actor: User, version: RulebookVersion, effective_from: date | None = None
) -> RulebookVersion:
    """Publish a draft (four eyes: not by its last editor); its content is frozen from now on.

    ``effective_from`` (default: the date the document states) is written into the document
    before it is frozen. An in-force version must take effect after every published one, so the
    in-force timeline only ever grows forward.
    """
    version = _lock(version)
    if version.status != VersionStatus.DRAFT:
        raise _transition_refused(version, "publish")
    if version.last_edited_by_id is not None and version.last_edited_by_id == actor.pk:
        raise Conflict(
            code="four_eyes",
            detail=("You edited this draft last: another regulator must review and publish it."),
            extra={"last_edited_by": actor.get_username()},
        )
    effective = effective_from or version.effective_from
    if version.rulebook.kind == RulebookKind.IN_FORCE:
        previous = _previous_in_force_date(version)
        if previous is not None and effective <= previous:
            raise Conflict(
                code="effective_from_not_after_previous",
                detail=(
                    f"An in-force version must take effect after {previous.isoformat()}, the "
                    "effective date of the latest published one."
                ),
                extra={"previous_effective_from": previous.isoformat()},
            )
    before = version_snapshot(version)
    document = copy.deepcopy(version.document)
    document["version"]["effective_from"] = effective.isoformat()
    stored = _checked_document(document, rulebook=version.rulebook)
    version.document = stored
    version.content_hash = document_hash(stored)
    version.effective_from = effective
    version.status = VersionStatus.PUBLISHED
    version.published_by = actor
    version.published_at = timezone.now()
    version.save()
    audit_record(
        actor=actor,
        action="rulebook_version.publish",
        obj=version,
        before=before,
        after=version_snapshot(version),
    )
    # Every declaration from the effective year is screened again by the new timeline: the
    # processing room starts a re-screening run once this publication commits.
    event_publish(Event.RULEBOOK_VERSION_PUBLISHED, rulebook_version_id=str(version.pk))
    return version


@transaction.atomic
def rulebook_version_retire(*, actor: User, version: RulebookVersion) -> RulebookVersion:
    """Retire a published version: it no longer screens anything; its content stays as it was."""
    version = _lock(version)
    if version.status != VersionStatus.PUBLISHED:
        raise _transition_refused(version, "retire")
    in_use = list(
        version.cohorts.filter(status__in=[CohortStatus.PLANNED, CohortStatus.ACTIVE])
        .order_by("name")
        .values_list("name", flat=True)
    )
    if in_use:
        raise Conflict(
            code="version_in_use",
            detail=f"Cohorts still trial this version: {', '.join(in_use)}. Close them first.",
            extra={"cohorts": in_use},
        )
    before = version_snapshot(version)
    version.status = VersionStatus.RETIRED
    version.retired_by = actor
    version.retired_at = timezone.now()
    version.save()
    audit_record(
        actor=actor,
        action="rulebook_version.retire",
        obj=version,
        before=before,
        after=version_snapshot(version),
    )
    return version


@transaction.atomic
def rulebook_version_request_review(
    *, actor: User, version: RulebookVersion, reviewer_id: Any = None
) -> RulebookVersion:
    """Ask a second regulator (one named, or every other one) to review a draft before it is
    published (four eyes: its last editor cannot publish it); they are notified."""
    version = _lock(version)
    if version.status != VersionStatus.DRAFT:
        raise _transition_refused(version, "request_review")
    reviewer = None
    if reviewer_id is not None:
        reviewer = (
            User.objects.filter(pk=reviewer_id, membership__role=Role.REGULATOR, is_active=True)
            .exclude(pk=actor.pk)
            .first()
        )
        if reviewer is None:
            raise InvalidInput(
                code="invalid_reviewer",
                detail="The reviewer must be another active regulator.",
                errors=[{"pointer": "/reviewer", "code": "invalid_reviewer", "detail": "Unknown."}],
            )
    audit_record(
        actor=actor,
        action="rulebook_version.request_review",
        obj=version,
        after={"reviewer": reviewer.get_username() if reviewer else "every other regulator"},
    )
    rulebook = version.rulebook
    notifications_review_requested(
        requested_by=actor,
        reviewer=reviewer,
        version_id=version.pk,
        rulebook_name_fr=rulebook.name_fr,
        rulebook_name_en=rulebook.name_en,
        number=version.number,
    )
    return version
