"""Flags: breaches of a flag-raising version, one per declaration × rule × version, closed
automatically (with the reason) when re-screening no longer finds the breach."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from django.db.models import F, QuerySet

from backend.audit.services import audit_record_set
from backend.common.bulk import frame_read
from backend.common.events import Event, event_publish_ids
from backend.screening.columns import key_pairs, texts
from backend.screening.models import Flag, FlagStatus
from backend.screening.services.flag_details import breach_details, flags_details_refresh
from backend.screening.versions import VersionResult

SYSTEM_ACTOR = "system:screening"
FLAG_TYPE = Flag._meta.label_lower
Key = tuple[str, str, str]  # declaration, version, rule


@dataclass
class FlagInputs:
    """What a screening found, for the participants and window it covered."""

    participant_ids: Sequence[str]
    since: date
    evaluations: pd.DataFrame  # declaration_id, version_id, flag_raising, verdict, ...
    results: list[VersionResult]
    departed: pd.DataFrame  # declaration_id, version_id, reason
    # Declarations whose findings changed (their open flags' details are compared with them);
    # None: every declaration with an open flag found again.
    changed: set[str] | None = None


@dataclass
class FlagOutcome:
    """How many flags opened (or reopened), closed, and stayed open with new details."""

    opened: int = 0
    closed: int = 0
    refreshed: int = 0


def _raising(inputs: FlagInputs) -> set[tuple[str, str]]:
    """(declaration, version) of the flag-raising evaluations with a breach finding."""
    evaluations = inputs.evaluations
    breached = set().union(
        *(
            set(r.findings.loc[r.findings["outcome"] == "breach", "declaration_id"])
            for r in inputs.results
        )
    )
    # Only the evaluations of breached declarations can raise a flag (a small share).
    candidates = evaluations[evaluations["declaration_id"].isin(breached).to_numpy()]
    return key_pairs(
        candidates[candidates["flag_raising"].astype(bool)], "declaration_id", "version_id"
    )


def _breach_keys(inputs: FlagInputs, raising: set[tuple[str, str]]) -> set[Key]:
    """The keys of the breaches just found that raise a flag."""
    out: set[Key] = set()
    for result in inputs.results:
        f = result.findings
        f = f[f["outcome"] == "breach"]
        version_id = result.version.id
        out.update(
            (d, version_id, r)
            for d, r in zip(texts(f, "declaration_id"), texts(f, "rule_id"), strict=True)
            if (d, version_id) in raising
        )
    return out


def _outcomes(inputs: FlagInputs) -> dict[Key, str]:
    """Non-compliant outcomes now found, to word a closing reason."""
    out: dict[Key, str] = {}
    for result in inputs.results:
        for d, r, o in zip(
            result.findings["declaration_id"],
            result.findings["rule_id"].astype(str),
            result.findings["outcome"].astype(str),
            strict=True,
        ):
            out[(d, result.version.id, r)] = o
    return out


def _departure_reasons(inputs: FlagInputs) -> dict[tuple[str, str], str]:
    """Why a declaration left a version's screening, by (declaration, version): first reason."""
    departed = inputs.departed
    if departed.empty:
        return {}
    reasons: dict[tuple[str, str], str] = {}
    for declaration, version, reason in zip(
        texts(departed, "declaration_id"),
        texts(departed, "version_id"),
        texts(departed, "reason"),
        strict=True,
    ):
        reasons.setdefault((declaration, version), reason)
    return reasons


def _close_reason(
    key: Key,
    departures: dict[tuple[str, str], str],
    outcomes: dict[Key, str],
    screened: set[tuple[str, str]],
) -> str:
    declaration, version, _ = key
    departed = departures.get((declaration, version))
    if departed is not None:
        return departed
    if (declaration, version) not in screened:
        return "no longer screened by this rulebook version"
    now = outcomes.get(key)
    if now is None:
        return "breach no longer found on re-screening: the rule is now met"
    if now == "breach":
        return (
            "the flag policy of the participant's cohort no longer raises flags for this rulebook"
        )
    return f"breach no longer found on re-screening: the rule is now {now.replace('_', ' ')}"


@dataclass
class _Stored:
    """What reconciling needs of a stored flag (the whole row is read to reopen it only)."""

    pk: str
    participant_id: str
    status: str


def _window(inputs: FlagInputs) -> QuerySet[Flag]:
    """The flags of the participants' screened window."""
    return Flag.objects.filter(
        participant_id__in=list(inputs.participant_ids), value_date__gte=inputs.since
    )


def _stored(inputs: FlagInputs) -> dict[Key, _Stored]:
    """The stored flags of the participants' window by key, in one set-based read (a heavy
    participant's year holds a flag for each of thousands of breaching payments)."""
    fields = ("id", "declaration_id", "rulebook_version_id", "rule_id", "participant_id", "status")
    stored = frame_read(_window(inputs), fields)
    return {
        (declaration, version, rule): _Stored(pk, participant, status)
        for pk, declaration, version, rule, participant, status in zip(
            *(texts(stored, f) for f in fields), strict=True
        )
    }


