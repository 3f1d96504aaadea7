"""The hand-off to conversion and screening: what is pending is recorded, then sent by id.

A declaration is accepted with `processing_requested_at` set in the same transaction; its id is
sent to the workers after commit. The sweep re-sends what is still pending, so a broker outage or a
lost message delays the work and loses none.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend.common.queue import enqueue_on_commit
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rates.conversion import conversion_apply
from backend.screening.services.screening import (
    screening_after_processing,
    screening_departed_declarations,
)

logger = logging.getLogger(__name__)

PROCESS_TASK = "pipeline.process_declarations"
# A task costs about a millisecond of overhead; a thousand ids keep messages small and tasks short.
IDS_PER_MESSAGE = 1_000
# One sweep re-sends at most this many; the next sweep (a minute later) continues.
SWEEP_BATCH_LIMIT = 100_000


def _chunks(ids: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def declarations_request_processing(*, declaration_ids: Sequence[UUID | str]) -> None:
    """Send ids to the workers once the current transaction commits, in bounded messages."""
    ids = [str(i) for i in declaration_ids]
    for chunk in _chunks(ids, IDS_PER_MESSAGE):
        enqueue_on_commit(PROCESS_TASK, kwargs={"declaration_ids": chunk})


def declarations_process(*, declaration_ids: Sequence[UUID | str]) -> int:
    """Convert and screen the given declarations if they are still pending; idempotent.

    Returns how many pending declarations were looked at. The marker is cleared only once the
    work is done, in the same transaction, so a crash mid-way leaves them for the sweep.
    """
    with transaction.atomic():
        pending = list(
            Declaration.objects.select_for_update()
            .filter(
                pk__in=list(declaration_ids),
                processing_requested_at__isnull=False,
                is_current=True,
            )
            .order_by("organisation_id", "value_date", "id")
            .values_list("pk", flat=True)
        )
        if not pending:
            return 0
        Declaration.objects.filter(pk__in=pending).update(
            processing_attempts=F("processing_attempts") + 1
        )
        # Conversion sets `converted` or `pending_rate` (a pending one converts later, when
        # its rate arrives, and is sent through this pipeline again).
        conversion_apply(declaration_ids=pending)
        # Screening covers the converted and the pending_rate ones alike (pending_rate is never
        # compliant), and the participant's later declarations whose running totals they change.
        screening_after_processing(declaration_ids=pending)
        Declaration.objects.filter(pk__in=pending).update(processing_requested_at=None)
    return len(pending)


def declarations_request_screening(*, declaration_ids: Sequence[UUID | str]) -> int:
    """Mark declarations changed outside this pipeline for screening and send them (e.g. a
    `pending_rate` one converted once its rate arrived, or a withdrawn one whose later
    declarations' running totals change); returns how many were marked."""
    ids = [str(i) for i in declaration_ids]
    with transaction.atomic():
        for chunk in _chunks(ids, IDS_PER_MESSAGE):
            Declaration.objects.filter(pk__in=chunk).update(processing_requested_at=timezone.now())
        declarations_request_processing(declaration_ids=ids)
    return len(ids)


def _needing_screening() -> list[UUID]:
    """Converted but never screened (converted by a rate retry), or withdrawn while their
    evaluations still count: both need their participant's window screened again."""
    converted = Declaration.objects.filter(
        status=DeclarationStatus.CONVERTED, is_current=True, processing_requested_at__isnull=True
    ).values_list("pk", flat=True)[:SWEEP_BATCH_LIMIT]
    departed = screening_departed_declarations(limit=SWEEP_BATCH_LIMIT)
    return [*converted, *departed]


def declarations_sweep_pending(*, older_than: timedelta) -> int:
    """Re-send declarations pending for longer than `older_than`; returns how many were sent."""
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            Declaration.objects.filter(
                processing_requested_at__lt=now - older_than, is_current=True
            )
            .order_by("organisation_id", "processing_requested_at", "id")
            .values_list("pk", flat=True)[:SWEEP_BATCH_LIMIT]
        )
        seen = set(stale)
        stale += [pk for pk in _needing_screening() if pk not in seen]
        if not stale:
            return 0
        # Restart the clock so one declaration is re-sent once per period, not on every sweep.
        for chunk in _chunks([str(pk) for pk in stale], IDS_PER_MESSAGE):
            Declaration.objects.filter(pk__in=chunk).update(processing_requested_at=now)
        declarations_request_processing(declaration_ids=stale)
    logger.info("re-sent %d pending declarations", len(stale))
    return len(stale)
