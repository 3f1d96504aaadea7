"""The per-rule coverage report of a rulebook version over a period (DESIGN.md decision 11).

It is recomputed from the current facts with the one evaluator, never kept as counters: a
counter written at screening time would have to be rewritten for every declaration amended or
withdrawn, every re-screening and every deadline that passes, and could only be cut by the
period it was stored for. Here the report reads the facts of the participants who declared in
the period (whole windows from 1 January, so running totals are the real ones), assigns each
row the versions that screen it exactly as screening does (`versions.assign`), evaluates the
version on those windows, and counts each rule's findings for the rows this version screens in
the period (`rule_engine.coverage`). Whatever the stored verdicts went through, the report says
what the rules do on today's facts; participants are read in chunks, so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from django.utils import timezone

from backend.accounts.models import Organisation
from backend.common.domain_errors import InvalidInput, NotAllowed, NotFound
from backend.common.roles import OrganisationKind, Role
from backend.common.tenancy import scoped, sees
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rule_engine import evaluate
from backend.rule_engine.coverage import (
    RuleCoverage,
    empty_coverage,
    outcome_counts,
    rule_coverage,
)
from backend.rulebooks.models import RulebookVersion, VersionStatus
from backend.screening.facts import facts_build
from backend.screening.versions import (
    ENGINE_COLUMNS,
    VersionInfo,
    assign,
    cohort_windows,
    in_force_versions,
    version_info,
)

PARTICIPANTS_PER_CHUNK = 500


@dataclass(frozen=True)
class CoverageScope:
    """What a report covers: a version, the value dates, and optionally one participant."""

    version: RulebookVersion
    date_from: date
    date_to: date
    participant_id: str | None = None


def _participants(scope: CoverageScope) -> list[str]:
    """The participants with a current declaration valued in the period."""
    queryset = (
        Declaration.objects.filter(
            is_current=True, value_date__gte=scope.date_from, value_date__lte=scope.date_to
        )
        .exclude(status=DeclarationStatus.WITHDRAWN)
        .order_by("organisation_id")
    )
    if scope.participant_id is not None:
        queryset = queryset.filter(organisation_id=scope.participant_id)
    return [str(i) for i in queryset.values_list("organisation_id", flat=True).distinct()]


def _screened(
    frame: pd.DataFrame, info: VersionInfo, participant_ids: Sequence[str], scope: CoverageScope
) -> np.ndarray:
    """The rows this version screens (as screening assigns them) valued in the period."""
    in_force = in_force_versions()
    cohorts = cohort_windows(participant_ids)
    assignment = assign(frame, in_force, cohorts)
    in_force_ids = np.array([None, *(v.id for v in in_force)], dtype=object)
    cohort_ids = np.array([None, *(c.version.id for c in cohorts)], dtype=object)
    mine = (in_force_ids[assignment.in_force + 1] == info.id) | (
        cohort_ids[assignment.cohort + 1] == info.id
    )
    days = frame["value_date"]
    inside = (
        (days >= pd.Timestamp(scope.date_from)) & (days <= pd.Timestamp(scope.date_to))
    ).to_numpy()
    return np.asarray(mine & inside, dtype=bool)


@dataclass
class CoverageCounts:
    """A version's coverage over a scope: each rule's counts, and what they were counted on."""

    rules: dict[str, RuleCoverage]
    declarations: int = 0
    participants: int = 0


def coverage_count(scope: CoverageScope, *, as_of: date) -> CoverageCounts:
    """Count each rule's coverage over the scope, a chunk of participants at a time."""
    info = version_info(scope.version)
    out = CoverageCounts(rules=empty_coverage(info.rulebook))
    ids = _participants(scope)
    start = date(scope.date_from.year, 1, 1) - timedelta(days=info.lookback_days())
    taken_at = timezone.now()
    for lo in range(0, len(ids), PARTICIPANTS_PER_CHUNK):
        chunk = ids[lo : lo + PARTICIPANTS_PER_CHUNK]
        frame = facts_build(participant_ids=chunk, start=start, taken_at=taken_at).frame
        if frame.empty:
            continue
        screened = _screened(frame, info, chunk, scope)
        if not screened.any():
            continue
        # Whole windows of the participants it screens: earlier rows count in running totals.
        owners = set(frame["participant_id"].to_numpy()[screened].tolist())
        facts = frame.loc[frame["participant_id"].isin(owners).to_numpy(), list(ENGINE_COLUMNS)]
        findings = evaluate(info.rulebook, facts, as_of=as_of).frame
        counted = frame["declaration_id"].to_numpy()[screened]
        for rule_id, cov in rule_coverage(info.rulebook, facts, findings, counted).items():
            out.rules[rule_id].add(cov)
        out.declarations += len(counted)
        out.participants += len(owners)
    return out


