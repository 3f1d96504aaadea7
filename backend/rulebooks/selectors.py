"""Reads: rulebooks, versions and cohorts for regulators, and which versions screen a declaration.

Tenancy (`backend.common.tenancy`): rulebooks and cohorts are the regulator's working material.
Regulators see all of them; any other viewer gets an empty queryset (the API also refuses them
with 403 before any lookup).
"""

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from backend.accounts.models import Organisation
from backend.common.domain_errors import InvalidInput, field_error
from backend.common.tenancy import scoped
from backend.rulebooks.models import (
    Cohort,
    CohortStatus,
    Rulebook,
    RulebookKind,
    RulebookVersion,
    VersionStatus,
)

# Cohorts whose proposal screens declarations: running or finished (a planned one has not run).
SCREENING_COHORT_STATUSES = (CohortStatus.ACTIVE, CohortStatus.CLOSED)


def rulebook_list(*, viewer: Any) -> QuerySet[Rulebook]:
    """Every rulebook with its versions (newest first), for a regulator."""
    queryset = Rulebook.objects.prefetch_related(
        Prefetch("versions", queryset=RulebookVersion.objects.order_by("-number"))
    ).order_by("name", "id")
    return scoped(queryset, viewer=viewer, own=())


def rulebook_get(*, viewer: Any, rulebook_id: Any) -> Rulebook:
    """One rulebook (404 when missing or not visible)."""
    return get_object_or_404(rulebook_list(viewer=viewer), pk=rulebook_id)


def rulebook_version_list(
    *, viewer: Any, filters: dict[str, Any] | None = None
) -> QuerySet[RulebookVersion]:
    """Versions, optionally filtered by rulebook, status and kind."""
    filters = filters or {}
    queryset = RulebookVersion.objects.select_related(
        "rulebook", "created_by", "last_edited_by", "published_by", "retired_by"
    ).order_by("rulebook__name", "-number", "id")
    if filters.get("rulebook"):
        queryset = queryset.filter(rulebook_id=filters["rulebook"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("kind"):
        queryset = queryset.filter(rulebook__kind=filters["kind"])
    return scoped(queryset, viewer=viewer, own=())


def rulebook_version_get(*, viewer: Any, version_id: Any) -> RulebookVersion:
    """One version (404 when missing or not visible)."""
    return get_object_or_404(rulebook_version_list(viewer=viewer), pk=version_id)


def rulebook_version_in_force_on(day: date) -> RulebookVersion | None:
    """The published in-force version with the greatest effective date on or before ``day``."""
    return (
        RulebookVersion.objects.select_related("rulebook")
        .filter(
            rulebook__kind=RulebookKind.IN_FORCE,
            status=VersionStatus.PUBLISHED,
            effective_from__lte=day,
        )
        .order_by("-effective_from", "-published_at", "-id")
        .first()
    )


def cohort_covering(*, participant: Organisation, value_date: date) -> Cohort | None:
    """The running or finished cohort of this participant whose test window covers the date."""
    return (
        Cohort.objects.select_related("proposed_version__rulebook")
        .filter(
            participants=participant,
            status__in=SCREENING_COHORT_STATUSES,
            starts_on__lte=value_date,
            ends_on__gte=value_date,
        )
        .order_by("starts_on", "id")
        .first()
    )


def rulebook_versions_screening(
    *, participant: Organisation, value_date: date
) -> list[RulebookVersion]:
    """Which versions screen a declaration (issue 5, item 3).

    Always the in-force version effective on the value date; plus the cohort's proposed version
    when the participant is in a cohort whose window covers that date.
    """
    versions: list[RulebookVersion] = []
    in_force = rulebook_version_in_force_on(value_date)
    if in_force is not None:
        versions.append(in_force)
    cohort = cohort_covering(participant=participant, value_date=value_date)
    if cohort is not None:
        versions.append(cohort.proposed_version)
    return versions


def governing_version(*, participant: Organisation, value_date: date) -> RulebookVersion | None:
    """The version that governs the participant on that date (issue 5, item 6).

    The cohort's proposal inside its test window, otherwise the rules in force.
    """
    cohort = cohort_covering(participant=participant, value_date=value_date)
    if cohort is not None:
        return cohort.proposed_version
    return rulebook_version_in_force_on(value_date)


def cohort_list(*, viewer: Any, filters: dict[str, Any] | None = None) -> QuerySet[Cohort]:
    """Cohorts, newest window first, optionally filtered by status or participant."""
    filters = filters or {}
    queryset = (
        Cohort.objects.select_related("proposed_version__rulebook")
        .prefetch_related(Prefetch("participants", queryset=Organisation.objects.order_by("name")))
        .order_by("-starts_on", "name", "id")
    )
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("participant"):
        queryset = queryset.filter(participants=filters["participant"])
    return scoped(queryset, viewer=viewer, own=())


def cohort_get(*, viewer: Any, cohort_id: Any) -> Cohort:
    """One cohort (404 when missing or not visible)."""
    return get_object_or_404(cohort_list(viewer=viewer), pk=cohort_id)


def cohort_participants(*, cohort: Cohort) -> QuerySet[Organisation]:
    """A cohort's participants, by name."""
    return cohort.participants.select_related("participant").order_by("name", "id")


def in_force_versions_between(start: date, end: date) -> QuerySet[RulebookVersion]:
    """Published in-force versions effective at some point of [start, end], by effective date."""
    first = rulebook_version_in_force_on(start)
    queryset = RulebookVersion.objects.filter(
        rulebook__kind=RulebookKind.IN_FORCE,
        status=VersionStatus.PUBLISHED,
        effective_from__gt=start,
        effective_from__lte=end,
    )
    if first is not None:
        queryset = RulebookVersion.objects.filter(Q(pk=first.pk) | Q(pk__in=queryset))
    return queryset.select_related("rulebook").order_by("effective_from", "id")


def _referenced(queryset: QuerySet[Any], pk: Any, pointer: str) -> Any:
    """An object a request body names; a missing or invisible one is refused at its pointer
    (the body names nothing: not a missing address)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(
            code="does_not_exist",
            detail=f"{pointer}: no such object.",
            errors=[field_error(pointer, "does_not_exist", "No such object.")],
        )
    return found


def rulebook_referenced(*, viewer: Any, rulebook_id: Any, pointer: str) -> Rulebook:
    """A rulebook a request body names (see `_referenced`)."""
    found: Rulebook = _referenced(rulebook_list(viewer=viewer), rulebook_id, pointer)
    return found


def rulebook_version_referenced(*, viewer: Any, version_id: Any, pointer: str) -> RulebookVersion:
    """A rulebook version a request body names (see `_referenced`)."""
    found: RulebookVersion = _referenced(rulebook_version_list(viewer=viewer), version_id, pointer)
    return found
