"""Live and batch screening: every version that screens a declaration, one engine, upserts.

A screening covers whole participants from the start of an affected calendar year onward: a
back-dated, amended or withdrawn declaration changes the running totals of every later one.
Results are compared with what is stored, and only what changed is written, so a re-run of the
same inputs creates nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backend.accounts.models import Organisation
from backend.audit.services import audit_record_many
from backend.common.bulk import db_json, db_uuids, raw_columns, raw_insert
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rule_engine import ENGINE_VERSION
from backend.screening.columns import (
    bools,
    optional_dates,
    optional_ints,
    string_lists,
    texts,
    texts_or_empty,
)
from backend.screening.facts import IN_CHUNK, FactsBundle, facts_build, rate_rows_of
from backend.screening.models import (
    Coverage,
    Evaluation,
    FactsSnapshot,
    Finding,
    ScreeningRun,
    Verdict,
    VerdictChange,
)
from backend.screening.services.flags import FlagInputs, flags_reconcile
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

SYSTEM_ACTOR = "system:screening"
# Audit events list at most this many changed declarations; the change records hold them all.
AUDIT_LIST_LIMIT = 50
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

    def add(self, other: ScreeningSummary) -> None:
        """Accumulate another summary into this one."""
        self.participants += other.participants
        self.declarations += other.declarations
        self.evaluations_written += other.evaluations_written
        self.verdicts_changed += other.verdicts_changed
        self.flags_opened += other.flags_opened
        self.flags_closed += other.flags_closed
        self.changed_ids.extend(other.changed_ids)


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
    *, participant_ids: Sequence[str], since: date, as_of: date, taken_at: datetime
) -> Plan:
    """Build the facts of these participants from `since` and run every screening version."""
    in_force = in_force_versions()
    cohorts = cohort_windows(participant_ids)
    facts_start = since - timedelta(days=_lookback(in_force, cohorts))
    bundle = facts_build(participant_ids=participant_ids, start=facts_start, taken_at=taken_at)
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


def _key_frame(queryset: Any, fields: tuple[str, ...], names: list[str]) -> pd.DataFrame:
    columns = raw_columns(queryset, fields)
    return pd.DataFrame(
        {name: columns[f] for name, f in zip(names, fields, strict=True)}, columns=names
    )


def _existing(participant_ids: Sequence[str], since: date) -> pd.DataFrame:
    parts = [
        _key_frame(
            Evaluation.objects.filter(
                participant_id__in=part, value_date__gte=since, is_current=True
            ).order_by("id"),
            (
                "id",
                "declaration_id",
                "rulebook_version_id",
                "verdict",
                "findings_hash",
                "participant_id",
            ),
            ["pk", "declaration_id", "version_id", "old_verdict", "old_hash", "old_participant"],
        )
        for part in _chunks(list(participant_ids))
    ]
    return pd.concat(parts, ignore_index=True).astype(
        {"declaration_id": object, "version_id": object, "old_participant": object}
    )


COVERAGE_KEY = ["participant_id", "version_id", "date_from", "date_to", "governing"]


def coverage_runs(evaluations: pd.DataFrame) -> pd.DataFrame:
    """The coverage runs of a plan's evaluations (EVAL_COLUMNS, each version's rows by
    participant then value date): participant_id, version_id, date_from, date_to, governing,
    declarations. A run ends where the participant, the version, the governing flag or the
    calendar year changes."""
    columns = [*COVERAGE_KEY, "declarations"]
    if evaluations.empty:
        return pd.DataFrame({c: [] for c in columns})
    participant = evaluations["participant_id"].to_numpy()
    version = evaluations["version_id"].to_numpy()
    governing = evaluations["governing"].to_numpy(dtype=bool)
    days = evaluations["value_date"].to_numpy().astype("datetime64[D]")
    years = days.astype("datetime64[Y]")
    starts = np.r_[
        True,
        (participant[1:] != participant[:-1])
        | (version[1:] != version[:-1])
        | (governing[1:] != governing[:-1])
        | (years[1:] != years[:-1]),
    ]
    first = np.flatnonzero(starts)
    last = np.r_[first[1:] - 1, len(days) - 1]
    return pd.DataFrame(
        {
            "participant_id": participant[first],
            "version_id": version[first],
            "date_from": days[first].astype(object),
            "date_to": days[last].astype(object),
            "governing": governing[first],
            "declarations": (last - first + 1).astype(np.int64),
        },
        columns=columns,
    )


def _old_coverage(participant_ids: Sequence[str], since: date) -> pd.DataFrame:
    """Stored coverage runs of these participants from `since`."""
    parts = [
        _key_frame(
            Coverage.objects.filter(participant_id__in=part, date_from__gte=since).order_by("id"),
            (
                "id",
                "participant_id",
                "rulebook_version_id",
                "date_from",
                "date_to",
                "governing",
                "facts_snapshot_id",
                "facts_snapshot__facts_start",
                "facts_snapshot__facts_hash",
            ),
            [
                "pk",
                "participant_id",
                "version_id",
                "date_from",
                "date_to",
                "governing",
                "snapshot_id",
                "facts_start",
                "facts_hash",
            ],
        )
        for part in _chunks(list(participant_ids))
    ]
    return pd.concat(parts, ignore_index=True).astype(
        {"participant_id": object, "version_id": object}
    )


def _implied(plan: Plan, coverage: pd.DataFrame, explicit: pd.DataFrame) -> pd.DataFrame:
    """The stored compliant verdicts implied by coverage runs (no explicit row for the key):
    each run's declarations are those of its facts snapshot valued in the run's dates.

    A snapshot with the plan's facts lists the plan's declarations, so their value dates come
    from the plan; an older snapshot's list is read, with its declarations' value dates."""
    columns = ["pk", "declaration_id", "version_id", "old_verdict", "old_hash", "old_participant"]
    if coverage.empty:
        return pd.DataFrame({c: [] for c in columns})
    frame = plan.bundle.frame
    hashes = plan.bundle.participant_hashes()
    same = [
        start == plan.facts_start and hashes.get(p) == h
        for p, start, h in zip(
            coverage["participant_id"], coverage["facts_start"], coverage["facts_hash"], strict=True
        )
    ]
    members: list[pd.DataFrame] = []
    current = coverage[same]
    if not current.empty:
        mine = frame[frame["participant_id"].isin(set(current["participant_id"]))]
        members.append(
            pd.DataFrame(
                {
                    "snapshot_id": mine["participant_id"].map(
                        dict(zip(current["participant_id"], current["snapshot_id"], strict=True))
                    ),
                    "declaration_id": mine["declaration_id"],
                    "value_date": mine["value_date"],
                }
            )
        )
    older = sorted(set(coverage.loc[[not s for s in same], "snapshot_id"].tolist()))
    if older:
        listed = [
            (snapshot_id, str(d))
            for snapshot_id, ids in FactsSnapshot.objects.filter(pk__in=older).values_list(
                "pk", "declaration_ids"
            )
            for d in ids
        ]
        known = dict(zip(frame["declaration_id"], frame["value_date"], strict=True))
        missing = sorted({d for _, d in listed if d not in known})
        for part in _chunks(missing):
            known.update(
                (str(pk), pd.Timestamp(day))
                for pk, day in Declaration.objects.filter(pk__in=part).values_list(
                    "pk", "value_date"
                )
            )
        members.append(
            pd.DataFrame(
                {
                    "snapshot_id": [s for s, _ in listed],
                    "declaration_id": [d for _, d in listed],
                    "value_date": [known.get(d, pd.NaT) for _, d in listed],
                }
            )
        )
    candidates = pd.concat(members, ignore_index=True).merge(
        coverage[["snapshot_id", "participant_id", "version_id", "date_from", "date_to"]],
        on="snapshot_id",
    )
    days = candidates["value_date"]
    inside = (days >= pd.to_datetime(candidates["date_from"])) & (
        days <= pd.to_datetime(candidates["date_to"])
    )
    implied = candidates[inside.to_numpy()]
    if not explicit.empty:
        marked = implied.merge(
            explicit[["declaration_id", "version_id"]], how="left", indicator=True
        )
        implied = marked[(marked["_merge"] == "left_only").to_numpy()]
    return pd.DataFrame(
        {
            "pk": np.nan,
            "declaration_id": implied["declaration_id"].to_numpy(dtype=object),
            "version_id": implied["version_id"].to_numpy(dtype=object),
            "old_verdict": Verdict.COMPLIANT.value,
            "old_hash": EMPTY_FINDINGS_HASH,
            "old_participant": implied["participant_id"].to_numpy(dtype=object),
        },
        columns=columns,
    )


def _stale_keys(plan: Plan, participant_ids: Sequence[str]) -> pd.DataFrame:
    """Evaluations stored non-current for keys the plan produces (re-screened again)."""
    parts = [
        _key_frame(
            Evaluation.objects.filter(
                participant_id__in=part, value_date__gte=plan.since, is_current=False
            ),
            ("id", "declaration_id", "rulebook_version_id", "verdict"),
            ["pk", "declaration_id", "version_id", "old_verdict"],
        )
        for part in _chunks(list(participant_ids))
    ]
    return pd.concat(parts, ignore_index=True).astype(
        {"declaration_id": object, "version_id": object}
    )


def _chunks(items: list[Any]) -> list[list[Any]]:
    """Slices of at most IN_CHUNK items (always one, possibly empty, so frames keep columns)."""
    return [items[i : i + IN_CHUNK] for i in range(0, len(items), IN_CHUNK)] or [[]]


def _snapshot_ids(plan: Plan, wanted: dict[str, str]) -> dict[str, int]:
    """Ids of the stored facts snapshots of these participants (participant -> facts hash)."""
    found: dict[str, int] = {}
    for part in _chunks(sorted(wanted)):
        rows = FactsSnapshot.objects.filter(
            participant_id__in=part,
            facts_start=plan.facts_start,
            facts_hash__in=sorted({wanted[p] for p in part}),
        ).values_list("pk", "participant_id", "facts_hash")
        found.update((str(p), pk) for pk, p, h in rows if wanted.get(str(p)) == h)
    return found


def _snapshots(plan: Plan, participants: set[str]) -> dict[str, int]:
    """The facts snapshot id of each participant with something to write (stored when new)."""
    hashes = plan.bundle.participant_hashes()
    frame = plan.bundle.frame
    wanted = {p: hashes[p] for p in participants if p in hashes}
    existing = _snapshot_ids(plan, wanted)
    missing = sorted(p for p in wanted if p not in existing)
    if not missing:
        return existing
    # The frame is sorted by participant: each one's declarations are one slice of it.
    owners = frame["participant_id"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1], True])
    ids = frame["declaration_id"].to_numpy()
    ids_by_participant = {
        str(owners[lo]): ids[lo:hi].tolist() for lo, hi in pairwise(bounds.tolist())
    }
    # One COPY (PostgreSQL) or executemany (SQLite): the declaration lists are large.
    raw_insert(
        FactsSnapshot,
        ["participant_id", "facts_hash", "declaration_ids", "traits"],
        zip(
            db_uuids(missing),
            [wanted[p] for p in missing],
            db_json(ids_by_participant[p] for p in missing),
            db_json(plan.bundle.traits.get(p, {}) for p in missing),
            strict=True,
        ),
        constants={
            "facts_start": _field_prep(FactsSnapshot, "facts_start")(plan.facts_start),
            "taken_at": _field_prep(FactsSnapshot, "taken_at")(plan.bundle.taken_at),
        },
    )
    existing.update(_snapshot_ids(plan, {p: wanted[p] for p in missing}))
    return existing


def _evaluation_pks(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Primary keys of the evaluations of these (declaration, version) keys."""
    declarations = sorted({d for d, _ in keys})
    out: dict[tuple[str, str], int] = {}
    for part in _chunks(declarations):
        columns = raw_columns(
            Evaluation.objects.filter(declaration_id__in=part),
            ("pk", "declaration_id", "rulebook_version_id"),
        )
        for pk, declaration_id, version_id in zip(
            columns["pk"], columns["declaration_id"], columns["rulebook_version_id"], strict=True
        ):
            key = (str(declaration_id), str(version_id))
            if key in keys:
                out[key] = pk
    return out


