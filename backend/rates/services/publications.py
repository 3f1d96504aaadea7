"""What a stored publication (or a marked non-publication day) changes, and its outbox marker.

A stored payload and a regulator's marking each leave `applied_at` null until the processing room
has re-converted and re-screened what they change; these services lock one for that work, say
which source and days it changes, and set the marker in the same transaction.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from backend.rates.models import NonPublicationDay, PayloadStatus, RatePayload, RateRow


@dataclass(frozen=True)
class RateChange:
    """Days of one source whose publication state changed, and why (for the audit)."""

    source: str
    days: frozenset[date]
    reason: dict[str, Any] = field(default_factory=dict)


def rate_payload_take(*, payload_id: Any) -> RateChange | None:
    """Lock a stored payload whose effect is not applied yet; the days it published and the
    business days it confirmed as unpublished. None when applied already (or not stored)."""
    payload = (
        RatePayload.objects.select_for_update()
        .filter(pk=payload_id, status=PayloadStatus.STORED, applied_at__isnull=True)
        .first()
    )
    if payload is None:
        return None
    published = set(
        RateRow.objects.filter(payload=payload).values_list("published_on", flat=True).distinct()
    )
    confirmed = set(NonPublicationDay.objects.filter(payload=payload).values_list("day", flat=True))
    return RateChange(
        source=payload.source,
        days=frozenset(published | confirmed),
        reason={"cause": "rates_published", "payload": str(payload.pk)},
    )


def rate_payload_applied(*, payload_id: Any) -> None:
    """Mark a payload's effect applied (inside the transaction that applied it)."""
    RatePayload.objects.filter(pk=payload_id, applied_at__isnull=True).update(
        applied_at=timezone.now()
    )


def non_publication_day_take(*, non_publication_day_id: Any) -> RateChange | None:
    """Lock a regulator's marking whose effect is not applied yet; None when applied already."""
    marked = (
        NonPublicationDay.objects.select_for_update()
        .filter(pk=non_publication_day_id, applied_at__isnull=True)
        .first()
    )
    if marked is None:
        return None
    return RateChange(
        source=marked.source,
        days=frozenset({marked.day}),
        reason={"cause": "non_publication_day_marked", "non_publication_day": str(marked.pk)},
    )


def non_publication_day_applied(*, non_publication_day_id: Any) -> None:
    """Mark a regulator's marking applied (inside the transaction that applied it)."""
    NonPublicationDay.objects.filter(pk=non_publication_day_id, applied_at__isnull=True).update(
        applied_at=timezone.now()
    )


@dataclass(frozen=True)
class Unapplied:
    """Publications and markings whose effect is still not applied after the grace period."""

    payload_ids: list[str]
    non_publication_day_ids: list[str]


def rates_unapplied(*, older_than: timedelta, now: datetime | None = None) -> Unapplied:
    """Stored payloads and regulators' markings not applied `older_than` after they arrived:
    their event was probably lost."""
    cutoff = (now or timezone.now()) - older_than
    payloads = RatePayload.objects.filter(
        status=PayloadStatus.STORED, applied_at__isnull=True, received_at__lt=cutoff
    ).order_by("received_at", "pk")
    marked = NonPublicationDay.objects.filter(
        applied_at__isnull=True, created_at__lt=cutoff
    ).order_by("created_at", "pk")
    return Unapplied(
        payload_ids=[str(pk) for pk in payloads.values_list("pk", flat=True)],
        non_publication_day_ids=[str(pk) for pk in marked.values_list("pk", flat=True)],
    )
