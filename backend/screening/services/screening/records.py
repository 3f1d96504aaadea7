"""The record a screening leaves: departures, verdict changes, screened status, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Organisation
from backend.audit.services import audit_record_many
from backend.declarations.models import Declaration, DeclarationStatus
from backend.screening.columns import (
    texts,
)
from backend.screening.models import (
    Evaluation,
    ScreeningRun,
    VerdictChange,
)
from backend.screening.services.screening.diff import Diff
from backend.screening.services.screening.frames import _chunks
from backend.screening.services.screening.plan import EVALUATION_BATCH, Plan

SYSTEM_ACTOR = "system:screening"
# Audit events list at most this many changed declarations; the change records hold them all.
AUDIT_LIST_LIMIT = 50


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
) -> list[int]:
    """Record every verdict that changed or left the screening; the rows' ids."""
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
    created = VerdictChange.objects.bulk_create(rows, batch_size=EVALUATION_BATCH)
    return [row.pk for row in created]


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
