"""Screening reads: a declaration's verdicts, flags, runs and headroom.

Tenancy: verdicts ride on the declaration selectors (already scoped); headroom is a startup's own
or, for a regulator, any participant's; flags and runs are regulators' working material.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from backend.accounts.models import Organisation
from backend.common.domain_errors import InvalidInput, NotFound
from backend.common.roles import OrganisationKind, Role
from backend.common.tenancy import OWN_ROWS, scoped, sees, viewer_organisation_id
from backend.declarations.models import DeclarationStatus
from backend.rule_engine import headroom
from backend.rule_engine.conditions import fact_names
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.rulebooks.models import RulebookKind, RulebookVersion
from backend.rulebooks.selectors import cohort_covering, rulebook_version_in_force_on
from backend.screening.columns import dates, ints, texts
from backend.screening.facts import facts_build
from backend.screening.models import (
    Backtest,
    BacktestTransition,
    Coverage,
    Evaluation,
    Finding,
    Flag,
    ScreeningRun,
    Sweep,
    Verdict,
)
from backend.screening.serializers import finding_data
from backend.screening.versions import ENGINE_COLUMNS, version_info

CURRENT_EVALUATIONS = "current_evaluations"
COVERAGE_RUNS = "screening_coverage_runs"
# A verdict names its version: the rulebook document itself (tens of kilobytes) stays unread.
VERSION_DOCUMENT = ("rulebook_version__document",)
KIND_ORDER = {RulebookKind.IN_FORCE: 0, RulebookKind.PROPOSED: 1}


def _current_evaluations() -> QuerySet[Evaluation]:
    """Current evaluations with their version, rulebook and findings, rules in force first."""
    return (
        Evaluation.objects.filter(is_current=True)
        .select_related("rulebook_version__rulebook")
        .defer(*VERSION_DOCUMENT)
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("rule_id", "id")))
        .order_by("rulebook_version__rulebook__kind", "rulebook_version__rulebook__name", "id")
    )


def _coverage() -> QuerySet[Coverage]:
    return (
        Coverage.objects.select_related("rulebook_version__rulebook")
        .defer(*VERSION_DOCUMENT)
        .order_by("date_from", "id")
    )


def verdicts_prefetch() -> list[Prefetch]:
    """Prefetch a declaration list's stored evaluations with findings and its participants'
    coverage runs: three queries per page."""
    return [
        Prefetch("evaluations", queryset=_current_evaluations(), to_attr=CURRENT_EVALUATIONS),
        Prefetch("organisation__screening_coverage", queryset=_coverage(), to_attr=COVERAGE_RUNS),
    ]


def rulebook_ref(version: RulebookVersion) -> dict[str, Any]:
    """The rulebook of a version as answers name it (its names in both languages)."""
    rulebook = version.rulebook
    return {
        "id": version.rulebook_id,
        "name": rulebook.name,
        "name_fr": rulebook.name_fr,
        "name_en": rulebook.name_en,
        "kind": rulebook.kind,
    }


def verdict_data(version: RulebookVersion, **fields: Any) -> dict[str, Any]:
    """One entry of API.md's `verdicts`: the version's rulebook and number, then `fields`."""
    return {
        "rulebook": rulebook_ref(version),
        "version": {"id": version.pk, "number": version.number},
        **fields,
    }


def declaration_verdicts(*, declaration: Any) -> list[dict[str, Any]]:
    """The API.md `verdicts` of a declaration, rules in force first (uses the prefetch when
    present): its stored evaluations, and compliant under every other version whose coverage
    run holds it (a current declaration whose screening has run)."""
    evaluations = getattr(declaration, CURRENT_EVALUATIONS, None)
    if evaluations is None:
        evaluations = list(_current_evaluations().filter(declaration=declaration))
    verdicts = [
        verdict_data(
            e.rulebook_version,
            verdict=e.verdict,
            governing=e.governing,
            evaluated_at=e.evaluated_at,
            engine_version=e.engine_version,
            findings=[finding_data(f) for f in e.findings.all()],
        )
        for e in evaluations
    ]
    if declaration.is_current and declaration.status == DeclarationStatus.SCREENED:
        runs = getattr(declaration.organisation, COVERAGE_RUNS, None)
        if runs is None:
            runs = _coverage().filter(participant_id=declaration.organisation_id)
        stored = {e.rulebook_version_id for e in evaluations}
        verdicts += [
            verdict_data(
                run.rulebook_version,
                verdict=Verdict.COMPLIANT,
                governing=run.governing,
                evaluated_at=run.evaluated_at,
                engine_version=run.engine_version,
                findings=[],
            )
            for run in runs
            if run.date_from <= declaration.value_date <= run.date_to
            and run.rulebook_version_id not in stored
        ]
    return sorted(
        verdicts,
        key=lambda v: (KIND_ORDER.get(v["rulebook"]["kind"], 2), v["rulebook"]["name"]),
    )


def flag_list(*, viewer: Any, filters: dict[str, Any] | None = None) -> QuerySet[Flag]:
    """Flags, newest first, filtered by status, participant or rule: every participant's for a
    regulator, a startup's own (raised on its declarations) for its members."""
    filters = filters or {}
    queryset = Flag.objects.select_related(
        "declaration", "participant", "rulebook_version__rulebook"
    ).order_by("-opened_at", "-id")
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("participant"):
        queryset = queryset.filter(participant_id=filters["participant"])
    if filters.get("rule_id"):
        queryset = queryset.filter(rule_id=filters["rule_id"])
    return scoped(queryset, viewer=viewer, owner="participant_id")


