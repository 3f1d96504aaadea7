"""What a plan changes: new evaluations compared with the stored ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from backend.screening.models import (
    Evaluation,
)
from backend.screening.services.screening.coverage import _implied
from backend.screening.services.screening.frames import _chunks, _key_frame
from backend.screening.services.screening.plan import Plan


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
