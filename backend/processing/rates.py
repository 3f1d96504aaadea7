"""Late and revised publications through the flow: re-convert what they change, re-screen the
participant-years concerned, tell the startups whose verdicts moved and the cases opened on the
old amounts.

A stored payload (or a regulator's marking of a non-publication day) stays unapplied until this
has run: everything happens in one transaction that ends by setting its `applied_at`, so a crash
part-way leaves it for the sweep, and a second delivery finds it applied and does nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record_set
from backend.declarations.models import Declaration
from backend.notifications.services import VerdictChangeNotice, notifications_verdicts_changed
from backend.rates.reconversion import Reconversion, conversions_redo
from backend.rates.services.publications import (
    RateChange,
    non_publication_day_applied,
    non_publication_day_take,
    rate_payload_applied,
    rate_payload_take,
)
from backend.reviews.services.reconversions import cases_record_reconversions
from backend.screening.models import VerdictChange
from backend.screening.services.screening import (
    ScreeningSummary,
    affected_windows,
    screening_screen,
)

SYSTEM_ACTOR = "system:processing"
# Whole participants per screening call: bounds the memory of one plan while the work stays
# set-based (a few hundred participants hold many thousands of declarations).
PARTICIPANTS_PER_SCREENING = 250
# Ids per query when verdict changes are read back by declaration.
IN_CHUNK = 1_000
SCREENING_REASON = "rates published"


@dataclass(frozen=True)
class RatesApplied:
    """What applying a publication did."""

    reconverted: int
    participants: int
    verdicts_changed: int
    notified: int
    cases: int


def _rescreen(redo: Reconversion) -> ScreeningSummary:
    """Screen again each participant from 1 January of its earliest re-converted payment."""
    total = ScreeningSummary()
    windows = affected_windows((p, day, None) for p, day in redo.participant_days())
    for since, participants in sorted(windows.items()):
        for start in range(0, len(participants), PARTICIPANTS_PER_SCREENING):
            chunk = participants[start : start + PARTICIPANTS_PER_SCREENING]
            total.add(screening_screen(participant_ids=chunk, since=since, reason=SCREENING_REASON))
    return total


def _verdict_changes(declaration_ids: Sequence[str], since: datetime) -> list[VerdictChangeNotice]:
    """The verdict changes the re-screening recorded (declarations still screened only)."""
    notices = []
    for start in range(0, len(declaration_ids), IN_CHUNK):
        rows = (
            VerdictChange.objects.filter(
                declaration_id__in=declaration_ids[start : start + IN_CHUNK],
                changed_at__gte=since,
            )
            .exclude(before="")
            .exclude(after="")
            .order_by("declaration_id", "rulebook_version_id", "changed_at")
            .values_list(
                "participant_id",
                "declaration_id",
                "declaration__reference",
                "rulebook_version__rulebook__name_fr",
                "rulebook_version__rulebook__name_en",
                "before",
                "after",
            )
        )
        notices += [VerdictChangeNotice(*row) for row in rows if row[5] != row[6]]
    return notices


def _audit_verdicts(notices: list[VerdictChangeNotice], reason: dict[str, Any]) -> None:
    """One event per payment whose verdicts moved, in its history: before and after by
    rulebook."""
    by_declaration: dict[str, tuple[Any, dict[str, str], dict[str, str]]] = {}
    for notice in notices:
        _, before, after = by_declaration.setdefault(
            str(notice.declaration_id), (notice.organisation_id, {}, {})
        )
        before[notice.rulebook_name_en] = notice.before
        after[notice.rulebook_name_en] = notice.after
    audit_record_set(
        action="declaration.verdicts_changed",
        actor_username=SYSTEM_ACTOR,
        object_type=Declaration._meta.label_lower,
        rows=[
            (declaration_id, str(organisation), {"verdicts": before}, {"verdicts": after, **reason})
            for declaration_id, (organisation, before, after) in by_declaration.items()
        ],
    )


def _apply(
    take: Callable[[], RateChange | None], applied: Callable[[], None]
) -> RatesApplied | None:
    with transaction.atomic():
        change = take()
        if change is None:
            return None
        started = timezone.now()
        redo = conversions_redo(source=change.source, days=change.days, reason=change.reason)
        summary = _rescreen(redo) if redo.count else ScreeningSummary()
        notices = _verdict_changes(summary.changed_ids, started)
        _audit_verdicts(notices, change.reason)
        notified = notifications_verdicts_changed(notices=notices)
        cases = cases_record_reconversions(changes=redo.states()) if redo.count else 0
        applied()
    return RatesApplied(
        reconverted=redo.count,
        participants=summary.participants,
        verdicts_changed=len(notices),
        notified=notified,
        cases=cases,
    )


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
