"""The plan of a screening: the facts of its participants and every version's results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from backend.screening.facts import FactsBundle, facts_build
from backend.screening.versions import (
    EMPTY_FINDINGS_HASH,
    CohortWindow,
    VersionInfo,
    VersionResult,
    assign,
    cohort_windows,
    findings_hashes,
    flag_raising,
    in_force_versions,
    run_versions,
)

EVAL_COLUMNS = (
    "declaration_id",
    "participant_id",
    "version_id",
    "value_date",
    "verdict",
    "governing",
    "flag_raising",
    "findings_hash",
)
# Rows per INSERT statement of the bulk writes.
EVALUATION_BATCH = 2_000
NO_RATE_ROWS: list[int] = []


@dataclass
class ScreeningSummary:
    """What one screening wrote."""

    participants: int = 0
    declarations: int = 0
    evaluations_written: int = 0
    verdicts_changed: int = 0
    flags_opened: int = 0
    flags_closed: int = 0
    changed_ids: list[str] = field(default_factory=list)
    # The VerdictChange rows written, and (when asked for) each participant's allowance use.
    change_pks: list[int] = field(default_factory=list)
    allowances: list[Any] = field(default_factory=list)

    def add(self, other: ScreeningSummary) -> None:
        """Accumulate another summary into this one."""
        self.participants += other.participants
        self.declarations += other.declarations
        self.evaluations_written += other.evaluations_written
        self.verdicts_changed += other.verdicts_changed
        self.flags_opened += other.flags_opened
        self.flags_closed += other.flags_closed
        self.changed_ids.extend(other.changed_ids)
        self.change_pks.extend(other.change_pks)
        self.allowances.extend(other.allowances)


def year_start(day: date) -> date:
    """1 January of the day's year: where every calendar period of that year begins."""
    return date(day.year, 1, 1)


@dataclass
class Plan:
    """The facts of a screening and the results of every version on them."""

    bundle: FactsBundle
    since: date
    facts_start: date
    results: list[VersionResult]
    evaluations: pd.DataFrame  # EVAL_COLUMNS


def _lookback(in_force: list[VersionInfo], cohorts: list[CohortWindow]) -> int:
    versions = [*in_force, *(c.version for c in cohorts)]
    return max((v.lookback_days() for v in versions), default=0)


def _flag_raising(policies: np.ndarray, kind: str) -> np.ndarray:
    """`flag_raising` per row, decided once per distinct policy."""
    decided = {p: flag_raising(p, kind) for p in set(policies.tolist())}
    return np.array([decided[p] for p in policies.tolist()], dtype=bool)


def screening_plan(
    *,
    participant_ids: Sequence[str],
    since: date,
    as_of: date,
    taken_at: datetime,
    fingerprints: bool = False,
) -> Plan:
    """Build the facts of these participants from `since` and run every screening version
    (with `fingerprints`, the facts say what was read: see `facts_build`)."""
    in_force = in_force_versions()
    cohorts = cohort_windows(participant_ids)
    facts_start = since - timedelta(days=_lookback(in_force, cohorts))
    bundle = facts_build(
        participant_ids=participant_ids,
        start=facts_start,
        taken_at=taken_at,
        fingerprints=fingerprints,
    )
    frame = bundle.frame
    rows: list[pd.DataFrame] = []
    if frame.empty:
        return Plan(bundle, since, facts_start, [], pd.DataFrame(columns=list(EVAL_COLUMNS)))
    in_window = (frame["value_date"] >= pd.Timestamp(since)).to_numpy()
    assignment = assign(frame, in_force, cohorts)
    policy = np.array([None, *(c.flag_policy for c in cohorts)], dtype=object)[
        assignment.cohort + 1
    ]
    governed_by_cohort = assignment.cohort >= 0
    jobs: list[tuple[VersionInfo, np.ndarray, bool]] = []
    for i, version in enumerate(in_force):
        jobs.append((version, in_window & (assignment.in_force == i), False))
    for i, cohort in enumerate(cohorts):
        jobs.append((cohort.version, in_window & (assignment.cohort == i), True))
    jobs = [job for job in jobs if job[1].any()]
    results = run_versions(
        [(version, screened) for version, screened, _ in jobs], frame, as_of=as_of
    )
    for result, (version, screened, is_cohort) in zip(results, jobs, strict=True):
        hashes = findings_hashes(result.findings)
        rows.append(
            pd.DataFrame(
                {
                    "declaration_id": result.verdicts["declaration_id"],
                    "participant_id": frame["participant_id"].to_numpy()[screened],
                    "version_id": version.id,
                    "value_date": frame["value_date"].to_numpy()[screened],
                    "verdict": result.verdicts["verdict"],
                    # A cohort's proposal governs inside its window; otherwise the rules in force.
                    "governing": governed_by_cohort[screened] == is_cohort,
                    "flag_raising": _flag_raising(policy[screened], version.kind),
                    "findings_hash": [
                        hashes.get(d, EMPTY_FINDINGS_HASH)
                        for d in result.verdicts["declaration_id"].tolist()
                    ],
                }
            )
        )
    evaluations = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=EVAL_COLUMNS)
    return Plan(bundle, since, facts_start, results, evaluations)
