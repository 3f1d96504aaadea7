"""Which rulebook versions screen which facts rows, and the engine run for one version.

The rules are the rulebooks selectors' (issue 5, item 3), applied to whole frames at once: each
row gets the published in-force version effective on its value date, plus the proposal of the
first running-or-finished cohort of its participant whose window covers that date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from backend.rule_engine import (
    REQUIRED_COLUMNS,
    Findings,
    Rulebook,
    evaluate_many,
    parse_rulebook,
)
from backend.rule_engine.model import StructuringParams
from backend.rulebooks.models import (
    Cohort,
    FlagPolicy,
    RulebookKind,
    RulebookVersion,
    VersionStatus,
)
from backend.rulebooks.selectors import SCREENING_COHORT_STATUSES

OPTIONAL_ENGINE_COLUMNS = (
    "rate_lag_days",
    "rate_is_estimate",
    "certified_accounts",
    "subscription_months",
    "reference",
)
ENGINE_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_ENGINE_COLUMNS)
# Parsed documents, by content hash: a published document never changes, and parsing one
# costs more than screening a small participant window.
_PARSED: dict[str, Rulebook] = {}
PARSED_CACHE_SIZE = 64
EMPTY_FINDINGS_HASH = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class VersionInfo:
    """A rulebook version with its parsed rules."""

    id: str
    number: int
    rulebook_id: str
    rulebook_name: str
    kind: str
    effective_from: date
    rulebook: Rulebook

    def lookback_days(self) -> int:
        """Days before a window that structuring rules look back over."""
        windows = [
            r.params.window_days
            for r in self.rulebook.rules
            if isinstance(r.params, StructuringParams)
        ]
        return max(windows, default=0)


def parsed(content_hash: str, document: Any) -> Rulebook:
    """The parsed rulebook of a document (cached by content hash)."""
    found = _PARSED.get(content_hash)
    if found is None:
        if len(_PARSED) >= PARSED_CACHE_SIZE:
            _PARSED.clear()
        found = _PARSED[content_hash] = parse_rulebook(document)
    return found


def rule_titles(version: RulebookVersion) -> dict[str, tuple[str, str]]:
    """Each rule's title in a version (French, English), by rule id: what people read where the
    rulebook writes an id."""
    return {
        r.id: (r.title_fr, r.title_en) for r in parsed(version.content_hash, version.document).rules
    }


def version_info(version: RulebookVersion) -> VersionInfo:
    """The VersionInfo of a model instance (its rulebook selected)."""
    return VersionInfo(
        id=str(version.pk),
        number=version.number,
        rulebook_id=str(version.rulebook_id),
        rulebook_name=version.rulebook.name,
        kind=version.rulebook.kind,
        effective_from=version.effective_from,
        rulebook=parsed(version.content_hash, version.document),
    )


def in_force_versions() -> list[VersionInfo]:
    """Published in-force versions, by effective date (the in-force timeline)."""
    versions = (
        RulebookVersion.objects.select_related("rulebook")
        .filter(rulebook__kind=RulebookKind.IN_FORCE, status=VersionStatus.PUBLISHED)
        .order_by("effective_from", "published_at", "id")
    )
    return [version_info(v) for v in versions]


@dataclass(frozen=True)
class CohortWindow:
    """A screening cohort's trial, flattened for vectorised assignment."""

    id: str
    starts_on: date
    ends_on: date
    version: VersionInfo
    flag_policy: str
    participant_ids: frozenset[str]


def cohort_windows(participant_ids: Sequence[str]) -> list[CohortWindow]:
    """Running or finished cohorts with any of these participants, first window first."""
    wanted = set(participant_ids)
    cohorts = (
        Cohort.objects.select_related("proposed_version__rulebook")
        .filter(status__in=SCREENING_COHORT_STATUSES, participants__in=list(wanted))
        .distinct()
        .order_by("starts_on", "id")
    )
    out = []
    for cohort in cohorts:
        members = {str(p) for p in cohort.participants.values_list("pk", flat=True)} & wanted
        out.append(
            CohortWindow(
                id=str(cohort.pk),
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                version=version_info(cohort.proposed_version),
                flag_policy=cohort.flag_policy,
                participant_ids=frozenset(members),
            )
        )
    return out


@dataclass
class Assignment:
    """Per facts row: its in-force version (index, -1 = none) and its cohort (index, -1)."""

    in_force: np.ndarray
    cohort: np.ndarray