def flag_get(*, viewer: Any, flag_id: Any) -> Flag:
    """One flag (404 when missing or not visible)."""
    return get_object_or_404(flag_list(viewer=viewer), pk=flag_id)


def screening_run_list(*, viewer: Any) -> QuerySet[ScreeningRun]:
    """Re-screening runs, newest first, for a regulator."""
    queryset = ScreeningRun.objects.select_related("created_by").order_by("-created_at", "-id")
    return scoped(queryset, viewer=viewer, own=())


def screening_run_get(*, viewer: Any, run_id: Any) -> ScreeningRun:
    """One run (404 when missing or not visible)."""
    return get_object_or_404(screening_run_list(viewer=viewer), pk=run_id)


def _headroom_participant(viewer: Any, participant: Any) -> Organisation:
    # A startup sees its own headroom (another participant looks like a missing one); a
    # regulator names the participant.
    visible = scoped(
        Organisation.objects.filter(kind=OrganisationKind.STARTUP), viewer=viewer, owner="pk"
    )
    if participant is None and sees(viewer, OWN_ROWS):
        participant = viewer_organisation_id(viewer)
    if participant is None and sees(viewer, (Role.REGULATOR,)):
        raise InvalidInput(
            code="participant_required",
            detail="Say whose headroom: ?participant=<organisation id>.",
            errors=[
                {
                    "pointer": "/participant",
                    "code": "required",
                    "detail": "This filter is required for regulators.",
                }
            ],
        )
    found = visible.filter(pk=participant).first() if participant is not None else None
    if found is None:
        raise NotFound(code="not_found", detail="No such participant.")
    return found


def _mad(minor: int) -> str:
    return str((Decimal(int(minor)) / MINOR_PER_MAD).quantize(Decimal("0.01")))


def headroom_versions(
    organisation: Organisation, as_of: date
) -> list[tuple[RulebookVersion, bool]]:
    """The versions screening the participant on `as_of`, each with whether it governs."""
    versions = []
    in_force = rulebook_version_in_force_on(as_of)
    cohort = cohort_covering(participant=organisation, value_date=as_of)
    if in_force is not None:
        versions.append((in_force, cohort is None))
    if cohort is not None:
        versions.append((cohort.proposed_version, True))
    return versions


