"""Late and revised publications through the flow: re-convert what they change, re-screen the
participant-years concerned, tell the startups whose verdicts moved and the cases opened on the
old amounts.

A stored payload (or a regulator's marking of a non-publication day) stays unapplied until this
has run: everything happens in one transaction that ends by setting its `applied_at`, so a crash
part-way leaves it for the sweep, and a second delivery finds it applied and does nothing. On
PostgreSQL a publication moving many participants is applied in waves of a few chunks of them,
each in its own transaction under the publication's lock, the last one setting `applied_at`:
each wave re-converts only what still differs, so a crash part-way leaves the rest to the sweep.

A publication that moves more participants than one screening call holds hands their re-screening
to the workers: the re-conversion stays one set-based pass, and in its transaction each change is
kept (`conversions_hold`, with its verdicts before) and a re-screening run is started over the
participants concerned (the screening room's runs: chunks of whole participants, claimed and
marked done one by one, shared by every worker). Each chunk's task screens its participants, then
records in one transaction their re-conversions with the verdicts after, the events of the
payments whose verdicts moved with them, the notifications and the cases holding re-converted
payments, and forgets the kept changes: each re-converted payment is re-screened once (the chunk
is marked done with its screening) and audited once (with the kept change's removal). The sweep
(`rates_rescreen_sweep`) sends again a chunk never run, and records what a chunk left when its
worker died after screening or when the screening room's own task ran it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from backend.common.queue import enqueue_on_commit
from backend.processing.notify import processing_notify, verdict_notices
from backend.processing.rates_pg import rescreen_hold_staged, rescreen_record_held
from backend.processing.rates_records import (
    audit_verdicts_moved,
    held_by_cases,
    held_rows,
)
from backend.rates.held import (
    conversions_held,
    conversions_held_runs,
    conversions_hold,
    conversions_record_held,
)
from backend.rates.reconversion import Reconversion, conversions_audit, conversions_redo
from backend.rates.reconversion_pg import (
    Staged,
    conversions_candidates,
    conversions_stage,
    conversions_write_staged,
)
from backend.rates.services.publications import (
    RateChange,
    non_publication_day_applied,
    non_publication_day_take,
    rate_payload_applied,
    rate_payload_take,
)
from backend.reviews.services.reconversions import cases_record_reconversions
from backend.screening.models import ScreeningRun, ScreeningRunChunk, VerdictChange
from backend.screening.services.runs import ChunkOutcome, screening_run_chunk, screening_run_start
from backend.screening.services.screening import (
    ScreeningSummary,
    affected_windows,
    screening_screen,
    year_start,
)
from backend.screening.states import declaration_statuses, declaration_verdict_states

logger = logging.getLogger(__name__)

SCREENING_REASON = "rates published"
# Chunks of participants re-converted per transaction when a publication moves many (PostgreSQL).
WAVE_CHUNKS = 2
# The task that runs one chunk of a publication's re-screening (`processing_rates_rescreen_chunk`).
RESCREEN_CHUNK_TASK = "processing.rates_rescreen_chunk"


def _per_chunk() -> int:
    """Whole participants per screening call (settings.PROCESSING_RATES_PARTICIPANTS_PER_CHUNK):
    bounds the memory of one plan while the work stays set-based (a few hundred participants
    hold many thousands of declarations); a publication moving more is handed to the workers."""
    return max(int(settings.PROCESSING_RATES_PARTICIPANTS_PER_CHUNK), 1)


@dataclass(frozen=True)
class RatesApplied:
    """What applying a publication did."""

    reconverted: int
    participants: int
    verdicts_changed: int
    notified: int
    cases: int
    # The re-screening runs handed to the workers (their verdict changes and notifications
    # are theirs, not counted above); none when re-screened here.
    runs: tuple[str, ...] = ()


def _rescreen(windows: dict[Any, list[str]]) -> ScreeningSummary:
    """Screen again each participant from 1 January of its earliest re-converted payment."""
    total = ScreeningSummary()
    for since, participants in sorted(windows.items()):
        size = _per_chunk()
        for start in range(0, len(participants), size):
            chunk = participants[start : start + size]
            total.add(
                screening_screen(
                    participant_ids=chunk, since=since, reason=SCREENING_REASON, usage=True
                )
            )
    return total


def _apply(
    take: Callable[[], RateChange | None], applied: Callable[[], None]
) -> RatesApplied | None:
    if connection.vendor == "postgresql":
        with transaction.atomic():
            change = take()
            if change is None:
                return None
            participants = conversions_candidates(source=change.source, days=change.days)
        if len(participants) > _per_chunk():
            return _in_waves(take, applied, participants)
    with transaction.atomic():
        change = take()
        if change is None:
            return None
        redo = conversions_redo(source=change.source, days=change.days)
        changed = redo.declarations()
        before = declaration_verdict_states(declarations=changed)
        windows = affected_windows((p, day, None) for p, day in redo.participant_days())
        if sum(len(p) for p in windows.values()) > _per_chunk():
            outcome = _hand_over(redo, windows, before, change.reason)
        else:
            outcome = _here(redo, windows, before, change.reason)
        applied()
    return outcome


def _in_waves(
    take: Callable[[], RateChange | None], applied: Callable[[], None], participants: list[str]
) -> RatesApplied | None:
    """Re-convert and hand over a large publication's changes a few chunks of participants at a
    time, each wave in its own transaction under the publication's lock: its chunks start as soon
    as it commits, while the next wave is written. Each wave stages only what still differs, so
    a delivery again (or after a crash part-way) goes on where the last one stopped; the last
    wave marks the publication applied (None when another delivery did)."""
    size = WAVE_CHUNKS * _per_chunk()
    count, runs = 0, {}
    for start in range(0, len(participants), size):
        with transaction.atomic():
            change = take()
            if change is None:
                return None
            wave = participants[start : start + size]
            staged = conversions_stage(source=change.source, days=change.days, participants=wave)
            if staged is not None:
                windows = affected_windows((p, day, None) for p, day in staged.participant_days)
                runs.update(_hand_over_staged(staged, windows, change.reason))
                count += staged.count
            if start + size >= len(participants):
                applied()
    return _handed(count, runs)


def _here(
    redo: Reconversion,
    windows: dict[Any, list[str]],
    before: dict[str, Any],
    reason: dict[str, Any],
) -> RatesApplied:
    """Re-screen, audit, notify and tell the cases in the re-conversion's transaction."""
    summary = _rescreen(windows) if redo.count else ScreeningSummary()
    changed = redo.declarations()
    after = declaration_verdict_states(declarations=declaration_statuses(declarations=changed))
    conversions_audit(
        redo=redo,
        reason=reason,
        verdicts={i: (before[i], after[i]) for i in redo.ids()},
    )
    notices = verdict_notices(summary.change_pks)
    reconverted = set(redo.ids())
    audit_verdicts_moved([n for n in notices if str(n.declaration_id) not in reconverted], reason)
    notified = processing_notify(summary, notices)
    cases = cases_record_reconversions(changes=redo.states()) if redo.count else 0
    return RatesApplied(
        reconverted=redo.count,
        participants=summary.participants,
        verdicts_changed=len(notices),
        notified=notified,
        cases=cases,
    )


