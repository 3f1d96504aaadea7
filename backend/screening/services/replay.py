"""Replay: re-evaluate a stored verdict from its stored inputs (issue 5, item 5): a stored
evaluation, or a compliant declaration of a coverage run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import facts_hashes, facts_rebuild
from backend.screening.models import Coverage, Evaluation, FactsSnapshot, Verdict
from backend.screening.versions import (
    EMPTY_FINDINGS_HASH,
    findings_hashes,
    run_version,
    version_info,
)


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

    @property
    def same(self) -> bool:
        """Same inputs and the same result as stored."""
        return (
            self.facts_match
            and self.verdict == self.stored_verdict
            and self.findings_hash == self.stored_findings_hash
        )


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
    """Rebuild the snapshot's facts and run the version again as of the stored date."""
    participant = str(snapshot.participant_id)
    bundle = facts_rebuild(
        participant_id=participant,
        declaration_ids=snapshot.declaration_ids,
        traits=snapshot.traits,
        taken_at=snapshot.taken_at,
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
