"""Replay: re-evaluate a stored evaluation from its stored inputs (issue 5, item 5)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from backend.screening.facts import facts_hashes, facts_rebuild
from backend.screening.models import Evaluation
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


def evaluation_replay(*, evaluation: Evaluation) -> Replay:
    """Rebuild the evaluation's facts from its snapshot and run its version again, as of the
    stored date: the verdict and findings must equal what was stored."""
    snapshot = evaluation.facts_snapshot
    participant = str(snapshot.participant_id)
    bundle = facts_rebuild(
        participant_id=participant,
        declaration_ids=snapshot.declaration_ids,
        traits=snapshot.traits,
        taken_at=snapshot.taken_at,
    )
    facts_hash = facts_hashes(bundle.frame).get(participant, "")
    version = version_info(evaluation.rulebook_version)
    screened = (bundle.frame["declaration_id"] == str(evaluation.declaration_id)).to_numpy()
    if not screened.any():
        screened = np.zeros(len(bundle.frame), dtype=bool)
    result = run_version(version, bundle.frame, screened, as_of=evaluation.as_of)
    verdicts = result.verdicts.set_index("declaration_id")["verdict"]
    verdict = str(verdicts.get(str(evaluation.declaration_id), "")) if screened.any() else ""
    hashes = findings_hashes(result.findings)
    return Replay(
        facts_hash=facts_hash,
        facts_match=facts_hash == evaluation.facts_hash,
        verdict=verdict if not pd.isna(verdict) else "",
        findings_hash=hashes.get(str(evaluation.declaration_id), EMPTY_FINDINGS_HASH),
        stored_verdict=evaluation.verdict,
        stored_findings_hash=evaluation.findings_hash,
        engine_version=evaluation.engine_version,
    )
