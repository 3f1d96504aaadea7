"""The one mechanism of the analysis jobs (backtests and sweeps): start, claim, the facts of the
period chunk by chunk with progress, and finish or fail.

A job is recorded and audited, then sent to the workers after commit. The worker claims it (a
finished or failed job is left alone; a redelivered one restarts from scratch), walks the
period's participants in chunks, reports its progress after each, and stores its result, status
and audit event in one transaction; a failure stores why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any, TypeVar

import pandas as pd
from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.domain_errors import InvalidInput
from backend.common.queue import enqueue_on_commit
from backend.declarations.models import Declaration, DeclarationStatus
from backend.screening.facts import facts_build
from backend.screening.models import Backtest, JobStatus, Sweep

PARTICIPANTS_PER_CHUNK = 500
# A period longer than this is refused: it would hold years of facts per chunk in memory.
MAX_PERIOD_DAYS = 3 * 366
# Progress stays below 100 until the result is stored.
LAST_PROGRESS_BEFORE_DONE = 99
JobT = TypeVar("JobT", Backtest, Sweep)  # the AnalysisJob models


def field_refused(pointer: str, code: str, detail: str) -> InvalidInput:
    """A refusal of one field of a job's request."""
    return InvalidInput.at(pointer, code=code, detail=detail)


def period_check(start: date, end: date) -> None:
    """Refuse a reversed period or one too long to hold in memory chunk by chunk."""
    if end < start:
        raise field_refused("/period_end", "period_reversed", "The period ends before it starts.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise field_refused(
            "/period_end", "period_too_long", f"A period spans at most {MAX_PERIOD_DAYS} days."
        )


def job_start(job: JobT, *, actor: Any, task: str, audit_after: dict[str, Any], kwarg: str) -> JobT:
    """Store a new job, audit it and send it to the workers after commit (the task gets the
    job's id as `kwarg`). Runs inside the caller's transaction, its checks done."""
    job.created_by = actor
    job.save(force_insert=True)
    audit_record(
        actor=actor, action=f"{type(job).__name__.lower()}.start", obj=job, after=audit_after
    )
    enqueue_on_commit(task, kwargs={kwarg: str(job.pk)})
    return job


def job_claim(model: type[JobT], pk: Any) -> JobT | None:
    """The job, marked running from zero progress; None when it is missing, done or failed."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return None
        job.status = JobStatus.RUNNING
        job.progress = 0
        job.save(update_fields=["status", "progress"])
        return job


def _participants(start: date, end: date) -> list[str]:
    ids = (
        Declaration.objects.filter(is_current=True, value_date__gte=start, value_date__lte=end)
        .exclude(status=DeclarationStatus.WITHDRAWN)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return [str(i) for i in ids]


def _chunks(items: list[str], size: int = PARTICIPANTS_PER_CHUNK) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def job_frames(job: JobT, *, lookback: int) -> Iterator[pd.DataFrame]:
    """The facts of the period's participants, one chunk of whole participants at a time, from
    1 January of the period's first year (less `lookback` days) so running totals are the real
    ones; the job's progress is stored after each chunk is worked."""
    first = date(job.period_start.year, 1, 1) - timedelta(days=lookback)
    chunks = _chunks(_participants(job.period_start, job.period_end))
    for n, chunk in enumerate(chunks, start=1):
        yield facts_build(
            participant_ids=chunk, start=first, end=job.period_end, taken_at=timezone.now()
        ).frame
        done = min(LAST_PROGRESS_BEFORE_DONE, n * 100 // max(len(chunks), 1))
        type(job).objects.filter(pk=job.pk).update(progress=done)


def in_period(job: JobT, frame: pd.DataFrame) -> Any:
    """The rows of a facts frame valued within the job's period (a boolean array)."""
    values = frame["value_date"]
    return (
        (values >= pd.Timestamp(job.period_start)) & (values <= pd.Timestamp(job.period_end))
    ).to_numpy()


def job_run(job: JobT, work: Callable[[JobT], Any], field: str) -> JobT:
    """Do the work and store its result in `field` with the job done and audited; a failure
    marks the job failed with why (the worker log keeps the traceback) and is raised again."""
    try:
        result = work(job)
    except Exception as exc:
        type(job).objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, failure_detail=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        setattr(job, field, result)
        job.status = JobStatus.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=[field, "status", "progress", "finished_at"])
        audit_record(
            actor=None,
            actor_username="system:screening",
            action=f"{type(job).__name__.lower()}.finish",
            obj=job,
            after={"status": job.status},
        )
    return job