def _finding_rows(plan: Plan, keys: set[tuple[str, str]]) -> list[Finding]:
    """Findings of the written evaluations (non-compliant outcomes only: a small share)."""
    selected: list[pd.DataFrame] = []
    for result in plan.results:
        f = result.findings
        if f.empty:
            continue
        version_id = result.version.id
        mask = [(d, version_id) in keys for d in texts(f, "declaration_id")]
        selected.append(f[mask].assign(version_id=version_id))
    if not selected:
        return []
    wanted = {
        (d, v)
        for s in selected
        for d, v in zip(texts(s, "declaration_id"), texts(s, "version_id"), strict=True)
    }
    pk_of = _evaluation_pks(wanted)
    out: list[Finding] = []
    for f in selected:
        version_id = str(f["version_id"].iloc[0]) if len(f) else ""
        # Output materialisation of non-compliant findings only (a small share of rows).
        columns = zip(
            texts(f, "declaration_id"),
            texts(f, "rule_id"),
            texts(f, "rule_kind"),
            texts(f, "outcome"),
            optional_ints(f, "measured_minor"),
            optional_ints(f, "limit_minor"),
            texts(f, "unit"),
            optional_dates(f, "window_start"),
            optional_dates(f, "window_end"),
            string_lists(f, "contributing"),
            texts(f, "explanation_fr"),
            texts(f, "explanation_en"),
            texts(f, "severity"),
            texts(f, "confidence"),
            texts_or_empty(f, "citation"),
            strict=True,
        )
        out.extend(
            Finding(
                evaluation_id=pk_of[(declaration_id, version_id)],
                rule_id=rule_id,
                rule_kind=rule_kind,
                outcome=outcome,
                measured_minor=measured,
                limit_minor=limit,
                unit=unit,
                window_start=window_start,
                window_end=window_end,
                contributing=contributing,
                explanation_fr=explanation_fr,
                explanation_en=explanation_en,
                severity=severity,
                confidence=confidence,
                citation=citation,
            )
            for (
                declaration_id,
                rule_id,
                rule_kind,
                outcome,
                measured,
                limit,
                unit,
                window_start,
                window_end,
                contributing,
                explanation_fr,
                explanation_en,
                severity,
                confidence,
                citation,
            ) in columns
        )
    return out


