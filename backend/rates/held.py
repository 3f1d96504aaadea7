"""Re-conversions kept until the chunk re-screening their participant has run.

When the re-screening is handed to the workers in chunks, `conversions_hold` keeps each change
(with its verdicts before) in the re-conversion's transaction, and each chunk records its
participants' events with `conversions_record_held` once it has screened them, in the chunk's
transaction.
"""

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from backend.audit.services import audit_record_set
from backend.common.bulk import db_uuids, raw_insert
from backend.declarations.models import Declaration
from backend.rates.models import HeldReconversion
from backend.rates.reconversion import IN_CHUNK, SYSTEM_ACTOR, Reconversion, _ids_in

# The keys of a declaration's audited conversion state (see `reconversion._side_states`).
STATE_KEYS = ("status", "conversion")


def _any(values: list[str]) -> list[Any]:
    """Ids as a lookup takes them (a UUID field's lookup is typed for UUIDs; strings do)."""
    return values


def conversions_hold(
    *,
    redo: Reconversion,
    reason: dict[str, Any],
    runs: Mapping[str, Any],
    verdicts: Mapping[str, list[dict[str, Any]]],
) -> int:
    """Keep every change of `redo` until its participant is re-screened by a run's chunk
    (`runs` maps a participant id to its run id; `verdicts` a declaration id to its verdicts
    before): what its audit event will say, but the verdicts after. Returns how many."""
    if not redo.count:
        return 0
    at = None if redo.converted_at is None else redo.converted_at.isoformat()
    states = redo.states()
    ids = redo.ids()
    participants = [str(p) for p in redo.changes["participant_id"]]
    # States and verdict lists are shared between declarations: each distinct pair serialised
    # once.
    # (Keyed by identity: every object keyed on stays alive in `states` or `verdicts`.)
    serialised: dict[tuple[int, int], str] = {}
    none: list[dict[str, Any]] = []
    befores, afters = [], []
    for declaration_id in ids:
        was, now = states[declaration_id]
        listed = verdicts.get(declaration_id, none)
        key = (id(was), id(listed))
        if key not in serialised:
            serialised[key] = json.dumps({**was, "verdicts": listed})
        befores.append(serialised[key])
        key = (id(now), 0)
        if key not in serialised:
            serialised[key] = json.dumps({**now, "converted_at": at, **reason})
        afters.append(serialised[key])
    held_at = HeldReconversion._meta.get_field("held_at").get_db_prep_save(
        timezone.now(), connection
    )
    return raw_insert(
        HeldReconversion,
        ["declaration_id", "participant_id", "run_id", "before", "after"],
        zip(
            db_uuids(ids),
            db_uuids(participants),
            db_uuids([str(runs[p]) for p in participants]),
            befores,
            afters,
            strict=True,
        ),
        constants={"held_at": held_at},
    )


@dataclass(frozen=True)
class Held:
    """The re-conversions a chunk recorded: each one's conversion before and after, and the
    reason of the publication that made them."""

    states: dict[str, tuple[dict[str, Any], dict[str, Any]]]
    reason: dict[str, Any]


def conversions_held_runs(*, held_before: datetime) -> list[str]:
    """The runs still holding re-conversions kept before `held_before`."""
    return [
        str(i)
        for i in HeldReconversion.objects.filter(held_at__lt=held_before)
        .order_by("run_id")
        .values_list("run_id", flat=True)
        .distinct()
    ]


def conversions_held(*, run_id: Any, participant_ids: Collection[str]) -> list[str]:
    """The declarations of these participants kept for the run's re-screening."""
    out: list[str] = []
    for chunk in _ids_in(sorted(str(p) for p in participant_ids)):
        out += [
            str(i)
            for i in HeldReconversion.objects.filter(run_id=run_id, participant_id__in=_any(chunk))
            .order_by()
            .values_list("declaration_id", flat=True)
        ]
    return out


def conversions_record_held(
    *,
    run_id: Any,
    participant_ids: Collection[str],
    verdicts: Mapping[str, list[dict[str, Any]]],
) -> Held:
    """One audit event per declaration kept for the run's re-screening of these participants,
    with its verdicts after (`verdicts` maps a declaration id to them), then forget them; in the
    transaction that re-screened them. Returns each one's conversion before and after, as
    audited (as `Reconversion.states`), and the publication's reason."""
    rows: list[tuple[str, str | None, dict[str, Any], dict[str, Any]]] = []
    states: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    reason: dict[str, Any] = {}
    for chunk in _ids_in(sorted(str(p) for p in participant_ids)):
        held = HeldReconversion.objects.filter(run_id=run_id, participant_id__in=_any(chunk))
        for declaration_id, participant_id, before, after in (
            held.order_by("declaration_id", "id")
            .values_list("declaration_id", "participant_id", "before", "after")
            .iterator(chunk_size=IN_CHUNK)
        ):
            key = str(declaration_id)
            rows.append(
                (key, str(participant_id), before, {**after, "verdicts": verdicts.get(key, [])})
            )
            states[key] = (
                {k: v for k, v in before.items() if k in STATE_KEYS},
                {k: v for k, v in after.items() if k in STATE_KEYS},
            )
            reason = {k: v for k, v in after.items() if k not in (*STATE_KEYS, "converted_at")}
        held.delete()
    audit_record_set(
        action="declaration.reconverted",
        actor_username=SYSTEM_ACTOR,
        object_type=Declaration._meta.label_lower,
        rows=rows,
    )
    return Held(states=states, reason=reason)