def _start_runs(windows: dict[Any, list[str]]) -> dict[str, str]:
    """One re-screening run per window start (their chunks go to the workers once this
    commits); each participant's run."""
    runs: dict[str, str] = {}
    for since, participants in sorted(windows.items()):
        run = screening_run_start(
            actor=None,
            reason=SCREENING_REASON,
            since=since,
            participant_ids=participants,
            participants_per_chunk=_per_chunk(),
            chunk_task=RESCREEN_CHUNK_TASK,
        )
        runs.update(dict.fromkeys(participants, str(run.pk)))
    return runs


def _handed(count: int, runs: dict[str, str]) -> RatesApplied:
    return RatesApplied(
        reconverted=count,
        participants=len(runs),
        verdicts_changed=0,
        notified=0,
        cases=0,
        runs=tuple(dict.fromkeys(runs.values())),
    )


def _hand_over(
    redo: Reconversion,
    windows: dict[Any, list[str]],
    before: dict[str, Any],
    reason: dict[str, Any],
) -> RatesApplied:
    """Keep every change with its verdicts before and start the re-screening runs."""
    runs = _start_runs(windows)
    conversions_hold(redo=redo, reason=reason, runs=runs, verdicts=before)
    return _handed(redo.count, runs)


def _hand_over_staged(
    staged: Staged, windows: dict[Any, list[str]], reason: dict[str, Any]
) -> dict[str, str]:
    """The same in PostgreSQL statements: keep every staged change with its verdicts before
    (read before anything is written), write the new conversions, start the runs; each
    participant's run."""
    runs = _start_runs(windows)
    rescreen_hold_staged(staged=staged, reason=reason, runs=runs)
    conversions_write_staged(staged=staged)
    return runs


@dataclass(frozen=True)
class ChunkRecorded:
    """What one chunk of a publication's re-screening did."""

    ran: bool
    reconverted: int = 0
    verdicts_changed: int = 0
    notified: int = 0
    cases: int = 0