def _departure_reasons(declaration_ids: list[str]) -> dict[str, str]:
    """Why declarations left the screening: withdrawn, amended, or no longer screened."""
    reasons: dict[str, str] = {}
    for pk, status, current in Declaration.objects.filter(pk__in=declaration_ids).values_list(
        "pk", "status", "is_current"
    ):
        if status == DeclarationStatus.WITHDRAWN:
            reasons[str(pk)] = "declaration withdrawn"
        elif not current:
            reasons[str(pk)] = "declaration amended (superseded by a new version)"
        else:
            reasons[str(pk)] = "no longer screened by this rulebook version"
    return reasons


@dataclass
class Diff:
    """What a plan changes in the stored evaluations."""

    insert: pd.DataFrame
    replace_pks: list[int]
    departed: pd.DataFrame
    changes: pd.DataFrame  # declaration_id, participant_id, version_id, before, after


def _diff(plan: Plan, participant_ids: Sequence[str], coverage: pd.DataFrame) -> Diff:
    explicit = _existing(participant_ids, plan.since)
    implied = _implied(plan, coverage, explicit)
    old = pd.concat([explicit, implied], ignore_index=True) if len(implied) else explicit
    stale = _stale_keys(plan, participant_ids)
    return evaluations_diff(new=plan.evaluations, old=old, stale=stale)


