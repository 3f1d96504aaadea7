"""Declarations through the flow: convert at the rate of the value date, then screen.

A declaration is pending while its `processing_requested_at` is set (written by the declarations
app with the change that calls for it). The "declarations recorded" event brings its id here;
conversion and screening run in one transaction and the marker is cleared in it, so a crash
mid-way leaves the declaration for the sweep.
"""

from collections.abc import Sequence
from uuid import UUID

from django.db import transaction
from django.db.models import F

from backend.declarations.models import Declaration
from backend.processing.notify import processing_notify
from backend.rates.conversion import conversion_apply
from backend.screening.services.screening import screening_after_processing


def processing_declarations(*, declaration_ids: Sequence[UUID | str]) -> int:
    """Convert and screen the given declarations if they are still pending; idempotent.

    Returns how many pending declarations were looked at.
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
        # its rate arrives, and comes through here again).
        conversion_apply(declaration_ids=pending)
        # Screening covers the converted and the pending_rate ones alike (pending_rate is never
        # compliant), and the participant's later declarations whose running totals they change.
        summary = screening_after_processing(declaration_ids=pending)
        processing_notify(summary)
        Declaration.objects.filter(pk__in=pending).update(processing_requested_at=None)
    return len(pending)
