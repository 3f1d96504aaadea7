"""Sandbox cohorts: create, update, add participants, activate, close, delete while planned."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Organisation, User
from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, InvalidInput
from backend.common.roles import OrganisationKind
from backend.rulebooks.models import (
    Cohort,
    CohortStatus,
    FlagPolicy,
    RulebookKind,
    RulebookVersion,
    VersionStatus,
)

# Recorded as the actor when the seed loader (no signed-in user) creates the demo cohort.
SYSTEM_ACTOR = "load_rulebooks"
COHORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CohortStatus.PLANNED: ("update", "add_participants", "activate", "delete"),
    CohortStatus.ACTIVE: ("update", "add_participants", "close"),
    CohortStatus.CLOSED: (),
}
# Once a cohort runs, declarations have been screened under its proposal from its start date:
# only its name, flag policy and end date may still change.
ACTIVE_EDITABLE = frozenset({"name", "flag_policy", "ends_on"})


@dataclass(frozen=True)
class CohortChanges:
    """Fields of a cohort to change; None leaves a field as it is."""

    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    proposed_version: RulebookVersion | None = None
    flag_policy: str | None = None

    def given(self) -> dict[str, Any]:
        """Only the fields that were set."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


def cohort_snapshot(cohort: Cohort) -> dict[str, Any]:
    """The audited state of a cohort."""
    return {
        "name": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "proposed_version": str(cohort.proposed_version_id),
        "status": cohort.status,
        "flag_policy": cohort.flag_policy,
        "participants": sorted(str(pk) for pk in cohort.participants.values_list("pk", flat=True)),
    }


def _refused(cohort: Cohort, action: str) -> Conflict:
    allowed = list(COHORT_TRANSITIONS[cohort.status])
    return Conflict(
        code="invalid_transition",
        detail=f"Cannot {action.replace('_', ' ')} a {cohort.status} cohort"
        + (f"; allowed: {', '.join(allowed)}." if allowed else "; it allows no further action."),
        extra={"current_status": cohort.status, "allowed_transitions": allowed},
    )


def _field_problem(pointer: str, code: str, detail: str) -> InvalidInput:
    return InvalidInput(
        code=code,
        detail=detail,
        errors=[{"pointer": pointer, "code": code, "detail": detail}],
    )


def _check_proposal(version: RulebookVersion) -> None:
    if version.status != VersionStatus.PUBLISHED or version.rulebook.kind != RulebookKind.PROPOSED:
        raise _field_problem(
            "/proposed_version",
            "not_a_published_proposal",
            "A cohort trials a published version of a proposed rulebook.",
        )


