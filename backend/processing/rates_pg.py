"""A publication's re-screening records in PostgreSQL statements, for the re-conversions staged by
`rates.reconversion_pg`: each change kept with its verdicts before, and each chunk's audit events
written with the verdicts after, in one statement each instead of a round trip of every row
through Python. The same events as `rates.held.conversions_hold` and
`conversions_record_held`."""

import json
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.utils import timezone

from backend.common.middleware import current_request_id
from backend.declarations.models import Declaration, DeclarationStatus
from backend.processing.verdicts_pg import VERDICTS_OF
from backend.rates.held import STATE_KEYS, SYSTEM_ACTOR, Held
from backend.rates.models import HeldReconversion
from backend.rates.reconversion_pg import STAGE, Staged, session_for_sets, staged_state
from backend.reviews.models import Case
from backend.screening.models import Flag

HOLD_SQL = f"""
    WITH wanted AS (SELECT id, participant_id, value_date, status FROM {STAGE}),
    {VERDICTS_OF}
    INSERT INTO rates_heldreconversion
        (declaration_id, participant_id, run_id, before, after, held_at)
    SELECT s.id, s.participant_id, r.run_id,
        {staged_state("before")} || jsonb_build_object('verdicts', v.verdicts),
        {staged_state("after")} || jsonb_build_object('converted_at', %(at)s::text)
            || %(reason)s::jsonb,
        %(held_at)s
    FROM {STAGE} s
    JOIN unnest(%(participants)s::uuid[], %(runs)s::uuid[]) AS r(participant_id, run_id)
        ON r.participant_id = s.participant_id
    JOIN verdicts v ON v.id = s.id
"""  # noqa: S608
RECORD_SQL = f"""
    WITH held AS (
        DELETE FROM rates_heldreconversion h
        WHERE h.run_id = %(run)s AND h.participant_id = ANY(%(participants)s::uuid[])
        RETURNING h.id, h.declaration_id, h.participant_id, h.before, h.after
    ),
    wanted AS (
        SELECT DISTINCT d.id, d.organisation_id AS participant_id, d.value_date, d.status
        FROM declarations_declaration d JOIN held ON held.declaration_id = d.id
    ),
    {VERDICTS_OF}
    INSERT INTO audit_auditevent (occurred_at, actor_id, actor_username, action, object_type,
        request_id, object_id, organisation_id, before, after)
    SELECT %(at)s, NULL, %(actor)s, %(action)s, %(object_type)s, %(request)s,
        held.declaration_id::text, held.participant_id, held.before,
        held.after || jsonb_build_object('verdicts', v.verdicts)
    FROM held JOIN verdicts v ON v.id = held.declaration_id
    ORDER BY held.declaration_id, held.id
"""  # noqa: S608


def rescreen_hold_staged(
    *, staged: Staged, reason: Mapping[str, Any], runs: Mapping[str, str]
) -> int:
    """Keep every staged change, with its verdicts before, until its participant's chunk of
    `runs` (participant id -> run id) re-screens it; returns how many."""
    participants = sorted(runs)
    with connection.cursor() as cursor:
        cursor.execute(
            HOLD_SQL,
            {
                "at": staged.converted_at.isoformat(),
                "reason": json.dumps(dict(reason)),
                "held_at": timezone.now(),
                "participants": participants,
                "runs": [runs[p] for p in participants],
                "screened": DeclarationStatus.SCREENED.value,
            },
        )
        return int(cursor.rowcount)


def _cases_may_hold(run_id: Any, participants: list[Any]) -> dict[str, tuple[dict, dict]]:
    """The kept changes whose payment a case may hold (flagged, or a case opened on it), read
    per participant, as audited (`Reconversion.states`)."""
    flagged = set(
        Flag.objects.filter(participant_id__in=participants)
        .order_by()
        .values_list("declaration_id", flat=True)
    )
    flagged.update(
        Case.objects.filter(participant_id__in=participants)
        .order_by()
        .values_list("declaration_id", flat=True)
    )
    held = HeldReconversion.objects.filter(
        run_id=run_id, participant_id__in=participants, declaration_id__in=list(flagged)
    ).order_by("declaration_id", "id")
    return {
        str(declaration_id): (
            {k: v for k, v in before.items() if k in STATE_KEYS},
            {k: v for k, v in after.items() if k in STATE_KEYS},
        )
        for declaration_id, before, after in held.values_list("declaration_id", "before", "after")
    }


def rescreen_record_held(*, run_id: Any, participant_ids: list[str]) -> Held:
    """One audit event per change kept for the run's re-screening of these participants, with
    its verdicts after, then forget them (in the transaction that records the chunk). Returns
    the changes a case may hold and the publication's reason."""
    participants: list[Any] = sorted(participant_ids)
    states = _cases_may_hold(run_id, participants)
    after = (
        HeldReconversion.objects.filter(run_id=run_id, participant_id__in=participants)
        .values_list("after", flat=True)
        .first()
    )
    reason = {k: v for k, v in (after or {}).items() if k not in (*STATE_KEYS, "converted_at")}
    with connection.cursor() as cursor:
        session_for_sets(cursor)
        cursor.execute(
            RECORD_SQL,
            {
                "run": run_id,
                "participants": participants,
                "at": timezone.now(),
                "actor": SYSTEM_ACTOR,
                "action": "declaration.reconverted",
                "object_type": Declaration._meta.label_lower,
                "request": current_request_id(),
                "screened": DeclarationStatus.SCREENED.value,
            },
        )
    return Held(states=states, reason=reason)
