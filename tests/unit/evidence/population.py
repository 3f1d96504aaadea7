"""Generated populations for disclosure tests: participants with traits, declarations with
verdicts and bases, allowance usage and decided cases (pure frames, as the selectors load)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from backend.evidence.compute import Frames

CLUSTERS = ("SOLAIRE", "C2TM", "MDC", "CE3M", "MNC", "NONE")
CATEGORIES = ("SAAS_CLOUD", "DIGITAL_ADS", "FREELANCE_DEV", "DATA_INFO", "TELECOM", "RND")
COUNTRIES = ("IE", "US", "FR", "DE", "ES", "AE")
# in force, proposed, in-force law flag, weight
VERDICTS = (
    ("breach", "compliant", 1, 8),
    ("breach", "compliant", 0, 3),
    ("breach", "breach", 1, 2),
    ("breach", "breach", 0, 1),
    ("compliant", "compliant", 0, 30),
    ("compliant", "breach", 0, 1),
    ("needs_review", "compliant", 0, 1),
    ("compliant", "needs_review", 0, 2),
    ("breach", None, 1, 3),
    ("compliant", None, 0, 8),
    ("breach", None, 0, 1),
)
OUTCOMES = ("allowed_under_sandbox", "breach_confirmed", "no_breach")
# How the MAD amounts were obtained, some methods rare so that their counts are small cells.
RATE_METHODS = ("official", "carried_forward", "derived", "estimate", "in_dirhams", "pending")
RATE_WEIGHTS = (0.55, 0.15, 0.05, 0.02, 0.2, 0.03)


def population(seed: int, participants: int, per_participant: int = 12) -> Frames:
    """`participants` startups with about `per_participant` declarations each in 2026."""
    rng = np.random.default_rng(seed)
    ids = [f"P{i:04d}" for i in range(participants)]
    people = pd.DataFrame(
        {
            "participant_id": ids,
            "name": [f"Startup {i}" for i in range(participants)],
            "cluster": rng.choice(CLUSTERS, participants, p=[0.2, 0.15, 0.15, 0.2, 0.25, 0.05]),
            "sector": "Logiciel",
            "region": "Casablanca-Settat",
            "labelled": rng.random(participants) < 0.6,
        }
    )
    counts = rng.poisson(per_participant, participants) + 1
    owner = np.repeat(np.arange(participants), counts)
    n = len(owner)
    weights = np.asarray([v[3] for v in VERDICTS], dtype=float)
    picked = rng.choice(len(VERDICTS), n, p=weights / weights.sum())
    days = rng.integers(0, 334, n)
    declarations = pd.DataFrame(
        {
            "participant_id": np.asarray(ids, dtype=object)[owner],
            "value_date": pd.Timestamp("2026-01-01") + pd.to_timedelta(days, unit="D"),
            "category": rng.choice(CATEGORIES, n, p=[0.35, 0.25, 0.15, 0.1, 0.1, 0.05]),
            "channel": rng.choice(("card", "transfer"), n, p=[0.7, 0.3]),
            "country": rng.choice(COUNTRIES, n, p=[0.35, 0.25, 0.15, 0.1, 0.1, 0.05]),
            "amount_minor": (rng.lognormal(10, 1.2, n) * 100).astype(np.int64),
            "in_force": [VERDICTS[i][0] for i in picked],
            "proposed": [VERDICTS[i][1] for i in picked],
            "in_force_law": np.asarray([VERDICTS[i][2] for i in picked], dtype=np.int8),
            "rate_method": rng.choice(RATE_METHODS, n, p=RATE_WEIGHTS),
        }
    )
    limit = 200_000_000
    usage = pd.DataFrame(
        {
            "participant_id": ids + ids,
            "kind": ["in_force"] * participants + ["proposed"] * participants,
            "rule_id": "CARD_CAP",
            "limit_minor": [limit] * participants + [2 * limit] * participants,
            "used_minor": np.tile((rng.random(participants) * 1.4 * limit).astype(np.int64), 2),
        }
    )
    decided = rng.choice(n, size=max(participants // 3, 1), replace=False)
    reviews = pd.DataFrame(
        {
            "participant_id": declarations["participant_id"].to_numpy()[decided],
            "category": declarations["category"].to_numpy()[decided],
            "channel": declarations["channel"].to_numpy()[decided],
            "country": declarations["country"].to_numpy()[decided],
            "outcome": rng.choice(OUTCOMES, len(decided), p=[0.6, 0.3, 0.1]),
            "days_to_decision": rng.integers(0, 20, len(decided)),
            "documents_requested": rng.integers(0, 3, len(decided)),
        }
    )
    return Frames(declarations=declarations, participants=people, usage=usage, reviews=reviews)