def _record(
    run_id: Any, participant_ids: list[str], summary: ScreeningSummary | None
) -> ChunkRecorded:
    """The re-conversions kept for the run's re-screening of these participants, audited with
    their verdicts after; the payments whose verdicts moved with them; the notifications
    (`summary` is the chunk's screening; None when another task screened it: its verdict
    changes are then read back from the run's records, and its allowance use from screening the
    participants again, which writes nothing new)."""
    held = conversions_held(run_id=run_id, participant_ids=participant_ids)
    if not held:
        return ChunkRecorded(ran=True)
    if summary is None:
        run = ScreeningRun.objects.get(pk=run_id)
        again = screening_screen(
            participant_ids=participant_ids,
            since=run.since or year_start(timezone.localdate()),
            reason=SCREENING_REASON,
            usage=True,
        )
        summary = ScreeningSummary(
            change_pks=list(
                VerdictChange.objects.filter(
                    run_id=run_id, participant_id__in=list[Any](participant_ids)
                )
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            + again.change_pks,
            allowances=again.allowances,
        )
    if connection.vendor == "postgresql":
        # Only the changes a case may hold come back.
        recorded = rescreen_record_held(run_id=run_id, participant_ids=participant_ids)
        may_hold = recorded.states
    else:
        after = declaration_verdict_states(declarations=held_rows(held))
        recorded = conversions_record_held(
            run_id=run_id, participant_ids=participant_ids, verdicts=after
        )
        may_hold = held_by_cases(recorded.states, participant_ids)
    cases = cases_record_reconversions(changes=may_hold)
    notices = verdict_notices(summary.change_pks)
    reconverted = set(held)
    audit_verdicts_moved(
        [n for n in notices if str(n.declaration_id) not in reconverted], recorded.reason
    )
    notified = processing_notify(summary, notices)
    return ChunkRecorded(
        ran=True,
        reconverted=len(held),
        verdicts_changed=len(notices),
        notified=notified,
        cases=cases,
    )


def processing_rates_rescreen_chunk(*, chunk_id: int) -> ChunkRecorded:
    """Screen one chunk of a publication's re-screening (the screening room's chunk: claimed,
    screened and marked done in its own transactions, so chunks of one run never wait for each
    other), then record what it re-screened in one more transaction (a redelivered chunk does
    nothing; one whose worker died in between is recorded by the sweep)."""
    outcome: ChunkOutcome = screening_run_chunk(chunk_id=chunk_id, usage=True)
    if not outcome.ran:
        return ChunkRecorded(ran=False)
    with transaction.atomic():
        # The sweep records a done chunk's leftovers under the same lock: never both.
        ScreeningRunChunk.objects.select_for_update().filter(pk=chunk_id).exists()
        return _record(outcome.run_id, outcome.participant_ids, outcome.summary)


def rates_rescreen_sweep(*, older_than: timedelta) -> int:
    """Finish the re-screening of publications whose re-conversions are still kept after
    `older_than`: a chunk not done is sent again to its task; a chunk done by another task (a
    stalled chunk the screening room's resume re-sent) has its re-conversions recorded here.
    Returns how many chunks were handled."""
    handled = 0
    for run_id in conversions_held_runs(held_before=timezone.now() - older_than):
        for chunk_id, done in (
            ScreeningRunChunk.objects.filter(run_id=UUID(run_id))
            .order_by("number")
            .values_list("pk", "done")
        ):
            handled += 1
            if not done:
                enqueue_on_commit(RESCREEN_CHUNK_TASK, kwargs={"chunk_id": chunk_id})
                continue
            with transaction.atomic():
                chunk = ScreeningRunChunk.objects.select_for_update().get(pk=chunk_id)
                _record(run_id, list(chunk.participant_ids), None)
    if handled:
        logger.info("finished %d chunks of rates re-screening", handled)
    return handled


def processing_rates_published(*, payload_id: Any) -> RatesApplied | None:
    """Apply a stored payload: re-convert and re-screen what it changes (once)."""
    return _apply(
        lambda: rate_payload_take(payload_id=payload_id),
        lambda: rate_payload_applied(payload_id=payload_id),
    )


def processing_non_publication_day_marked(*, non_publication_day_id: Any) -> RatesApplied | None:
    """Apply a regulator's marking of a non-publication day (once)."""
    return _apply(
        lambda: non_publication_day_take(non_publication_day_id=non_publication_day_id),
        lambda: non_publication_day_applied(non_publication_day_id=non_publication_day_id),
    )
