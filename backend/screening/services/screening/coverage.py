"""Coverage runs: the stored form of compliant verdicts, and the verdicts they imply."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from backend.declarations.models import Declaration
from backend.screening.models import (
    Coverage,
    FactsSnapshot,
    Verdict,
)
from backend.screening.services.screening.frames import _chunks, _key_frame
from backend.screening.services.screening.plan import Plan
from backend.screening.versions import (
    EMPTY_FINDINGS_HASH,
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