def flags_reconcile(*, inputs: FlagInputs, now: datetime) -> FlagOutcome:
    """Open, reopen and close flags so they match the breaches just found (idempotent)."""
    outcome = FlagOutcome()
    found = _breach_keys(inputs, _raising(inputs))
    existing = _stored(inputs)
    breaches = breach_details(
        inputs.results,
        {k for k in found if k not in existing or existing[k].status == FlagStatus.CLOSED},
    )
    # Participant and value date of the declarations that open a flag only (a few rows).
    opening = {key[0] for key in breaches if key not in existing}
    evaluations = inputs.evaluations
    evaluations = evaluations[evaluations["declaration_id"].isin(opening)]
    participant_of = dict(
        zip(
            texts(evaluations, "declaration_id"),
            texts(evaluations, "participant_id"),
            strict=True,
        )
    )
    value_date_of = dict(
        zip(
            texts(evaluations, "declaration_id"),
            evaluations["value_date"].tolist(),
            strict=True,
        )
    )
    created = [
        Flag(
            declaration_id=key[0],
            participant_id=participant_of[key[0]],
            rulebook_version_id=key[1],
            rule_id=key[2],
            value_date=pd.Timestamp(value_date_of[key[0]]).date(),
            opened_at=now,
            **details,
        )
        for key, details in breaches.items()
        if key not in existing
    ]
    Flag.objects.bulk_create(created)
    audit_record_set(
        action="flag.open",
        actor_username=SYSTEM_ACTOR,
        object_type=FLAG_TYPE,
        rows=[
            (
                str(flag.pk),
                str(flag.participant_id),
                {},
                {"rule_id": flag.rule_id, "declaration": str(flag.declaration_id)},
            )
            for flag in created
        ],
    )
    outcome.opened += len(created)
    opened = [flag.pk for flag in created]
    closing = [
        key for key, flag in existing.items() if key not in found and flag.status == FlagStatus.OPEN
    ]
    # Whether a closing flag's declaration was screened by its version: asked of the closing
    # flags' declarations only.
    evaluations = inputs.evaluations
    closing_ids = {key[0] for key in closing}
    screened = key_pairs(
        evaluations[evaluations["declaration_id"].isin(closing_ids).to_numpy()],
        "declaration_id",
        "version_id",
    )
    outcomes = _outcomes(inputs) if closing else {}
    departures = _departure_reasons(inputs) if closing else {}
    closed = {
        flag.pk: key
        for key, flag in existing.items()
        if key in found and flag.status == FlagStatus.CLOSED
    }
    reopening = [
        (flag, breaches[closed[str(flag.pk)]])
        for flag in Flag.objects.filter(pk__in=list(closed)).order_by("pk")
    ]
    _reopen(reopening, now)
    opened.extend(flag.pk for flag, _ in reopening)
    outcome.opened += len(reopening)
    _close(
        [(existing[key], _close_reason(key, departures, outcomes, screened)) for key in closing],
        now,
    )
    outcome.closed += len(closing)
    staying = _staying_open(inputs, found, existing)
    outcome.refreshed = flags_details_refresh(inputs.results, _window(inputs), staying)
    # Cases follow at once: the processing room opens or updates them after this commits.
    event_publish_ids(Event.FLAGS_OPENED, key="flag_ids", ids=opened)
    return outcome


def _staying_open(
    inputs: FlagInputs, found: set[Key], existing: dict[Key, _Stored]
) -> list[tuple[Key, str]]:
    """(key, flag id) of the open flags found again whose declaration's findings changed."""
    changed = inputs.changed
    return [
        (key, existing[key].pk)
        for key in found
        if key in existing
        and existing[key].status == FlagStatus.OPEN
        and (changed is None or key[0] in changed)
    ]


def _reopen(reopening: list[tuple[Flag, dict[str, Any]]], now: datetime) -> None:
    """Reopen closed flags whose breach is found again: one update for the set, the details
    written only where they changed, one audit insert."""
    if not reopening:
        return
    rows = []
    changed: dict[str, list[Flag]] = {}
    for flag, details in reopening:
        rows.append(
            (
                str(flag.pk),
                str(flag.participant_id),
                {"status": flag.status, "close_reason": flag.close_reason},
                {"status": FlagStatus.OPEN},
            )
        )
        for name, value in details.items():
            if getattr(flag, name) != value:
                setattr(flag, name, value)
                changed.setdefault(name, []).append(flag)
        flag.status = FlagStatus.OPEN
        flag.closed_at = None
        flag.close_reason = ""
        flag.times_reopened += 1
    for name, flags in changed.items():
        Flag.objects.bulk_update(flags, [name], batch_size=1000)
    Flag.objects.filter(pk__in=[flag.pk for flag, _ in reopening]).update(
        status=FlagStatus.OPEN,
        closed_at=None,
        close_reason="",
        times_reopened=F("times_reopened") + 1,
    )
    audit_record_set(
        action="flag.reopen", actor_username=SYSTEM_ACTOR, object_type=FLAG_TYPE, rows=rows
    )


def _close(closing: list[tuple[_Stored, str]], now: datetime) -> None:
    """Close flags whose breach is no longer found, each with its reason; one update and one
    audit insert for the set."""
    if not closing:
        return
    # One update per distinct reason (a handful), not a CASE per row.
    by_reason: dict[str, list[str]] = {}
    for flag, reason in closing:
        by_reason.setdefault(reason, []).append(flag.pk)
    for reason, pks in by_reason.items():
        Flag.objects.filter(pk__in=pks).update(
            status=FlagStatus.CLOSED, closed_at=now, close_reason=reason
        )
    audit_record_set(
        action="flag.close",
        actor_username=SYSTEM_ACTOR,
        object_type=FLAG_TYPE,
        rows=[
            (
                str(flag.pk),
                str(flag.participant_id),
                {"status": FlagStatus.OPEN},
                {"status": FlagStatus.CLOSED, "reason": reason},
            )
            for flag, reason in closing
        ],
    )