def _check_window(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise _field_problem(
            "/ends_on", "window_reversed", "The test window must end on or after its start."
        )


def _check_no_overlap(
    *, cohort_id: Any, organisations: Sequence[Organisation], starts_on: date, ends_on: date
) -> None:
    """A participant trials one proposal at a time, so the governing rulebook is unambiguous."""
    membership = Cohort.participants.through.objects
    found = list(
        membership.filter(
            organisation__in=organisations,
            cohort__starts_on__lte=ends_on,
            cohort__ends_on__gte=starts_on,
        )
        .exclude(cohort_id=cohort_id)
        .order_by("cohort__name", "organisation__name")
        .values_list("cohort__name", "organisation__name")
    )
    if found:
        raise Conflict(
            code="participant_in_overlapping_cohort",
            detail="; ".join(f"{org} is already in {name}" for name, org in found)
            + " over an overlapping window.",
            extra={"clashes": [{"cohort": name, "participant": org} for name, org in found]},
        )


def _check_startups(organisations: Sequence[Organisation]) -> None:
    for index, organisation in enumerate(organisations):
        if organisation.kind != OrganisationKind.STARTUP:
            raise _field_problem(
                f"/participants/{index}",
                "not_a_startup",
                f"{organisation.name} is not a startup: only startups join a cohort.",
            )


def _check_name_free(name: str, *, cohort_id: Any = None) -> None:
    if Cohort.objects.filter(name=name).exclude(pk=cohort_id).exists():
        raise _field_problem("/name", "unique", f"A cohort named {name!r} already exists.")


def _lock(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


@transaction.atomic
def cohort_create(
    *,
    actor: User | None,
    name: str,
    starts_on: date,
    ends_on: date,
    proposed_version: RulebookVersion,
    flag_policy: str = FlagPolicy.GOVERNING_ONLY,
    participants: Sequence[Organisation] = (),
) -> Cohort:
    """A planned cohort trialling a published proposal over a test window."""
    _check_name_free(name)
    _check_window(starts_on, ends_on)
    _check_proposal(proposed_version)
    _check_startups(participants)
    _check_no_overlap(
        cohort_id=None, organisations=participants, starts_on=starts_on, ends_on=ends_on
    )
    cohort = Cohort.objects.create(
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        proposed_version=proposed_version,
        flag_policy=flag_policy,
        created_by=actor,
    )
    cohort.participants.set(participants)
    audit_record(
        actor=actor,
        actor_username="" if actor else SYSTEM_ACTOR,
        action="cohort.create",
        obj=cohort,
        after=cohort_snapshot(cohort),
    )
    return cohort


@transaction.atomic
def cohort_update(*, actor: User, cohort: Cohort, changes: CohortChanges) -> Cohort:
    """Change a planned cohort freely; a running one only its name, flag policy and end date."""
    cohort = _lock(cohort)
    given = changes.given()
    if "update" not in COHORT_TRANSITIONS[cohort.status]:
        raise _refused(cohort, "update")
    if cohort.status == CohortStatus.ACTIVE and set(given) - ACTIVE_EDITABLE:
        frozen = sorted(set(given) - ACTIVE_EDITABLE)
        raise Conflict(
            code="cohort_running",
            detail=f"An active cohort keeps its {', '.join(frozen)}.",
            extra={"fields": frozen, "editable": sorted(ACTIVE_EDITABLE)},
        )
    if changes.name is not None:
        _check_name_free(changes.name, cohort_id=cohort.pk)
    if changes.proposed_version is not None:
        _check_proposal(changes.proposed_version)
    starts_on = changes.starts_on or cohort.starts_on
    ends_on = changes.ends_on or cohort.ends_on
    _check_window(starts_on, ends_on)
    _check_no_overlap(
        cohort_id=cohort.pk,
        organisations=list(cohort.participants.all()),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    before = cohort_snapshot(cohort)
    for field, value in given.items():
        setattr(cohort, field, value)
    cohort.save()
    audit_record(
        actor=actor,
        action="cohort.update",
        obj=cohort,
        before=before,
        after=cohort_snapshot(cohort),
    )
    return cohort


@transaction.atomic
def cohort_add_participants(
    *, actor: User | None, cohort: Cohort, organisations: Sequence[Organisation]
) -> Cohort:
    """Add startups to a planned or active cohort (adding a member again changes nothing)."""
    cohort = _lock(cohort)
    if "add_participants" not in COHORT_TRANSITIONS[cohort.status]:
        raise _refused(cohort, "add_participants")
    _check_startups(organisations)
    current = set(cohort.participants.values_list("pk", flat=True))
    new = [o for o in organisations if o.pk not in current]
    if not new:
        return cohort
    _check_no_overlap(
        cohort_id=cohort.pk, organisations=new, starts_on=cohort.starts_on, ends_on=cohort.ends_on
    )
    before = cohort_snapshot(cohort)
    cohort.participants.add(*new)
    audit_record(
        actor=actor,
        actor_username="" if actor else SYSTEM_ACTOR,
        action="cohort.add_participants",
        obj=cohort,
        before=before,
        after=cohort_snapshot(cohort),
    )
    return cohort


@transaction.atomic
def cohort_activate(*, actor: User | None, cohort: Cohort) -> Cohort:
    """Start the trial: from now on its participants are screened under the proposal too."""
    cohort = _lock(cohort)
    if "activate" not in COHORT_TRANSITIONS[cohort.status]:
        raise _refused(cohort, "activate")
    _check_proposal(cohort.proposed_version)
    before = cohort_snapshot(cohort)
    cohort.status = CohortStatus.ACTIVE
    cohort.save(update_fields=["status"])
    audit_record(
        actor=actor,
        actor_username="" if actor else SYSTEM_ACTOR,
        action="cohort.activate",
        obj=cohort,
        before=before,
        after=cohort_snapshot(cohort),
    )
    return cohort


@transaction.atomic
def cohort_close(*, actor: User, cohort: Cohort, closed_on: date | None = None) -> Cohort:
    """End the trial; closing early ends the test window on the closing date.

    The window is kept (not erased) so past declarations stay screened as they were.
    """
    cohort = _lock(cohort)
    if "close" not in COHORT_TRANSITIONS[cohort.status]:
        raise _refused(cohort, "close")
    day = closed_on or timezone.localdate()
    if day < cohort.starts_on:
        raise Conflict(
            code="cohort_not_started",
            detail=(
                f"The test window starts on {cohort.starts_on.isoformat()}: move or shorten it "
                "rather than closing a trial that never ran."
            ),
        )
    before = cohort_snapshot(cohort)
    cohort.status = CohortStatus.CLOSED
    cohort.ends_on = min(cohort.ends_on, day)
    cohort.closed_at = timezone.now()
    cohort.save(update_fields=["status", "ends_on", "closed_at"])
    audit_record(
        actor=actor, action="cohort.close", obj=cohort, before=before, after=cohort_snapshot(cohort)
    )
    return cohort


@transaction.atomic
def cohort_delete(*, actor: User, cohort: Cohort) -> None:
    """Delete a cohort that never ran (a planned one)."""
    cohort = _lock(cohort)
    if "delete" not in COHORT_TRANSITIONS[cohort.status]:
        raise _refused(cohort, "delete")
    before = cohort_snapshot(cohort)
    audit_record(actor=actor, action="cohort.delete", obj=cohort, before=before)
    cohort.delete()
