"""A payment simulated before it is made: what declaring it would give, with nothing stored.

The planned payment becomes an unsaved declaration, converted by the rates app exactly as
`conversion_apply` would convert it, added to the participant's facts as if it were stored, and
screened by the same versions, the same assignment to cohorts and the same engine call as live
screening. Only its own verdicts are kept, with the headroom its year would have afterwards.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Organisation
from backend.declarations.models import Declaration, DeclarationStatus
from backend.declarations.services.declarations import DeclarationChanges
from backend.rates.conversion import conversion_quote
from backend.rates.models import Conversion
from backend.rule_engine import ENGINE_VERSION
from backend.rulebooks.models import RulebookVersion
from backend.screening.columns import (
    fact_lists,
    ints,
    optional_dates,
    optional_ints,
    string_lists,
    texts,
    texts_or_empty,
)
from backend.screening.facts import facts_build, hypothetical_row
from backend.screening.models import Finding
from backend.screening.selectors import KIND_ORDER, headroom_rows, verdict_data
from backend.screening.serializers import finding_data
from backend.screening.versions import (
    CohortWindow,
    VersionInfo,
    VersionResult,
    assign,
    cohort_windows,
    in_force_versions,
    run_versions,
)


@dataclass(frozen=True)
class Simulation:
    """What declaring the payment would give: its conversion (None: it would wait for a rate),
    its verdict under each rulebook, and the allowances left after it."""

    conversion: Conversion | None
    verdicts: list[dict[str, Any]]
    headroom_after: list[dict[str, Any]]


def _lookback(in_force: list[VersionInfo], cohorts: list[CohortWindow]) -> int:
    versions = [*in_force, *(c.version for c in cohorts)]
    return max((v.lookback_days() for v in versions), default=0)


def _findings(result: VersionResult, declaration_id: str) -> list[dict[str, Any]]:
    """The simulated payment's findings under one version, shaped as stored ones are shown."""
    f = result.findings
    if f.empty:
        return []
    f = f[f["declaration_id"].astype(str) == declaration_id]
    columns = zip(
        texts(f, "rule_id"),
        texts(f, "rule_kind"),
        texts(f, "outcome"),
        optional_ints(f, "measured_minor"),
        optional_ints(f, "limit_minor"),
        texts(f, "unit"),
        optional_dates(f, "window_start"),
        optional_dates(f, "window_end"),
        string_lists(f, "contributing"),
        ints(f, "contributing_count"),
        fact_lists(f, "missing_facts"),
        texts(f, "explanation_fr"),
        texts(f, "explanation_en"),
        texts(f, "severity"),
        texts(f, "confidence"),
        texts_or_empty(f, "citation"),
        strict=True,
    )
    rows = [
        # Unsaved: the model only carries the values to the one function that shows findings.
        Finding(
            rule_id=rule_id,
            rule_kind=rule_kind,
            outcome=outcome,
            measured_minor=measured,
            limit_minor=limit,
            unit=unit,
            window_start=window_start,
            window_end=window_end,
            # The simulated payment itself has no id anyone could open.
            contributing=[c for c in contributing if c != declaration_id],
            # The count is the total's: the simulated payment is part of it.
            contributing_count=contributing_count,
            missing_facts=missing,
            explanation_fr=explanation_fr,
            explanation_en=explanation_en,
            severity=severity,
            confidence=confidence,
            citation=citation,
        )
        for (
            rule_id,
            rule_kind,
            outcome,
            measured,
            limit,
            unit,
            window_start,
            window_end,
            contributing,
            contributing_count,
            missing,
            explanation_fr,
            explanation_en,
            severity,
            confidence,
            citation,
        ) in columns
    ]
    return [finding_data(row) for row in sorted(rows, key=lambda row: row.rule_id)]


def _verdicts(declaration: Declaration, row: tuple[Any, ...], as_of: date) -> list[dict[str, Any]]:
    """The payment's verdict under every version that would screen it, as live screening runs
    them: the participant's facts from its window's look-back on, the payment among them."""
    participant = str(declaration.organisation_id)
    in_force = in_force_versions()
    cohorts = cohort_windows([participant])
    since = date(declaration.value_date.year, 1, 1)
    bundle = facts_build(
        participant_ids=[participant],
        start=since - timedelta(days=_lookback(in_force, cohorts)),
        taken_at=timezone.now(),
        extra_rows=[row],
    )
    frame = bundle.frame
    target = str(declaration.pk)
    screened = (frame["declaration_id"].astype(str) == target).to_numpy()
    assignment = assign(frame, in_force, cohorts)
    governed_by_cohort = bool((assignment.cohort[screened] >= 0).any())
    jobs: list[tuple[VersionInfo, np.ndarray, bool]] = [
        (version, screened & (assignment.in_force == i), False)
        for i, version in enumerate(in_force)
    ]
    jobs += [
        (cohort.version, screened & (assignment.cohort == i), True)
        for i, cohort in enumerate(cohorts)
    ]
    jobs = [job for job in jobs if job[1].any()]
    results = run_versions([(version, rows) for version, rows, _ in jobs], frame, as_of=as_of)
    models = {
        str(pk): model
        for pk, model in RulebookVersion.objects.select_related("rulebook")
        .in_bulk([version.id for version, _, _ in jobs])
        .items()
    }
    now = timezone.now()
    verdicts = []
    for result, (version, _, is_cohort) in zip(results, jobs, strict=True):
        verdict = result.verdicts["verdict"].iloc[0]
        verdicts.append(
            verdict_data(
                models[version.id],
                verdict=str(verdict),
                governing=governed_by_cohort == is_cohort,
                evaluated_at=now,
                engine_version=ENGINE_VERSION,
                findings=_findings(result, target),
            )
        )
    return sorted(
        verdicts,
        key=lambda v: (KIND_ORDER.get(v["rulebook"]["kind"], 2), v["rulebook"]["name"]),
    )


def simulation_run(
    *, organisation: Organisation, changes: DeclarationChanges, reference: str = ""
) -> Simulation:
    """Convert and screen a planned payment of `organisation` as if it were declared now, and
    store nothing: the rates, facts and versions are read in one transaction that rolls back."""
    declaration = Declaration(
        organisation=organisation,
        reference=reference,
        status=DeclarationStatus.RECEIVED,
        created_at=timezone.now(),
        **asdict(changes),
    )
    with transaction.atomic():
        today = timezone.localdate()
        # A planned payment's day may have no published rate yet: it is converted at the last
        # rate known, labelled an estimate (and screened as one), never silently as official.
        conversion = conversion_quote(
            declaration=declaration, estimate=declaration.value_date > today
        )
        row = hypothetical_row(declaration, conversion)
        verdicts = _verdicts(declaration, row, today)
        # The allowances of the period the payment falls in, counting it.
        headroom = headroom_rows(
            organisation=organisation, as_of=declaration.value_date, extra_rows=[row]
        )
        # Reads only; rolled back all the same, so a simulation can never leave a trace.
        transaction.set_rollback(True)
    return Simulation(conversion=conversion, verdicts=verdicts, headroom_after=headroom)
