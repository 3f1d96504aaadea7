"""The outbox: what an event should have set going and is still pending, published again.

Every event leaves a durable trace in the database when it is published (see
`backend.common.events`); this sweep, run by beat every minute, finds those still pending after
a grace period and hands them over again, so a broker outage or a lost message delays the flow
and loses none of it.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backend.accounts.models import ParticipantProfile
from backend.common.events import Event, event_publish
from backend.declarations.models import Declaration, DeclarationStatus
from backend.declarations.services.hand_off import declarations_request_processing
from backend.processing.handlers import (
    on_participant_facts_changed,
    on_rulebook_version_published,
)
from backend.processing.rates import rates_rescreen_sweep
from backend.rates.services.publications import rates_unapplied
from backend.reviews.services.cases import cases_sync_flags
from backend.rulebooks.models import RulebookVersion, VersionStatus
from backend.screening.models import ScreeningRun
from backend.screening.services.screening import screening_departed_declarations

logger = logging.getLogger(__name__)

# One sweep re-sends at most this many declarations; the next sweep (a minute later) continues.
SWEEP_BATCH_LIMIT = 100_000


@dataclass(frozen=True)
class SweepOutcome:
    """What one pass of the outbox handed over again."""

    declarations: int
    cases_opened: int
    runs_started: int
    rates_resent: int = 0
    participants: int = 0
    rates_chunks: int = 0


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
        for start in range(0, len(stale), 1_000):
            chunk = [str(pk) for pk in stale[start : start + 1_000]]
            Declaration.objects.filter(pk__in=chunk).update(processing_requested_at=now)
        declarations_request_processing(declaration_ids=stale)
    logger.info("re-sent %d pending declarations", len(stale))
    return len(stale)


def _publications_without_run(*, older_than: timedelta) -> list[UUID]:
    """Regulators' publications whose re-screening run was never started (the event was lost).

    The shipped versions loaded with the demo or a fresh installation have no publisher and
    nothing to re-screen: they are screened as declarations arrive."""
    started = ScreeningRun.objects.filter(rulebook_version_id=OuterRef("pk"))
    return list(
        RulebookVersion.objects.filter(
            status=VersionStatus.PUBLISHED,
            published_by__isnull=False,
            published_at__lt=timezone.now() - older_than,
        )
        .filter(~Exists(started))
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )


def rates_sweep_unapplied(*, older_than: timedelta) -> int:
    """Publish again the stored rates (and regulators' markings) whose re-conversion was never
    applied; returns how many events were sent. The handlers skip what is applied by then."""
    unapplied = rates_unapplied(older_than=older_than)
    for payload_id in unapplied.payload_ids:
        event_publish(Event.RATES_PUBLISHED, payload_id=payload_id)
    for day_id in unapplied.non_publication_day_ids:
        event_publish(Event.NON_PUBLICATION_DAY_MARKED, non_publication_day_id=day_id)
    sent = len(unapplied.payload_ids) + len(unapplied.non_publication_day_ids)
    if sent:
        logger.info("re-sent %d unapplied rate publications", sent)
    return sent


def processing_sweep(*, older_than: timedelta) -> SweepOutcome:
    """One pass of the outbox: pending declarations, open flags without a case, publications
    without their re-screening run, rates whose re-conversion was never applied or whose
    re-screening is unfinished, participants not yet screened on changed facts."""
    declarations = declarations_sweep_pending(older_than=older_than)
    cases = cases_sync_flags()
    runs = 0
    for version_id in _publications_without_run(older_than=older_than):
        on_rulebook_version_published(rulebook_version_id=version_id)
        runs += 1
    rates = rates_sweep_unapplied(older_than=older_than)
    rates_chunks = rates_rescreen_sweep(older_than=older_than)
    participants = _facts_changed(older_than=older_than)
    for participant_id in participants:
        on_participant_facts_changed(participant_id=participant_id)
    return SweepOutcome(
        declarations=declarations,
        cases_opened=cases.opened,
        runs_started=runs,
        rates_resent=rates,
        participants=len(participants),
        rates_chunks=rates_chunks,
    )


def _facts_changed(*, older_than: timedelta) -> list[UUID]:
    """Participants whose facts changed and that were not screened on them since."""
    return list(
        ParticipantProfile.objects.filter(screening_requested_at__lt=timezone.now() - older_than)
        .order_by("screening_requested_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH_LIMIT]
    )