def evaluations_diff(*, new: pd.DataFrame, old: pd.DataFrame, stale: pd.DataFrame) -> Diff:
    """Compare new evaluations (EVAL_COLUMNS) with the stored current ones (pk, declaration_id,
    version_id, old_verdict, old_hash) and stored non-current ones (pk, declaration_id,
    version_id, old_verdict): what to insert, which stored rows it replaces, which stored rows no
    longer have a counterpart, and the verdicts that changed."""
    merged = new.merge(old, on=["declaration_id", "version_id"], how="left")
    merged = merged.merge(
        stale.rename(columns={"pk": "stale_pk", "old_verdict": "stale_verdict"}),
        on=["declaration_id", "version_id"],
        how="left",
    )
    unchanged = (merged["old_verdict"] == merged["verdict"]) & (
        merged["old_hash"] == merged["findings_hash"]
    )
    insert = merged[~unchanged]
    replace_pks = [int(p) for p in insert["pk"].dropna()] + [
        int(p) for p in insert["stale_pk"].dropna()
    ]
    changed = insert[insert["old_verdict"].notna() & (insert["old_verdict"] != insert["verdict"])]
    changes = pd.DataFrame(
        {
            "declaration_id": changed["declaration_id"],
            "participant_id": changed["participant_id"],
            "version_id": changed["version_id"],
            "before": changed["old_verdict"],
            "after": changed["verdict"],
            "reason": "re-screening",
        }
    )
    kept = old.merge(new[["declaration_id", "version_id"]], how="left", indicator=True)
    departed = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    return Diff(insert=insert, replace_pks=replace_pks, departed=departed, changes=changes)