def headroom_rows(
    *, organisation: Organisation, as_of: date, extra_rows: Sequence[tuple[Any, ...]] = ()
) -> list[dict[str, Any]]:
    """Per period rule of each version screening the participant on `as_of`: limit, used, left
    and the date the allowance resets (the engine's headroom on the year's facts, `extra_rows`
    included as if declared)."""
    bundle = facts_build(
        participant_ids=[organisation.pk],
        start=date(as_of.year, 1, 1),
        end=date(as_of.year, 12, 31),
        taken_at=timezone.now(),
        probe_on=as_of,
        extra_rows=extra_rows,
    )
    facts = bundle.frame[list(ENGINE_COLUMNS)]
    rows: list[dict[str, Any]] = []
    for version, governing in headroom_versions(organisation, as_of):
        info = version_info(version)
        table = headroom(info.rulebook, facts, as_of)
        columns = zip(
            texts(table, "rule_id"),
            ints(table, "limit_low_minor"),
            ints(table, "limit_minor"),
            ints(table, "missing_mask"),
            ints(table, "used_minor"),
            ints(table, "left_low_minor"),
            ints(table, "left_minor"),
            ints(table, "pending_count"),
            dates(table, "period_start"),
            dates(table, "period_end"),
            dates(table, "reset_on"),
            strict=True,
        )
        for (
            rule_id,
            low,
            high,
            missing,
            used,
            left_low,
            left_high,
            pending,
            period_start,
            period_end,
            reset_on,
        ) in columns:
            rule = info.rulebook.rule(rule_id)
            known = low == high
            rows.append(
                {
                    "rulebook": rulebook_ref(version),
                    "version": {"id": version.pk, "number": version.number},
                    "governing": governing,
                    "rule_id": rule.id,
                    "title_fr": rule.title_fr,
                    "title_en": rule.title_en,
                    # A limit hanging on an unknown fact is not guessed: null, with its bounds
                    # and the facts that would settle it.
                    "limit": _mad(high) if known else None,
                    "used": _mad(used),
                    "left": _mad(left_high) if known else None,
                    "limit_low": _mad(low),
                    "limit_high": _mad(high),
                    "left_low": _mad(left_low),
                    "left_high": _mad(left_high),
                    "missing_facts": [] if known else list(fact_names(missing)),
                    "pending_count": pending,
                    "period_start": period_start,
                    "period_end": period_end,
                    "resets_on": reset_on,
                    "confidence": rule.confidence,
                    "illustrative": rule.confidence == "illustrative",
                    "citation": rule.citation.label(),
                }
            )
    return rows


def headroom_for(*, viewer: Any, participant: Any = None, as_of: date | None = None) -> dict:
    """The participant's allowances on `as_of` under each version screening it (see
    `headroom_rows`)."""
    organisation = _headroom_participant(viewer, participant)
    as_of = as_of or timezone.localdate()
    return {
        "participant": organisation.pk,
        "as_of": as_of,
        "currency": "MAD",
        "rows": headroom_rows(organisation=organisation, as_of=as_of),
    }


def backtest_list(*, viewer: Any) -> QuerySet[Backtest]:
    """Backtests, newest first, for a regulator."""
    queryset = Backtest.objects.select_related("rulebook_version__rulebook", "created_by").order_by(
        "-created_at", "-id"
    )
    return scoped(queryset, viewer=viewer, own=())


def backtest_get(*, viewer: Any, backtest_id: Any) -> Backtest:
    """One backtest (404 when missing or not visible)."""
    return get_object_or_404(backtest_list(viewer=viewer), pk=backtest_id)


def backtest_transitions(*, backtest: Backtest) -> QuerySet[BacktestTransition]:
    """A backtest's transitions by value date."""
    return backtest.transitions.order_by("value_date", "id")


def sweep_list(*, viewer: Any) -> QuerySet[Sweep]:
    """Sweeps, newest first, for a regulator."""
    queryset = Sweep.objects.select_related("rulebook_version__rulebook", "created_by").order_by(
        "-created_at", "-id"
    )
    return scoped(queryset, viewer=viewer, own=())


def sweep_get(*, viewer: Any, sweep_id: Any) -> Sweep:
    """One sweep (404 when missing or not visible)."""
    return get_object_or_404(sweep_list(viewer=viewer), pk=sweep_id)


def version_for_jobs(*, viewer: Any, version_id: Any, pointer: str) -> RulebookVersion:
    """A version a regulator may backtest or sweep (any status); refused, naming the field."""
    version = RulebookVersion.objects.select_related("rulebook").filter(pk=version_id).first()
    if version is None or not sees(viewer, (Role.REGULATOR,)):
        raise InvalidInput(
            code="unknown_version",
            detail="No such rulebook version.",
            errors=[{"pointer": pointer, "code": "unknown_version", "detail": "No such version."}],
        )
    return version