def assign(
    frame: pd.DataFrame, in_force: list[VersionInfo], cohorts: list[CohortWindow]
) -> Assignment:
    """Which versions screen each row (vectorised)."""
    days = frame["value_date"].to_numpy().astype("datetime64[D]")
    if in_force:
        starts = np.array([v.effective_from for v in in_force], dtype="datetime64[D]")
        in_force_idx = np.searchsorted(starts, days, side="right") - 1
    else:
        in_force_idx = np.full(len(frame), -1)
    cohort_idx = np.full(len(frame), -1)
    participants = frame["participant_id"]
    for i, c in enumerate(cohorts):
        covered = (
            (cohort_idx == -1)
            & (days >= np.datetime64(c.starts_on, "D"))
            & (days <= np.datetime64(c.ends_on, "D"))
            # A hash lookup: np.isin sorts object arrays, seconds at a million rows.
            & participants.isin(c.participant_ids).to_numpy()
        )
        cohort_idx[covered] = i
    return Assignment(in_force=in_force_idx, cohort=cohort_idx)


def flag_raising(policy: str | None, kind: str) -> bool:
    """Whether a breach of a rulebook of `kind` raises a flag under a cohort's policy
    (no cohort: the rules in force govern and raise the flags)."""
    if policy is None:
        return kind == RulebookKind.IN_FORCE
    if policy == FlagPolicy.BOTH:
        return True
    if policy == FlagPolicy.IN_FORCE_ONLY:
        return kind == RulebookKind.IN_FORCE
    return kind == RulebookKind.PROPOSED


@dataclass
class VersionResult:
    """One version's verdicts and non-compliant findings for the rows it screens."""

    version: VersionInfo
    verdicts: pd.DataFrame  # declaration_id, verdict
    findings: pd.DataFrame  # engine finding columns + citation, outcome != compliant


def run_version(
    version: VersionInfo, frame: pd.DataFrame, screened: np.ndarray, *, as_of: date
) -> VersionResult:
    """Evaluate `version` on the whole windows of the participants owning the `screened` rows,
    and keep the results of those rows only (earlier rows still count in running totals)."""
    return run_versions([(version, screened)], frame, as_of=as_of)[0]


def run_versions(
    jobs: Sequence[tuple[VersionInfo, np.ndarray]], frame: pd.DataFrame, *, as_of: date
) -> list[VersionResult]:
    """`run_version` for each (version, screened rows) job, in order; versions screening the
    same participants share one validation of their facts."""
    participants = frame["participant_id"].to_numpy()
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, (_, screened) in enumerate(jobs):
        owners = tuple(np.unique(participants[screened]).tolist())
        groups.setdefault(owners, []).append(i)
    results: list[VersionResult | None] = [None] * len(jobs)
    ids = frame["declaration_id"].to_numpy()
    for owners, members in groups.items():
        facts = frame.loc[frame["participant_id"].isin(owners), list(ENGINE_COLUMNS)]
        evaluated = evaluate_many([jobs[i][0].rulebook for i in members], facts, as_of=as_of)
        for i, result in zip(members, evaluated, strict=True):
            version, screened = jobs[i]
            results[i] = _version_result(version, result, ids[screened])
    return [r for r in results if r is not None]


def _version_result(version: VersionInfo, result: Findings, ids: np.ndarray) -> VersionResult:
    verdicts = result.verdicts()
    verdict_frame = pd.DataFrame(
        {"declaration_id": ids, "verdict": verdicts.reindex(ids).to_numpy()}
    )
    findings = result.non_compliant()
    findings = findings[findings["declaration_id"].isin(ids)].copy()
    citation = {r.id: r.citation.label() for r in version.rulebook.rules}
    findings["citation"] = findings["rule_id"].astype(str).map(citation)
    return VersionResult(version=version, verdicts=verdict_frame, findings=findings)


def findings_hashes(findings: pd.DataFrame) -> dict[str, str]:
    """Per declaration, a hash of its non-compliant findings (rule, outcome, numbers, text)."""
    if findings.empty:
        return {}
    parts: dict[str, list[str]] = {}
    cols = zip(
        findings["declaration_id"],
        findings["rule_id"].astype(str),
        findings["outcome"].astype(str),
        findings["measured_minor"].astype(object),
        findings["limit_minor"].astype(object),
        findings["window_start"].astype(str),
        findings["contributing"],
        findings["contributing_count"],
        findings["explanation_fr"].astype(str),
        strict=True,
    )
    for decl, rule, outcome, measured, limit, window, contributing, count, fr in cols:
        named = f"{','.join(contributing)}#{count}"
        parts.setdefault(decl, []).append(
            f"{rule}|{outcome}|{measured}|{limit}|{window}|{named}|{fr}"
        )
    return {d: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest() for d, v in parts.items()}
