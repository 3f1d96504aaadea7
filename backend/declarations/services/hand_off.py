"""Handing declarations to the flow: the pending marker is written, then the event published.

A declaration needs the flow (conversion, screening of its participant's window) while its
`processing_requested_at` is set. The marker is written in the same transaction as the change
that calls for it, and the "declarations recorded" event goes to the processing room after
commit; the processing sweep re-publishes markers that stayed set, so a lost message delays the
work and loses none.
"""

from collections.abc import Sequence
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from backend.common.events import IDS_PER_MESSAGE, Event, event_publish_ids
from backend.declarations.models import Declaration


def declarations_request_processing(*, declaration_ids: Sequence[UUID | str]) -> None:
    """Publish "declarations recorded" for declarations whose marker is already set (the caller
    wrote it with the rows), in bounded messages, after commit."""
    event_publish_ids(Event.DECLARATIONS_RECORDED, key="declaration_ids", ids=declaration_ids)


def declarations_mark_for_processing(*, declaration_ids: Sequence[UUID | str]) -> int:
    """Set the pending marker of declarations changed outside their own service (e.g. converted
    once a late rate arrived, or withdrawn: the participant's later running totals change), then
    publish them; returns how many were marked."""
    ids = [str(i) for i in declaration_ids]
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), IDS_PER_MESSAGE):
            chunk = ids[start : start + IDS_PER_MESSAGE]
            Declaration.objects.filter(pk__in=chunk).update(processing_requested_at=now)
        declarations_request_processing(declaration_ids=ids)
    return len(ids)
