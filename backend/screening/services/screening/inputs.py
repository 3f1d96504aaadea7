"""Unchanged inputs: a participant whose screening would read exactly what its previous one
read (the same facts, traits, rulebook versions, cohorts and engine) is left as stored.

The comparison runs before the facts are read, on counts and hashes the database computes
(`facts.fingerprint`), so a re-screening that changes nothing reads and writes almost nothing.
The fingerprint stored after a screening is taken from the rows that screening read (hashed
by the same statements), so it names exactly the inputs of the stored results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.db import connection

from backend.rule_engine import ENGINE_VERSION
from backend.screening.facts import traits_json
from backend.screening.facts.fingerprint import facts_fingerprints
from backend.screening.facts.hashing import StoredFacts
from backend.screening.facts.traits import _traits
from backend.screening.models import InputsFingerprint
from backend.screening.services.screening.plan import Plan, _lookback
from backend.screening.versions import CohortWindow, VersionInfo, cohort_windows, in_force_versions

# The one rule kind whose outcome depends on the day of the screening (a deadline still open).
AS_OF_KINDS = frozenset({"deadline"})
# Databases that hash rows themselves. SQLite has none: hashing each facts row in Python costs
# a third of reading it, more than skipping unchanged participants saves there.
HASHING_VENDORS = frozenset({"postgresql"})


def inputs_hashed(*, usage: bool) -> bool:
    """Whether a screening compares and hashes its inputs: a batch screening, on a database
    that hashes rows (a declaration's own screening reads every participant anyway)."""
    return not usage and connection.vendor in HASHING_VENDORS


@dataclass
class InputsCheck:
    """The participants of a screening split by whether their inputs changed since their
    previous screening, and the rulebook context the screening starts from."""

    since: date
    participant_ids: list[str] = field(default_factory=list)
    # Each participant's rulebook context (compared screenings only).
    contexts: dict[str, list[Any]] = field(default_factory=dict)
    unchanged: set[str] = field(default_factory=set)
    # Facts rows of the unchanged participants (what their screening would have counted).
    unchanged_rows: int = 0

    def changed(self, participant_ids: Sequence[str]) -> list[str]:
        """The participants to screen, in order."""
        return [p for p in participant_ids if p not in self.unchanged]


def _reads_as_of(versions: Sequence[VersionInfo]) -> bool:
    return any(r.kind in AS_OF_KINDS for v in versions for r in v.rulebook.rules)


def _context(
    participant: str, in_force: list[VersionInfo], cohorts: list[CohortWindow], as_of: date
) -> list[Any]:
    """The versions that may screen the participant, and the day when one of their rules
    reads it."""
    mine = [c for c in cohorts if participant in c.participant_ids]
    versions = [*in_force, *(c.version for c in mine)]
    return [
        ENGINE_VERSION,
        [[v.id, v.effective_from] for v in in_force],
        [[c.id, c.starts_on, c.ends_on, c.version.id, c.flag_policy] for c in mine],
        as_of if _reads_as_of(versions) else None,
    ]


def _fingerprint(
    context: list[Any], since: date, facts_start: date, facts: StoredFacts, traits: Any
) -> str:
    inputs = [context, since, facts_start, facts.key(), traits]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def inputs_check(
    *,
    participant_ids: Sequence[str],
    since: date,
    as_of: date,
    taken_at: datetime,
    compare: bool = True,
) -> InputsCheck:
    """With `compare`: these participants' rulebook context, and those whose previous
    screening, from the same `since`, read what they would read now and left nothing waiting
    to be marked screened. Without: no query (every participant is screened)."""
    ids = [str(p) for p in participant_ids]
    check = InputsCheck(since=since, participant_ids=ids)
    if not compare or not ids:
        return check
    in_force = in_force_versions()
    cohorts = cohort_windows(ids)
    check.contexts = {p: _context(p, in_force, cohorts, as_of) for p in ids}
    previous = {
        str(p): f
        for p, f in InputsFingerprint.objects.filter(
            participant_id__in=cast(Any, ids), since=since
        ).values_list("participant_id", "fingerprint")
    }
    if not previous:
        return check
    known = sorted(previous)
    facts_start = since - timedelta(days=_lookback(in_force, cohorts))
    stored = facts_fingerprints(participant_ids=known, start=facts_start, taken_at=taken_at)
    records = cast(list[dict[str, Any]], _traits(known).to_dict("records"))
    traits = {str(r["participant_id"]): traits_json(r) for r in records}
    for p in known:
        facts = stored[p]
        now = _fingerprint(check.contexts[p], since, facts_start, facts, traits.get(p))
        if now == previous[p] and not facts.converted:
            check.unchanged.add(p)
            check.unchanged_rows += facts.rows
    return check


def inputs_record(*, check: InputsCheck, plan: Plan, now: datetime) -> None:
    """After a screening of the plan's participants: store the fingerprint of what it read
    for each (none when the plan did not hash its facts: the next screening reads them)."""
    ids = sorted(check.changed(check.participant_ids))
    InputsFingerprint.objects.filter(participant_id__in=cast(Any, ids)).delete()
    stored = plan.bundle.stored
    if stored is None or not check.contexts:
        return
    traits = plan.bundle.traits
    InputsFingerprint.objects.bulk_create(
        [
            InputsFingerprint(
                participant_id=p,
                since=check.since,
                fingerprint=_fingerprint(
                    check.contexts[p],
                    check.since,
                    plan.facts_start,
                    stored.get(p, StoredFacts()),
                    traits.get(p),
                ),
                screened_at=now,
            )
            for p in ids
        ]
    )
