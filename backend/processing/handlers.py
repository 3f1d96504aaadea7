"""What the processing room does when an app publishes an event (see `backend.common.events`).

Each handler is idempotent: the sweep may publish an event again, and the broker may redeliver.
"""

from collections.abc import Sequence
from typing import Any

from backend.processing.pipeline import processing_declarations
from backend.processing.rates import (
    ChunkRecorded,
    RatesApplied,
    processing_non_publication_day_marked,
    processing_rates_published,
    processing_rates_rescreen_chunk,
)
from backend.reviews.services.cases import SyncOutcome, cases_sync_flags
from backend.screening.models import ScreeningRun
from backend.screening.services.runs import screening_run_after_publication
from backend.screening.services.screening import ScreeningSummary, screening_after_facts_change


def on_declarations_recorded(*, declaration_ids: Sequence[str]) -> int:
    """Convert and screen the declarations (still pending ones only); how many were."""
    return processing_declarations(declaration_ids=declaration_ids)


def on_rates_published(*, payload_id: Any) -> RatesApplied | None:
    """Re-convert what a stored payload changes and re-screen its participant-years (once)."""
    return processing_rates_published(payload_id=payload_id)


def on_rates_rescreen_chunk(*, chunk_id: int) -> ChunkRecorded:
    """Re-screen one chunk of a publication's participants and record its re-conversions."""
    return processing_rates_rescreen_chunk(chunk_id=chunk_id)


def on_non_publication_day_marked(*, non_publication_day_id: Any) -> RatesApplied | None:
    """Re-convert what a regulator's marking of a non-publication day changes (once)."""
    return processing_non_publication_day_marked(non_publication_day_id=non_publication_day_id)


def on_flags_opened(*, flag_ids: Sequence[str]) -> SyncOutcome:
    """Open or update the cases of newly opened (or reopened) flags, at once."""
    return cases_sync_flags(flag_ids=flag_ids)


def on_rulebook_version_published(*, rulebook_version_id: Any) -> ScreeningRun:
    """Re-screen every participant from the new version's effective year (one run a version)."""
    return screening_run_after_publication(rulebook_version_id=rulebook_version_id)


def on_participant_facts_changed(*, participant_id: Any) -> ScreeningSummary:
    """Screen the participant again on its new facts (once: a screened one is left alone)."""
    return screening_after_facts_change(participant_id=participant_id)
