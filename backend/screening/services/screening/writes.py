"""Set-based writes of a screening: facts snapshots, coverage runs, evaluations, findings."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from backend.common.bulk import db_json, db_uuids, raw_columns, raw_insert
from backend.rule_engine import ENGINE_VERSION
from backend.screening.columns import (
    bools,
    fact_lists,
    ints,
    optional_dates,
    optional_ints,
    string_lists,
    texts,
    texts_or_empty,
)
from backend.screening.facts import rate_rows_of
from backend.screening.models import (
    Coverage,
    Evaluation,
    FactsSnapshot,
    Finding,
    Verdict,
)
from backend.screening.services.screening.coverage import coverage_runs
from backend.screening.services.screening.diff import Diff
from backend.screening.services.screening.frames import _chunks, _field_prep, _per_distinct_day
from backend.screening.services.screening.plan import EVALUATION_BATCH, NO_RATE_ROWS, Plan
from backend.screening.versions import EMPTY_FINDINGS_HASH


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
            ints(f, "contributing_count"),
            fact_lists(f, "missing_facts"),
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
                contributing_count=contributing_count,
                missing_facts=missing,
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
                contributing_count,
                missing,
                explanation_fr,
                explanation_en,
                severity,
                confidence,
                citation,
            ) in columns
        )
    return out


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
    """Store the changed verdicts other than compliant, and compliant ones with a finding to
    show (a deadline still open, its due date): the other compliant ones are implied by the
    coverage runs. Drop the stored rows they replace; rows written."""
    keep = (diff.insert["verdict"] != Verdict.COMPLIANT) | (
        diff.insert["findings_hash"] != EMPTY_FINDINGS_HASH
    )
    insert = diff.insert[keep.to_numpy()]
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
