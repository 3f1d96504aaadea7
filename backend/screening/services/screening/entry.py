"""Entry points: screen participants' windows, after processing or for a run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backend.accounts.models import Organisation, ParticipantProfile
from backend.declarations.models import Declaration, DeclarationStatus
from backend.screening.columns import texts
from backend.screening.models import (
    Coverage,
    Evaluation,
    ScreeningRun,
)
from backend.screening.services.flags import FlagInputs, flags_reconcile
from backend.screening.services.screening.coverage import _old_coverage
from backend.screening.services.screening.diff import _diff
from backend.screening.services.screening.inputs import (
    inputs_check,
    inputs_hashed,
    inputs_record,
)
from backend.screening.services.screening.plan import ScreeningSummary, screening_plan, year_start
from backend.screening.services.screening.records import (
    _audit,
    _mark_screened,
    _record_changes,
    _record_departures,
)
from backend.screening.services.screening.rewrite import evaluations_rewrite
from backend.screening.services.screening.usage import allowance_usage
from backend.screening.services.screening.writes import _write_coverage, _write_evaluations


def _without_jit() -> None:
    """No JIT compilation for the rest of the screening's transaction (PostgreSQL): its
    statements over a chunk's rows cost enough for the planner to compile them, a fixed cost
    per statement and chunk that exceeds what compiling saves on them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def screening_screen(
    *,
    participant_ids: Sequence[Any],
    since: date,
    as_of: date | None = None,
    run: ScreeningRun | None = None,
    reason: str = "screening",
    usage: bool = False,
) -> ScreeningSummary:
    """Screen these participants' declarations valued on or after `since` (a 1 January) with
    every version that screens them; write only what changed; raise and close flags. With
    `usage`, the summary also carries each participant's allowance use after it."""
    ids = sorted({str(p) for p in participant_ids})
    summary = ScreeningSummary(participants=len(ids))
    if not ids:
        return summary
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        _without_jit()
        # One screening per participant at a time: concurrent chunks never race on upserts.
        # FOR NO KEY UPDATE: screenings still exclude each other, but a row that merely refers
        # to the participant (a declaration recorded meanwhile, its audit event) is not held
        # until the screening commits.
        participants = {
            str(o.pk): o
            for o in Organisation.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
        }
        now = timezone.now()
        hashed = inputs_hashed(usage=usage)
        check = inputs_check(
            participant_ids=ids, since=since, as_of=as_of, taken_at=now, compare=hashed
        )
        ids = check.changed(ids)
        summary.declarations = check.unchanged_rows
        if not ids:
            return summary
        plan = screening_plan(
            participant_ids=ids, since=since, as_of=as_of, taken_at=now, fingerprints=hashed
        )
        coverage = _old_coverage(ids, since)
        diff = _diff(plan, ids, coverage)
        summary.declarations += int(plan.evaluations["declaration_id"].nunique())
        departed = _record_departures(diff, {})
        snapshots: dict[str, int] = {}
        written = _write_coverage(plan, coverage, snapshots, as_of=as_of, now=now)
        # Stored rows that stay stored are rewritten in place; new keys are inserted.
        rest, rewritten = evaluations_rewrite(plan, diff, snapshots, as_of=as_of, now=now)
        written += rewritten + _write_evaluations(plan, rest, snapshots, as_of=as_of, now=now)
        summary.evaluations_written = written
        summary.change_pks = _record_changes(diff.changes, departed, run=run, now=now)
        summary.verdicts_changed = len(summary.change_pks)
        if usage:
            summary.allowances = allowance_usage(plan)
        summary.changed_ids = sorted(
            set(diff.changes["declaration_id"]) | set(departed["declaration_id"])
        )
        flags = flags_reconcile(
            inputs=FlagInputs(
                participant_ids=ids,
                since=since,
                evaluations=plan.evaluations,
                results=plan.results,
                departed=departed,
                changed=set(texts(diff.insert, "declaration_id")),
            ),
            now=now,
        )
        summary.flags_opened, summary.flags_closed = flags.opened, flags.closed
        screened = _mark_screened(plan)
        _audit(
            participants=participants,
            screened=screened,
            changes=diff.changes,
            departed=departed,
            reason=reason,
        )
        inputs_record(check=check, plan=plan, now=now)
    return summary


def affected_windows(rows: Iterable[tuple[Any, date, date | None]]) -> dict[date, list[str]]:
    """Participants to re-screen, grouped by the 1 January their window starts on, from
    (participant, value date, value date of the version it superseded or None) rows: the
    earliest year any of its declarations (old or new value date) touches."""
    earliest: dict[str, date] = {}
    for org, value_date, previous in rows:
        day = min(value_date, previous) if previous is not None else value_date
        key = str(org)
        earliest[key] = min(earliest.get(key, day), day)
    by_since: dict[date, list[str]] = {}
    for participant, day in sorted(earliest.items()):
        by_since.setdefault(year_start(day), []).append(participant)
    return by_since


def screening_after_processing(*, declaration_ids: Sequence[Any]) -> ScreeningSummary:
    """Screen the windows affected by these declarations (new, amended, withdrawn or converted):
    each participant from 1 January of the earliest value date among them and the versions they
    superseded, to the end of its data."""
    rows = list(
        Declaration.objects.filter(pk__in=list(declaration_ids)).values_list(
            "organisation_id", "value_date", "supersedes__value_date"
        )
    )
    by_since = affected_windows(rows)
    total = ScreeningSummary()
    for since, orgs in sorted(by_since.items()):
        total.add(
            screening_screen(participant_ids=orgs, since=since, reason="declaration", usage=True)
        )
    return total


def screening_departed_declarations(*, limit: int) -> list[Any]:
    """Withdrawn declarations whose evaluations still count as current (their participant's
    later running totals have not been recomputed since the withdrawal)."""
    covered = Coverage.objects.filter(
        participant_id=OuterRef("organisation_id"),
        date_from__lte=OuterRef("value_date"),
        date_to__gte=OuterRef("value_date"),
        evaluated_at__lt=OuterRef("withdrawn_at"),
    )
    stored = Evaluation.objects.filter(declaration_id=OuterRef("pk"), is_current=True)
    return list(
        Declaration.objects.filter(status=DeclarationStatus.WITHDRAWN)
        .filter(Exists(covered) | Exists(stored))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def screening_after_facts_change(*, participant_id: Any) -> ScreeningSummary:
    """Screen a participant whose facts changed, over every year it has declarations in (a
    fact holds for all of them), then clear its marker; a participant no longer marked (already
    screened on these facts) is left alone."""
    with transaction.atomic():
        marked = (
            ParticipantProfile.objects.select_for_update()
            .filter(pk=participant_id, screening_requested_at__isnull=False)
            .values_list("screening_requested_at", flat=True)
            .first()
        )
        if marked is None:
            return ScreeningSummary()
        first = (
            Declaration.objects.filter(organisation_id=participant_id, is_current=True)
            .order_by("value_date")
            .values_list("value_date", flat=True)
            .first()
        )
        summary = (
            screening_screen(
                participant_ids=[participant_id], since=year_start(first), reason="facts changed"
            )
            if first is not None
            else ScreeningSummary()
        )
        # Facts changed again meanwhile wait for their own screening.
        ParticipantProfile.objects.filter(pk=participant_id, screening_requested_at=marked).update(
            screening_requested_at=None
        )
    return summary
