"""Replay: re-evaluate a stored verdict from its stored inputs (issue 5, item 5): a stored
evaluation, or a compliant declaration of a coverage run.

A late or revised publication may have re-converted payments of the window since the verdict
was stored, and a verdict that nothing moved keeps the facts it was screened on. The replay then
rebuilds those facts with the conversions they had (from the re-conversions' audit events), so
it reproduces the verdict, and says which conversions have changed since: the facts changed, not
the evaluator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from django.utils.dateparse import parse_datetime

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from backend.rates.explain import day_en, day_fr
from backend.rates.models import Conversion
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import ConversionThen, facts_hashes, facts_rebuild
from backend.screening.models import Coverage, Evaluation, FactsSnapshot, Verdict
from backend.screening.versions import (
    EMPTY_FINDINGS_HASH,
    findings_hashes,
    run_version,
    version_info,
)

RECONVERTED = "declaration.reconverted"
# Ids per query when audit events and conversions are read for a window's declarations.
IN_CHUNK = 900


class ReplayOutcome:
    """What a replay found."""

    # The stored inputs give the stored result, and nothing has changed since.
    REPRODUCED = "reproduced"
    # The stored inputs give the stored result; conversions of the window changed since.
    FACTS_CHANGED = "facts_changed"
    # The stored inputs do not give the stored result.
    MISMATCH = "mismatch"


@dataclass(frozen=True)
class ConversionChange:
    """A payment of the replayed window re-converted after the verdict was stored: its
    conversion as screened and now (`None`: waiting for its rate)."""

    declaration_id: str
    reference: str
    changed_at: datetime
    screened: dict[str, Any] | None
    now: dict[str, Any] | None


@dataclass(frozen=True)
class Replay:
    """The result of re-running a stored evaluation, beside what was stored."""

    facts_hash: str
    facts_match: bool
    verdict: str
    findings_hash: str
    stored_verdict: str
    stored_findings_hash: str
    engine_version: str
    # Conversions of the window that changed after the verdict was stored, oldest first.
    changed_since: tuple[ConversionChange, ...] = ()

    @property
    def same(self) -> bool:
        """Same inputs and the same result as stored."""
        return (
            self.facts_match
            and self.verdict == self.stored_verdict
            and self.findings_hash == self.stored_findings_hash
        )

    @property
    def outcome(self) -> str:
        """Reproduced, reproduced on facts that have changed since, or a mismatch."""
        if not self.same:
            return ReplayOutcome.MISMATCH
        return ReplayOutcome.FACTS_CHANGED if self.changed_since else ReplayOutcome.REPRODUCED

    def explanation(self) -> dict[str, str]:
        """The outcome in French and English, naming each changed conversion."""
        if self.outcome == ReplayOutcome.MISMATCH:
            return {
                "en": "The stored inputs no longer give the stored verdict.",
                "fr": "Les données conservées ne redonnent plus le verdict conservé.",
            }
        if self.outcome == ReplayOutcome.REPRODUCED:
            return {
                "en": "The stored inputs give the stored verdict.",
                "fr": "Les données conservées redonnent le verdict conservé.",
            }
        en = "; ".join(_change_text(c, "en") for c in self.changed_since)
        fr = " ; ".join(_change_text(c, "fr") for c in self.changed_since)
        return {
            "en": "The facts as screened give the stored verdict; the facts changed since, by a "
            f"late or revised rate: {en}.",
            "fr": "Les faits tels qu'évalués redonnent le verdict conservé ; ils ont changé "
            f"depuis, par un cours tardif ou révisé : {fr}.",
        }


def _number(value: str, language: str) -> str:
    """A decimal string as each language writes it (grouped thousands)."""
    whole, _, decimals = value.partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u202f" if language == "fr" else ",")
    point = "," if language == "fr" else "."
    return grouped + (point + decimals if decimals else "")


def _conversion_text(conversion: dict[str, Any] | None, language: str) -> str:
    if conversion is None:
        return "en attente de cours" if language == "fr" else "waiting for its rate"
    rate = _number(conversion["rate"], language)
    amount = _number(conversion["amount_mad"], language)
    day = date.fromisoformat(conversion["rate_date"])
    if language == "fr":
        return f"{amount} MAD au cours {rate} du {day_fr(day)}"
    return f"{amount} MAD at the rate {rate} of {day_en(day)}"


def _change_text(change: ConversionChange, language: str) -> str:
    before = _conversion_text(change.screened, language)
    after = _conversion_text(change.now, language)
    return f"{change.reference} {before} → {after}"


def _conversion_state(conversion: Conversion) -> dict[str, Any]:
    """A stored conversion as the re-conversion audit writes one."""
    return {
        "amount_mad": f"{conversion.amount_mad:.2f}",
        "rate": format(conversion.mad_per_unit.normalize(), "f"),
        "rate_date": conversion.rate_date.isoformat(),
        "source": conversion.source,
        "method": conversion.method,
    }


def _then(state: dict[str, Any] | None) -> ConversionThen:
    if state is None:
        return ConversionThen(amount_minor=None, rate_date=None, method=None)
    return ConversionThen(
        amount_minor=int(Decimal(state["amount_mad"]) * MINOR_PER_MAD),
        rate_date=date.fromisoformat(state["rate_date"]),
        method=state["method"],
    )


def _changed_at(event: AuditEvent) -> datetime:
    """When an event's conversion was stored (events written before `converted_at` was kept
    were written with it, before the re-screening)."""
    stored = (event.after or {}).get("converted_at")
    return (parse_datetime(stored) if stored else None) or event.occurred_at


def conversions_since(
    *, declaration_ids: Sequence[str], since: datetime
) -> tuple[dict[str, ConversionThen], tuple[ConversionChange, ...]]:
    """The conversions these declarations had at `since` where one changed after it (from the
    re-conversions' audit events, whose `before` is the conversion it replaced), and each change
    as screened then and now."""
    ids = [str(i) for i in declaration_ids]
    first: dict[str, tuple[datetime, dict[str, Any] | None]] = {}
    for start in range(0, len(ids), IN_CHUNK):
        events = AuditEvent.objects.filter(
            object_type=Declaration._meta.label_lower,
            object_id__in=ids[start : start + IN_CHUNK],
            action=RECONVERTED,
            occurred_at__gt=since,
        ).order_by("occurred_at", "pk")
        for event in events:
            at = _changed_at(event)
            if at > since and event.object_id not in first:
                first[event.object_id] = (at, (event.before or {}).get("conversion"))
        # Converted for the first time since, by the flow rather than by a publication: it had
        # no conversion then.
        late = Conversion.objects.filter(
            declaration_id__in=ids[start : start + IN_CHUNK], converted_at__gt=since
        ).values_list("declaration_id", "converted_at")
        for declaration_id, at in late:
            first.setdefault(str(declaration_id), (at, None))
    if not first:
        return {}, ()
    current = {
        str(c.declaration_id): c
        for c in Conversion.objects.filter(declaration_id__in=sorted(first))
    }
    references = {
        str(pk): reference
        for pk, reference in Declaration.objects.filter(pk__in=sorted(first)).values_list(
            "pk", "reference"
        )
    }
    changes = tuple(
        sorted(
            (
                ConversionChange(
                    declaration_id=declaration_id,
                    reference=references.get(declaration_id, ""),
                    changed_at=at,
                    screened=screened,
                    now=_conversion_state(current[declaration_id])
                    if declaration_id in current
                    else None,
                )
                for declaration_id, (at, screened) in first.items()
            ),
            key=lambda c: (c.changed_at, c.declaration_id),
        )
    )
    return {d: _then(screened) for d, (_, screened) in first.items()}, changes


def _replay(
    *,
    snapshot: FactsSnapshot,
    version: RulebookVersion,
    declaration_id: str,
    as_of: date,
    stored_verdict: str,
    stored_findings_hash: str,
    engine_version: str,
) -> Replay:
    """Rebuild the snapshot's facts (with the conversions they had) and run the version again
    as of the stored date."""
    participant = str(snapshot.participant_id)
    then, changed = conversions_since(
        declaration_ids=snapshot.declaration_ids, since=snapshot.taken_at
    )
    bundle = facts_rebuild(
        participant_id=participant,
        declaration_ids=snapshot.declaration_ids,
        traits=snapshot.traits,
        taken_at=snapshot.taken_at,
        conversions_then=then,
    )
    facts_hash = facts_hashes(bundle.frame).get(participant, "")
    screened = (bundle.frame["declaration_id"] == declaration_id).to_numpy()
    result = run_version(version_info(version), bundle.frame, screened, as_of=as_of)
    verdicts = result.verdicts.set_index("declaration_id")["verdict"]
    verdict = str(verdicts.get(declaration_id, "")) if screened.any() else ""
    hashes = findings_hashes(result.findings)
    return Replay(
        facts_hash=facts_hash,
        facts_match=facts_hash == snapshot.facts_hash,
        verdict=verdict if not pd.isna(verdict) else "",
        findings_hash=hashes.get(declaration_id, EMPTY_FINDINGS_HASH),
        stored_verdict=stored_verdict,
        stored_findings_hash=stored_findings_hash,
        engine_version=engine_version,
        changed_since=changed,
    )


def evaluation_replay(*, evaluation: Evaluation) -> Replay:
    """Replay a stored (non-compliant) evaluation: the verdict and findings must equal what was
    stored."""
    return _replay(
        snapshot=evaluation.facts_snapshot,
        version=evaluation.rulebook_version,
        declaration_id=str(evaluation.declaration_id),
        as_of=evaluation.as_of,
        stored_verdict=evaluation.verdict,
        stored_findings_hash=evaluation.findings_hash,
        engine_version=evaluation.engine_version,
    )


def coverage_replay(*, coverage: Coverage, declaration_id: str) -> Replay:
    """Replay one declaration of a coverage run: it must come out compliant, without
    findings, as the run implies."""
    return _replay(
        snapshot=coverage.facts_snapshot,
        version=coverage.rulebook_version,
        declaration_id=str(declaration_id),
        as_of=coverage.as_of,
        stored_verdict=Verdict.COMPLIANT,
        stored_findings_hash=EMPTY_FINDINGS_HASH,
        engine_version=coverage.engine_version,
    )
