"""Batch re-screening: a run partitioned by participant into chunks, one Celery task each.

Every chunk is idempotent (screening writes only what changed) and is marked done in the same
transaction as its writes, so a redelivered or resumed chunk after a worker died mid-way redoes
the work without duplicating anything. A periodic resume re-sends chunks that stalled (the
embedded filesystem broker cannot redeliver a message whose worker was killed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.queue import enqueue_on_commit
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rulebooks.models import RulebookVersion
from backend.screening.models import JobStatus, ScreeningRun, ScreeningRunChunk
from backend.screening.services.screening import ScreeningSummary, screening_screen, year_start

CHUNK_TASK = "screening.rescreen_chunk"
# Whole participants per task: a few hundred participants make thousands of declarations, so
# the ~1 ms task overhead stays negligible while the work still spreads across workers.
PARTICIPANTS_PER_CHUNK = 250
# A chunk started this long ago and not done is presumed lost with its worker.
STALE_CHUNK_AFTER = timedelta(minutes=10)


def run_snapshot(run: ScreeningRun) -> dict[str, Any]:
    """The audited state of a run."""
    return {
        "status": run.status,
        "since": run.since.isoformat() if run.since else None,
        "chunks_total": run.chunks_total,
        "chunks_done": run.chunks_done,
        "participants": run.participants,
    }


def _participants(since: date | None) -> list[str]:
    queryset = Declaration.objects.filter(is_current=True).exclude(
        status=DeclarationStatus.WITHDRAWN
    )
    if since is not None:
        queryset = queryset.filter(value_date__gte=since)
    ids = queryset.order_by("organisation_id").values_list("organisation_id", flat=True).distinct()
    return [str(i) for i in ids]


@transaction.atomic
def screening_run_start(
    *,
    actor: Any,
    reason: str,
    since: date | None = None,
    rulebook_version: RulebookVersion | None = None,
    participants_per_chunk: int = PARTICIPANTS_PER_CHUNK,
    participant_ids: Sequence[str] | None = None,
    chunk_task: str = CHUNK_TASK,
) -> ScreeningRun:
    """Create a run over every participant with declarations (from `since`, a 1 January, or
    all history), or over `participant_ids` only, and send its chunks to the workers after
    commit (as `chunk_task`, which calls `screening_run_chunk`)."""
    since = year_start(since) if since is not None else None
    if participant_ids is None:
        participants = _participants(since)
    else:
        participants = sorted({str(p) for p in participant_ids})
    run = ScreeningRun.objects.create(
        reason=reason or "re-screening on demand",
        since=since,
        rulebook_version=rulebook_version,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        participants=len(participants),
    )
    chunks = [
        ScreeningRunChunk(
            run=run, number=n, participant_ids=participants[i : i + participants_per_chunk]
        )
        for n, i in enumerate(range(0, len(participants), participants_per_chunk))
    ]
    ScreeningRunChunk.objects.bulk_create(chunks)
    run.chunks_total = len(chunks)
    if not chunks:
        run.status = JobStatus.DONE
        run.finished_at = timezone.now()
    run.save(update_fields=["chunks_total", "status", "finished_at"])
    audit_record(
        actor=actor,
        actor_username="" if actor else "system:screening",
        action="screening_run.start",
        obj=run,
        after=run_snapshot(run),
    )
    for chunk_id in ScreeningRunChunk.objects.filter(run=run).values_list("pk", flat=True):
        enqueue_on_commit(chunk_task, kwargs={"chunk_id": chunk_id})
    return run


def screening_run_after_publication(*, rulebook_version_id: Any) -> ScreeningRun:
    """The re-screening a publication triggers, from its effective year (one per version: a
    redelivered request returns the run already made)."""
    existing = ScreeningRun.objects.filter(rulebook_version_id=rulebook_version_id).first()
    if existing is not None:
        return existing
    version = RulebookVersion.objects.select_related("rulebook").get(pk=rulebook_version_id)
    return screening_run_start(
        actor=None,
        reason=f"publication of {version.rulebook.name} v{version.number}",
        since=version.effective_from,
        rulebook_version=version,
    )


@dataclass(frozen=True)
class ChunkOutcome:
    """What running one chunk did."""

    ran: bool
    evaluations_written: int = 0
    verdicts_changed: int = 0
    # The chunk's screening (its verdict changes, and allowance use when asked for).
    summary: ScreeningSummary = field(default_factory=ScreeningSummary)
    participant_ids: list[str] = field(default_factory=list)
    run_id: Any = None


def _claim(chunk_id: int) -> ScreeningRunChunk | None:
    with transaction.atomic():
        chunk = (
            # Lock the chunk only: the joined run row locked too would make every other
            # chunk of the run wait for this one (no two chunks could run at once).
            ScreeningRunChunk.objects.select_for_update(of=("self",))
            .select_related("run")
            .filter(pk=chunk_id)
            .first()
        )
        if chunk is None or chunk.done:
            return None
        chunk.attempts += 1
        chunk.started_at = timezone.now()
        chunk.save(update_fields=["attempts", "started_at"])
        ScreeningRun.objects.filter(pk=chunk.run_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING
        )
        return chunk


def _since_for(chunk: ScreeningRunChunk) -> date | None:
    if chunk.run.since is not None:
        return chunk.run.since
    first = Declaration.objects.filter(organisation_id__in=chunk.participant_ids).aggregate(
        d=Min("value_date")
    )["d"]
    return year_start(first) if first is not None else None


def screening_run_chunk(*, chunk_id: int, usage: bool = False) -> ChunkOutcome:
    """Screen one chunk's participants and mark it done in the same transaction (no-op when
    already done, so a redelivered task is safe); with `usage`, the outcome's summary carries
    each participant's allowance use after it."""
    claimed = _claim(chunk_id)
    if claimed is None:
        return ChunkOutcome(ran=False)
    with transaction.atomic():
        chunk = (
            ScreeningRunChunk.objects.select_for_update(of=("self",))
            .select_related("run")
            .get(pk=chunk_id)
        )
        if chunk.done:
            return ChunkOutcome(ran=False)
        since = _since_for(chunk)
        summary = ScreeningSummary()
        if since is not None:
            summary = screening_screen(
                participant_ids=chunk.participant_ids,
                since=since,
                run=chunk.run,
                reason=chunk.run.reason,
                usage=usage,
            )
        written, changed = summary.evaluations_written, summary.verdicts_changed
        chunk.done = True
        chunk.finished_at = timezone.now()
        chunk.save(update_fields=["done", "finished_at"])
        ScreeningRun.objects.filter(pk=chunk.run_id).update(
            chunks_done=F("chunks_done") + 1,
            evaluations_written=F("evaluations_written") + written,
            verdicts_changed=F("verdicts_changed") + changed,
        )
        run = ScreeningRun.objects.select_for_update().get(pk=chunk.run_id)
        if run.chunks_done >= run.chunks_total and run.status != JobStatus.DONE:
            run.status = JobStatus.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "finished_at"])
            audit_record(
                actor=None,
                actor_username="system:screening",
                action="screening_run.finish",
                obj=run,
                after=run_snapshot(run),
            )
    return ChunkOutcome(
        ran=True,
        evaluations_written=written,
        verdicts_changed=changed,
        summary=summary,
        participant_ids=list(chunk.participant_ids),
        run_id=chunk.run_id,
    )


def screening_runs_resume(*, stale_after: timedelta = STALE_CHUNK_AFTER) -> int:
    """Re-send the chunks of unfinished runs that never started or stalled; returns how many."""
    cutoff = timezone.now() - stale_after
    stalled = list(
        ScreeningRunChunk.objects.filter(
            done=False, run__status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        )
        .filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True, run__created_at__lt=cutoff))
        .order_by("run_id", "number")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for chunk_id in stalled:
            enqueue_on_commit(CHUNK_TASK, kwargs={"chunk_id": chunk_id})
    return len(stalled)