def _rule_entry(info: VersionInfo, cov: RuleCoverage, *, counts: bool) -> dict[str, Any]:
    rule = info.rulebook.rule(cov.rule_id)
    missing = sorted(cov.missing.items(), key=lambda item: (-item[1], item[0]))
    return {
        "rule_id": rule.id,
        "kind": rule.kind,
        "title_fr": rule.title_fr,
        "title_en": rule.title_en,
        "confidence": rule.confidence,
        "citation": rule.citation.label(),
        "status": cov.status,
        "in_scope": cov.in_scope if counts else None,
        "evaluated": cov.evaluated if counts else None,
        "not_evaluable": cov.not_evaluable if counts else None,
        "outcomes": outcome_counts(cov) if counts else None,
        "missing": [{"fact": fact, "declarations": n if counts else None} for fact, n in missing],
    }


def coverage_report(
    scope: CoverageScope, *, counts: bool = True, as_of: date | None = None
) -> dict[str, Any]:
    """The report: the scope, and per rule (rulebook order) its status and counts; without
    `counts` (what advocates get) only each rule's status and the facts it lacked."""
    as_of = as_of or timezone.localdate()
    info = version_info(scope.version)
    counted = coverage_count(scope, as_of=as_of)
    rules = [_rule_entry(info, counted.rules[r.id], counts=counts) for r in info.rulebook.rules]
    return {
        "version": {
            "id": info.id,
            "number": info.number,
            "rulebook": {"id": info.rulebook_id, "name": info.rulebook_name, "kind": info.kind},
        },
        "date_from": scope.date_from.isoformat(),
        "date_to": scope.date_to.isoformat(),
        "participant": scope.participant_id,
        "as_of": as_of.isoformat(),
        "counts_withheld": not counts,
        "declarations": counted.declarations if counts else None,
        "participants": counted.participants if counts else None,
        "rules_evaluated": sum(1 for r in rules if r["status"] == "evaluated"),
        "rules": rules,
    }


# A period longer than this is refused: the report reads every declaration of it.
MAX_PERIOD_DAYS = 3 * 366


def _version_visible(viewer: Any, version_id: Any) -> RulebookVersion:
    """A version regulators (any status) or advocates (published or retired) may report on;
    any other is missing."""
    queryset = RulebookVersion.objects.select_related("rulebook")
    if not sees(viewer, (Role.REGULATOR,)):
        queryset = queryset.exclude(status=VersionStatus.DRAFT)
    visible = scoped(queryset, viewer=viewer, every=(Role.REGULATOR, Role.ADVOCATE), own=())
    found = visible.filter(pk=version_id).first()
    if found is None:
        raise NotFound(code="not_found", detail="No such rulebook version.")
    return found


def _participant(viewer: Any, participant: Any) -> str | None:
    """The one participant a regulator asked about (None: every participant)."""
    if participant is None:
        return None
    if not sees(viewer, (Role.REGULATOR,)):
        raise NotAllowed.at(
            "/participant",
            code="participant_scope_regulators_only",
            detail="Only regulators may report on one participant.",
        )
    found = Organisation.objects.filter(pk=participant, kind=OrganisationKind.STARTUP).first()
    if found is None:
        raise InvalidInput.at(
            "/participant", code="unknown_participant", detail="No such participant."
        )
    return str(found.pk)


def _period(
    version: RulebookVersion, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    """The period asked for; by default from the version's effective date to today (at most
    MAX_PERIOD_DAYS back)."""
    end = date_to or max(timezone.localdate(), date_from or version.effective_from)
    start = date_from or max(version.effective_from, end - timedelta(days=MAX_PERIOD_DAYS))
    if end < start:
        raise InvalidInput.at(
            "/date_to", code="period_reversed", detail="The period ends before it starts."
        )
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidInput.at(
            "/date_to",
            code="period_too_long",
            detail=f"A period spans at most {MAX_PERIOD_DAYS} days.",
        )
    return start, end


def rulebook_version_coverage(
    *,
    viewer: Any,
    version_id: Any,
    date_from: date | None = None,
    date_to: date | None = None,
    participant: Any = None,
) -> dict[str, Any]:
    """The version's coverage report as the viewer may see it: a regulator's with every count,
    optionally for one participant; an advocate's with each rule's status and the facts it
    lacked, its counts withheld (they are published only through the protected evidence
    tables, where no small cell can be recovered by difference)."""
    version = _version_visible(viewer, version_id)
    start, end = _period(version, date_from, date_to)
    scope = CoverageScope(
        version=version,
        date_from=start,
        date_to=end,
        participant_id=_participant(viewer, participant),
    )
    return coverage_report(scope, counts=sees(viewer, (Role.REGULATOR,)))
