"""Late and revised publications through the flow: re-convert what they change, re-screen the
participant-years concerned, tell the startups whose verdicts moved and the cases opened on the
old amounts.

A stored payload (or a regulator's marking of a non-publication day) stays unapplied until this
has run: everything happens in one transaction that ends by setting its `applied_at`, so a crash
part-way leaves it for the sweep, and a second delivery finds it applied and does nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from backend.audit.services import audit_record_set
from backend.declarations.models import Declaration
from backend.notifications.services import VerdictChangeNotice
from backend.processing.notify import processing_notify, verdict_notices
from backend.rates.reconversion import Reconversion, conversions_audit, conversions_redo
from backend.rates.services.publications import (
    RateChange,
    non_publication_day_applied,
    non_publication_day_take,
    rate_payload_applied,
    rate_payload_take,
)
from backend.reviews.services.reconversions import cases_record_reconversions
from backend.screening.services.screening import (
    ScreeningSummary,
    affected_windows,
    screening_screen,
)
from backend.screening.states import declaration_statuses, declaration_verdict_states

SYSTEM_ACTOR = "system:processing"
# Whole participants per screening call: bounds the memory of one plan while the work stays
# set-based (a few hundred participants hold many thousands of declarations).
PARTICIPANTS_PER_SCREENING = 250
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
            total.add(
                screening_screen(
                    participant_ids=chunk, since=since, reason=SCREENING_REASON, usage=True
                )
            )
    return total


def _audit_verdicts(notices: list[VerdictChangeNotice], reason: dict[str, Any]) -> None:
    """One event per payment whose verdicts moved without its own conversion changing (a
    cumulative allowance counts the re-converted payments of its year), in its history: before
    and after by rulebook. A re-converted payment's own event already holds its verdicts."""
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
        redo = conversions_redo(source=change.source, days=change.days)
        changed = redo.declarations()
        before = declaration_verdict_states(declarations=changed)
        summary = _rescreen(redo) if redo.count else ScreeningSummary()
        after = declaration_verdict_states(declarations=declaration_statuses(declarations=changed))
        conversions_audit(
            redo=redo,
            reason=change.reason,
            verdicts={i: (before[i], after[i]) for i in redo.ids()},
        )
        notices = verdict_notices(summary.change_pks)
        reconverted = set(redo.ids())
        _audit_verdicts(
            [n for n in notices if str(n.declaration_id) not in reconverted], change.reason
        )
        notified = processing_notify(summary, notices)
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