def _write_coverage(
    plan: Plan,
    coverage: pd.DataFrame,
    snapshots: dict[str, int],
    *,
    as_of: date,
    now: datetime,
) -> int:
    """Replace the stored coverage runs of every participant whose runs or facts changed;
    rows written."""
    runs = coverage_runs(plan.evaluations)
    hashes = plan.bundle.participant_hashes()

    def keyed(frame: pd.DataFrame, facts: list[str]) -> dict[str, set[tuple[Any, ...]]]:
        out: dict[str, set[tuple[Any, ...]]] = {}
        for participant, version, start, end, governing, h in zip(
            texts(frame, "participant_id"),
            texts(frame, "version_id"),
            frame["date_from"].tolist(),
            frame["date_to"].tolist(),
            frame["governing"].tolist(),
            facts,
            strict=True,
        ):
            out.setdefault(participant, set()).add((version, start, end, bool(governing), h))
        return out

    stored = keyed(
        coverage,
        [
            h if start == plan.facts_start else ""
            for start, h in zip(coverage["facts_start"], coverage["facts_hash"], strict=True)
        ],
    )
    wanted = keyed(runs, [hashes.get(p, "") for p in texts(runs, "participant_id")])
    changed = {p for p in stored.keys() | wanted.keys() if stored.get(p) != wanted.get(p)}
    if not changed:
        return 0
    stale = coverage.loc[coverage["participant_id"].isin(changed), "pk"]
    if len(stale):
        Coverage.objects.filter(pk__in=[int(p) for p in stale]).delete()
    runs = runs[runs["participant_id"].isin(changed)]
    snapshots.update(_snapshots(plan, set(runs["participant_id"]) - snapshots.keys()))
    day = _field_prep(Coverage, "date_from")
    participants = texts(runs, "participant_id")
    raw_insert(
        Coverage,
        [
            "participant_id",
            "rulebook_version_id",
            "date_from",
            "date_to",
            "governing",
            "declarations",
            "facts_snapshot_id",
        ],
        zip(
            db_uuids(participants),
            db_uuids(texts(runs, "version_id")),
            [day(d) for d in runs["date_from"].tolist()],
            [day(d) for d in runs["date_to"].tolist()],
            [bool(g) for g in runs["governing"].tolist()],
            [int(n) for n in runs["declarations"].tolist()],
            [snapshots[p] for p in participants],
            strict=True,
        ),
        constants={
            "engine_version": ENGINE_VERSION,
            "as_of": _field_prep(Coverage, "as_of")(as_of),
            "evaluated_at": _field_prep(Coverage, "evaluated_at")(now),
        },
    )
    return len(runs)


