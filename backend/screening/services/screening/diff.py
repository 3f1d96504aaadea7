"""What a plan changes: new evaluations compared with the stored ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from backend.common.bulk import frame_read
from backend.screening.columns import texts
from backend.screening.models import Evaluation, Verdict
from backend.screening.services.screening.coverage import _implied, coverage_runs
from backend.screening.services.screening.frames import _chunks
from backend.screening.services.screening.plan import Plan
from backend.screening.versions import EMPTY_FINDINGS_HASH

EXISTING_FIELDS = (
    "id",
    "declaration_id",
    "rulebook_version_id",
    "verdict",
    "findings_hash",
    "participant_id",
)
EXISTING_NAMES = [
    "pk",
    "declaration_id",
    "version_id",
    "old_verdict",
    "old_hash",
    "old_participant",
]


def _existing(participant_ids: Sequence[str], since: date) -> pd.DataFrame:
    """The stored current evaluations of these participants from `since` (one set-based read
    per chunk of participants: `COPY` on PostgreSQL, no Python object per row)."""
    parts = [
        frame_read(
            Evaluation.objects.filter(
                participant_id__in=part, value_date__gte=since, is_current=True
            ).order_by("id"),
            EXISTING_FIELDS,
            {"id": "int64"},
        ).set_axis(EXISTING_NAMES, axis=1)
        for part in _chunks(list(participant_ids))
    ]
    return pd.concat(parts, ignore_index=True).astype(
        {"pk": "int64", "declaration_id": object, "version_id": object, "old_participant": object}
    )


def _stale_keys(plan: Plan, participant_ids: Sequence[str]) -> pd.DataFrame:
    """Evaluations stored non-current for keys the plan produces (re-screened again)."""
    parts = [
        frame_read(
            Evaluation.objects.filter(
                participant_id__in=part, value_date__gte=plan.since, is_current=False
            ),
            ("id", "declaration_id", "rulebook_version_id", "verdict"),
            {"id": "int64"},
        ).set_axis(["pk", "declaration_id", "version_id", "old_verdict"], axis=1)
        for part in _chunks(list(participant_ids))
    ]
    return pd.concat(parts, ignore_index=True).astype(
        {"pk": "int64", "declaration_id": object, "version_id": object}
    )


@dataclass
class Diff:
    """What a plan changes in the stored evaluations."""

    insert: pd.DataFrame
    replace_pks: list[int]
    departed: pd.DataFrame
    changes: pd.DataFrame  # declaration_id, participant_id, version_id, before, after


def _by_participant(rows: Any) -> dict[str, set[tuple[Any, ...]]]:
    out: dict[str, set[tuple[Any, ...]]] = {}
    for participant, *rest in rows:
        out.setdefault(participant, set()).add(tuple(rest))
    return out


def _settled(plan: Plan, coverage: pd.DataFrame, explicit: pd.DataFrame) -> set[str]:
    """Participants whose stored screening is already the plan's: the same facts (a snapshot of
    the plan's facts start and hash), the same coverage runs and the same stored verdicts other
    than compliant, with the same findings. Every verdict of theirs is then as stored (the
    compliant ones are those the runs imply), so the row-by-row comparison leaves them out: a
    re-run that changes nothing compares a few rows per participant, not every declaration."""
    if coverage.empty:
        return set()
    hashes = plan.bundle.participant_hashes()
    runs = coverage_runs(plan.evaluations)
    old_runs = _by_participant(
        zip(
            texts(coverage, "participant_id"),
            texts(coverage, "version_id"),
            coverage["date_from"].tolist(),
            coverage["date_to"].tolist(),
            [bool(g) for g in coverage["governing"].tolist()],
            [
                h if start == plan.facts_start else ""
                for start, h in zip(coverage["facts_start"], coverage["facts_hash"], strict=True)
            ],
            strict=True,
        )
    )
    participants = texts(runs, "participant_id")
    new_runs = _by_participant(
        zip(
            participants,
            texts(runs, "version_id"),
            runs["date_from"].tolist(),
            runs["date_to"].tolist(),
            [bool(g) for g in runs["governing"].tolist()],
            [hashes.get(p, "") for p in participants],
            strict=True,
        )
    )
    same_runs = {p for p, found in new_runs.items() if old_runs.get(p) == found}
    if not same_runs:
        # A declaration's own screening: its participant's facts changed, nothing is settled.
        return set()
    evaluations = plan.evaluations
    stored_form = (evaluations["verdict"] != Verdict.COMPLIANT) | (
        evaluations["findings_hash"] != EMPTY_FINDINGS_HASH
    )
    marked = evaluations[stored_form.to_numpy()]
    new_stored = _by_participant(
        zip(
            texts(marked, "participant_id"),
            texts(marked, "declaration_id"),
            texts(marked, "version_id"),
            texts(marked, "verdict"),
            texts(marked, "findings_hash"),
            strict=True,
        )
    )
    old_stored = _by_participant(
        zip(
            texts(explicit, "old_participant"),
            texts(explicit, "declaration_id"),
            texts(explicit, "version_id"),
            texts(explicit, "old_verdict"),
            texts(explicit, "old_hash"),
            strict=True,
        )
    )
    return {p for p in same_runs if new_stored.get(p, set()) == old_stored.get(p, set())}


def _diff(plan: Plan, participant_ids: Sequence[str], coverage: pd.DataFrame) -> Diff:
    explicit = _existing(participant_ids, plan.since)
    new = plan.evaluations
    settled = _settled(plan, coverage, explicit)
    if settled:
        new = new[~new["participant_id"].isin(settled).to_numpy()]
        explicit = explicit[~explicit["old_participant"].isin(settled).to_numpy()]
        coverage = coverage[~coverage["participant_id"].isin(settled).to_numpy()]
    implied = _implied(plan, coverage, explicit)
    old = pd.concat([explicit, implied], ignore_index=True) if len(implied) else explicit
    stale = _stale_keys(plan, participant_ids)
    return evaluations_diff(new=new, old=old, stale=stale)


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
