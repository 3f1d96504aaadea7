"""The processing room's listeners: one task per event (see `backend.common.events`), and the
outbox sweep. Each calls one handler; every handler is idempotent, so redelivery is safe."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError


@shared_task(
    name="processing.declarations_recorded",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def declarations_recorded(declaration_ids: list[str]) -> None:
    """Convert and screen these declarations (skips any no longer pending)."""
    from backend.processing.handlers import on_declarations_recorded

    on_declarations_recorded(declaration_ids=declaration_ids)


@shared_task(
    name="processing.rates_published",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def rates_published(payload_id: str) -> None:
    """Re-convert and re-screen what these stored rates change (skips an applied payload)."""
    from backend.processing.handlers import on_rates_published

    on_rates_published(payload_id=payload_id)


@shared_task(
    name="processing.rates_rescreen_chunk",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def rates_rescreen_chunk(chunk_id: int) -> None:
    """Re-screen one chunk of the participants a publication re-converted, and record its
    re-conversions with their verdicts (a done chunk is skipped)."""
    from backend.processing.handlers import on_rates_rescreen_chunk

    on_rates_rescreen_chunk(chunk_id=chunk_id)


@shared_task(
    name="processing.non_publication_day_marked",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def non_publication_day_marked(non_publication_day_id: str) -> None:
    """Re-convert what a regulator's marking of a non-publication day changes."""
    from backend.processing.handlers import on_non_publication_day_marked

    on_non_publication_day_marked(non_publication_day_id=non_publication_day_id)


@shared_task(
    name="processing.flags_opened",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def flags_opened(flag_ids: list[str]) -> None:
    """Open or update the cases these flags belong to."""
    from backend.processing.handlers import on_flags_opened

    on_flags_opened(flag_ids=flag_ids)


@shared_task(
    name="processing.participant_facts_changed",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def participant_facts_changed(participant_id: str) -> None:
    """Screen a participant again on facts a regulator or an admin changed."""
    from backend.processing.handlers import on_participant_facts_changed

    on_participant_facts_changed(participant_id=participant_id)


@shared_task(
    name="processing.rulebook_version_published",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def rulebook_version_published(rulebook_version_id: str) -> None:
    """Start the re-screening run a publication calls for (one per version)."""
    from backend.processing.handlers import on_rulebook_version_published

    on_rulebook_version_published(rulebook_version_id=rulebook_version_id)


@shared_task(name="processing.sweep", ignore_result=True)
def sweep() -> None:
    """Hand over again whatever is still pending after the grace period."""
    from backend.processing.sweep import processing_sweep

    # Pending longer than the grace (settings.PROCESSING_SWEEP_GRACE_SECONDS): probably lost.
    processing_sweep(older_than=timedelta(seconds=settings.PROCESSING_SWEEP_GRACE_SECONDS))