def _write_evaluations(
    plan: Plan, diff: Diff, snapshots: dict[str, int], *, as_of: date, now: datetime
) -> int:
    """Store the changed verdicts other than compliant (compliant ones are implied by the
    coverage runs) and drop the stored rows they replace; rows written."""
    insert = diff.insert[(diff.insert["verdict"] != Verdict.COMPLIANT).to_numpy()]
    if diff.replace_pks:
        Evaluation.objects.filter(pk__in=diff.replace_pks).delete()
    if insert.empty:
        return 0
    snapshots.update(_snapshots(plan, set(insert["participant_id"]) - snapshots.keys()))
    hashes = plan.bundle.participant_hashes()
    participants = texts(insert, "participant_id")
    declarations = texts(insert, "declaration_id")
    versions = texts(insert, "version_id")
    rate_rows = rate_rows_of(sorted(set(declarations)))
    value_date = _field_prep(Evaluation, "value_date")
    constant = {
        "is_current": _field_prep(Evaluation, "is_current")(True),
        "engine_version": ENGINE_VERSION,
        "as_of": _field_prep(Evaluation, "as_of")(as_of),
        "evaluated_at": _field_prep(Evaluation, "evaluated_at")(now),
    }
    # Column arrays in database form, zipped into rows once (no model instance per row).
    columns: dict[str, list[Any]] = {
        "declaration_id": db_uuids(declarations),
        "participant_id": db_uuids(participants),
        "rulebook_version_id": db_uuids(versions),
        "value_date": _per_distinct_day(insert["value_date"], value_date),
        "verdict": texts(insert, "verdict"),
        "governing": bools(insert, "governing"),
        "facts_snapshot_id": [snapshots[p] for p in participants],
        "facts_hash": [hashes[p] for p in participants],
        "findings_hash": texts(insert, "findings_hash"),
        "rate_row_ids": db_json(rate_rows.get(d, NO_RATE_ROWS) for d in declarations),
    }
    written = raw_insert(
        Evaluation, list(columns), zip(*columns.values(), strict=True), constants=constant
    )
    Finding.objects.bulk_create(
        _finding_rows(plan, set(zip(declarations, versions, strict=True))),
        batch_size=EVALUATION_BATCH,
    )
    return written


def _per_distinct_day(values: pd.Series, prep: Any) -> list[Any]:
    """A date column in database form, converting each distinct day once."""
    days = values.to_numpy().astype("datetime64[D]")
    distinct, inverse = np.unique(days, return_inverse=True)
    prepared = [prep(d.astype(object)) for d in distinct]
    return [prepared[i] for i in inverse.tolist()]


def _field_prep(model: type[Any], name: str) -> Any:
    """A memoised database-form converter for one field's values (few distinct dates)."""
    field = model._meta.get_field(name)
    cache: dict[Any, Any] = {}

    def prep(value: Any) -> Any:
        if value not in cache:
            cache[value] = field.get_db_prep_save(value, connection)
        return cache[value]

    return prep


def _record_departures(diff: Diff, participant_of: dict[str, str]) -> pd.DataFrame:
    departed = diff.departed
    if departed.empty:
        return departed.assign(reason=pd.Series(dtype=object))
    reasons = _departure_reasons(list(departed["declaration_id"].unique()))
    departed = departed.assign(reason=departed["declaration_id"].map(reasons))
    # Stored rows stay for the record; implied compliant verdicts leave with their coverage.
    Evaluation.objects.filter(pk__in=[int(p) for p in departed["pk"].dropna()]).update(
        is_current=False
    )
    return departed


def _record_changes(
    changes: pd.DataFrame, departed: pd.DataFrame, *, run: ScreeningRun | None, now: datetime
) -> int:
    rows = [
        VerdictChange(
            declaration_id=declaration_id,
            participant_id=participant_id,
            rulebook_version_id=version_id,
            before=before,
            after=after,
            reason=reason,
            run=run,
            changed_at=now,
        )
        for declaration_id, participant_id, version_id, before, after, reason in zip(
            texts(changes, "declaration_id"),
            texts(changes, "participant_id"),
            texts(changes, "version_id"),
            texts(changes, "before"),
            texts(changes, "after"),
            texts(changes, "reason"),
            strict=True,
        )
    ]
    if not departed.empty:
        rows += [
            VerdictChange(
                declaration_id=declaration_id,
                participant_id=participant_id,
                rulebook_version_id=version_id,
                before=before,
                after="",
                reason=reason,
                run=run,
                changed_at=now,
            )
            for participant_id, declaration_id, version_id, before, reason in zip(
                texts(departed, "old_participant"),
                texts(departed, "declaration_id"),
                texts(departed, "version_id"),
                texts(departed, "old_verdict"),
                texts(departed, "reason"),
                strict=True,
            )
        ]
    VerdictChange.objects.bulk_create(rows, batch_size=EVALUATION_BATCH)
    return len(rows)


class _LateConversions(Exception):
    """Declarations were converted after the facts were read."""


def _mark_screened(plan: Plan) -> dict[str, list[str]]:
    """The window's declarations that were converted when the facts were read become
    `screened` (also when no version screens their value date: screening ran and found nothing
    to apply); their ids by participant."""
    frame = plan.bundle.frame
    if frame.empty:
        return {}
    window = frame[
        (frame["value_date"] >= pd.Timestamp(plan.since)).to_numpy()
        & (frame["status"] == DeclarationStatus.CONVERTED).to_numpy()
    ]
    moved = {str(p): list(ids) for p, ids in window.groupby("participant_id")["declaration_id"]}
    stamp = timezone.now()
    try:
        with transaction.atomic():
            # By participant, not by id lists: one statement per chunk of participants, kept
            # when it moves exactly the declarations the facts held.
            updated = sum(
                Declaration.objects.filter(
                    organisation_id__in=part,
                    is_current=True,
                    value_date__gte=plan.since,
                    status=DeclarationStatus.CONVERTED,
                ).update(status=DeclarationStatus.SCREENED, updated_at=stamp)
                for part in _chunks(sorted(moved))
            )
            if updated != len(window):
                raise _LateConversions
    except _LateConversions:
        # Declarations converted after the facts were read wait for their own screening.
        for sub in _chunks(texts(window, "declaration_id")):
            Declaration.objects.filter(pk__in=sub, status=DeclarationStatus.CONVERTED).update(
                status=DeclarationStatus.SCREENED, updated_at=stamp
            )
    return moved


def _audit(
    *,
    participants: dict[str, Organisation],
    screened: dict[str, list[str]],
    changes: pd.DataFrame,
    departed: pd.DataFrame,
    reason: str,
) -> None:
    """One event per participant whose declarations moved or whose verdicts changed."""
    changed_by: dict[str, list[dict[str, str]]] = {}
    for declaration_id, participant_id, version_id, before, after in zip(
        texts(changes, "declaration_id"),
        texts(changes, "participant_id"),
        texts(changes, "version_id"),
        texts(changes, "before"),
        texts(changes, "after"),
        strict=True,
    ):
        changed_by.setdefault(participant_id, []).append(
            {"declaration": declaration_id, "version": version_id, "before": before, "after": after}
        )
    events: list[dict[str, Any]] = []
    for pid, org in participants.items():
        moved = screened.get(pid, [])
        changed = changed_by.get(pid, [])
        if moved:
            events.append(
                {
                    "actor": None,
                    "actor_username": SYSTEM_ACTOR,
                    "action": "declaration.screened",
                    "obj": org,
                    "organisation": org,
                    "before": {"status": DeclarationStatus.CONVERTED},
                    "after": {
                        "status": DeclarationStatus.SCREENED,
                        "count": len(moved),
                        "declarations": moved[:AUDIT_LIST_LIMIT],
                    },
                }
            )
        if changed:
            events.append(
                {
                    "actor": None,
                    "actor_username": SYSTEM_ACTOR,
                    "action": "screening.verdicts_changed",
                    "obj": org,
                    "organisation": org,
                    "before": {"reason": reason},
                    "after": {"count": len(changed), "changes": changed[:AUDIT_LIST_LIMIT]},
                }
            )
    audit_record_many(events)
    del departed  # departures are audited by the declaration service that caused them


def screening_screen(
    *,
    participant_ids: Sequence[Any],
    since: date,
    as_of: date | None = None,
    run: ScreeningRun | None = None,
    reason: str = "screening",
) -> ScreeningSummary:
    """Screen these participants' declarations valued on or after `since` (a 1 January) with
    every version that screens them; write only what changed; raise and close flags."""
    ids = sorted({str(p) for p in participant_ids})
    summary = ScreeningSummary(participants=len(ids))
    if not ids:
        return summary
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        # One screening per participant at a time: concurrent chunks never race on upserts.
        participants = {
            str(o.pk): o
            for o in Organisation.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        now = timezone.now()
        plan = screening_plan(participant_ids=ids, since=since, as_of=as_of, taken_at=now)
        coverage = _old_coverage(ids, since)
        diff = _diff(plan, ids, coverage)
        summary.declarations = int(plan.evaluations["declaration_id"].nunique())
        departed = _record_departures(diff, {})
        snapshots: dict[str, int] = {}
        summary.evaluations_written = _write_coverage(
            plan, coverage, snapshots, as_of=as_of, now=now
        ) + _write_evaluations(plan, diff, snapshots, as_of=as_of, now=now)
        summary.verdicts_changed = _record_changes(diff.changes, departed, run=run, now=now)
        summary.changed_ids = sorted(
            set(diff.changes["declaration_id"]) | set(departed["declaration_id"])
        )
        flags = flags_reconcile(
            inputs=FlagInputs(
                participant_ids=ids,
                since=since,
                evaluations=plan.evaluations,
                results=plan.results,
                departed=departed,
            ),
            now=now,
        )
        summary.flags_opened, summary.flags_closed = flags.opened, flags.closed
        screened = _mark_screened(plan)
        _audit(
            participants=participants,
            screened=screened,
            changes=diff.changes,
            departed=departed,
            reason=reason,
        )
    return summary


def affected_windows(rows: Iterable[tuple[Any, date, date | None]]) -> dict[date, list[str]]:
    """Participants to re-screen, grouped by the 1 January their window starts on, from
    (participant, value date, value date of the version it superseded or None) rows: the
    earliest year any of its declarations (old or new value date) touches."""
    earliest: dict[str, date] = {}
    for org, value_date, previous in rows:
        day = min(value_date, previous) if previous is not None else value_date
        key = str(org)
        earliest[key] = min(earliest.get(key, day), day)
    by_since: dict[date, list[str]] = {}
    for participant, day in sorted(earliest.items()):
        by_since.setdefault(year_start(day), []).append(participant)
    return by_since


def screening_after_processing(*, declaration_ids: Sequence[Any]) -> ScreeningSummary:
    """Screen the windows affected by these declarations (new, amended, withdrawn or converted):
    each participant from 1 January of the earliest value date among them and the versions they
    superseded, to the end of its data."""
    rows = list(
        Declaration.objects.filter(pk__in=list(declaration_ids)).values_list(
            "organisation_id", "value_date", "supersedes__value_date"
        )
    )
    by_since = affected_windows(rows)
    total = ScreeningSummary()
    for since, orgs in sorted(by_since.items()):
        total.add(screening_screen(participant_ids=orgs, since=since, reason="declaration"))
    return total


def screening_departed_declarations(*, limit: int) -> list[Any]:
    """Withdrawn declarations whose evaluations still count as current (their participant's
    later running totals have not been recomputed since the withdrawal)."""
    covered = Coverage.objects.filter(
        participant_id=OuterRef("organisation_id"),
        date_from__lte=OuterRef("value_date"),
        date_to__gte=OuterRef("value_date"),
        evaluated_at__lt=OuterRef("withdrawn_at"),
    )
    stored = Evaluation.objects.filter(declaration_id=OuterRef("pk"), is_current=True)
    return list(
        Declaration.objects.filter(status=DeclarationStatus.WITHDRAWN)
        .filter(Exists(covered) | Exists(stored))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
