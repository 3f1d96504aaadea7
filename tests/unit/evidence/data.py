"""A small hand-computed dataset for the impact measures (amounts in MAD centimes)."""

import pandas as pd

from backend.evidence.compute import Frames
from backend.evidence.measures import kind_verdicts

# declaration, participant, value date, category, country, MAD centimes
DECLARATIONS = [
    ("D1", "P1", "2026-01-10", "SAAS_CLOUD", "IE", 100_000),
    ("D2", "P1", "2026-02-05", "SAAS_CLOUD", "IE", 200_000),
    ("D3", "P2", "2026-01-20", "ADVERTISING", "US", 50_000),
    ("D4", "P2", "2026-02-11", "SAAS_CLOUD", "IE", 300_000),
    ("D5", "P3", "2026-02-12", "ADVERTISING", "FR", 70_000),
    ("D6", "P3", "2026-02-13", "ADVERTISING", "FR", 30_000),
    ("D7", "P4", "2026-01-15", "SAAS_CLOUD", "IE", 40_000),
    ("D8", "P1", "2026-02-20", "SAAS_CLOUD", "IE", 10_000),
]
# declaration, kind, verdict, effective_from of the version, law flag (a finding of that
# outcome rests on an official or press rule)
EVALUATIONS = [
    ("D1", "in_force", "breach", "2026-01-01", 1),
    ("D1", "proposed", "compliant", "2026-01-01", 0),
    # Blocked now only by an illustrative value:
    ("D2", "in_force", "breach", "2026-01-01", 0),
    ("D2", "proposed", "compliant", "2026-01-01", 0),
    ("D3", "in_force", "compliant", "2026-01-01", 0),
    ("D3", "proposed", "compliant", "2026-01-01", 0),
    ("D4", "in_force", "breach", "2026-01-01", 1),
    ("D4", "proposed", "breach", "2026-01-01", 0),
    ("D5", "in_force", "compliant", "2026-01-01", 0),
    ("D5", "proposed", "breach", "2026-01-01", 0),
    ("D6", "in_force", "needs_review", "2026-01-01", 0),
    ("D6", "proposed", "compliant", "2026-01-01", 0),
    ("D7", "in_force", "compliant", "2026-01-01", 0),
    # Two current in-force versions: the later effective one speaks, with its law flag.
    ("D8", "in_force", "compliant", "2026-01-01", 0),
    ("D8", "in_force", "breach", "2026-02-15", 1),
    ("D8", "proposed", "compliant", "2026-01-01", 0),
]
PARTICIPANTS = [
    ("P1", "Alpha", "MNC", "Logiciel", "Casablanca-Settat", True),
    ("P2", "Beta", "MNC", "Fintech", "Rabat-Salé-Kénitra", True),
    ("P3", "Gamma", "CAP", "Logiciel", "Casablanca-Settat", False),
    ("P4", "Delta", "NONE", "Logiciel", "Souss-Massa", True),
]
# participant, kind, rule, cap and used (centimes)
USAGE = [
    ("P1", "in_force", "CARD_CAP", 200_000_000, 190_000_000),  # 95 %
    ("P2", "in_force", "CARD_CAP", 200_000_000, 250_000_000),  # 125 %
    ("P3", "in_force", "CARD_CAP", 200_000_000, 20_000_000),  # 10 %
    ("P4", "in_force", "CARD_CAP", 200_000_000, 160_000_000),  # exactly 80 %
    ("P1", "proposed", "CARD_CAP", 400_000_000, 190_000_000),  # 47.5 %
    ("P2", "proposed", "CARD_CAP", 400_000_000, 250_000_000),  # 62.5 %
]
# participant, category, channel, country, outcome, days to decision, documents requested
REVIEWS = [
    ("P1", "SAAS_CLOUD", "card", "IE", "allowed_under_sandbox", 4, 1),
    ("P2", "SAAS_CLOUD", "card", "IE", "allowed_under_sandbox", 6, 0),
    ("P2", "SAAS_CLOUD", "card", "IE", "breach_confirmed", 10, 2),
]


def frames() -> Frames:
    """The dataset as the selectors would load it."""
    declarations = pd.DataFrame(
        DECLARATIONS,
        columns=[
            "declaration_id",
            "participant_id",
            "value_date",
            "category",
            "country",
            "amount_minor",
        ],
    )
    declarations["value_date"] = pd.to_datetime(declarations["value_date"])
    declarations["channel"] = "card"
    # One verdict and one law column per rulebook version (a kind and an effective date).
    evaluations = pd.DataFrame(
        EVALUATIONS, columns=["declaration_id", "kind", "verdict", "effective_from", "law"]
    )
    evaluations["version"] = evaluations["kind"] + "@" + evaluations["effective_from"]
    wide = evaluations.pivot(index="declaration_id", columns="version", values="verdict")
    wide = wide.reindex(declarations["declaration_id"]).reset_index(drop=True)
    flags = evaluations.pivot(index="declaration_id", columns="version", values="law")
    flags = flags.reindex(declarations["declaration_id"]).reset_index(drop=True).fillna(0)
    for column in flags.columns:
        wide[f"law:{column}"] = flags[column].astype("int8")
    versions = sorted(
        set(
            zip(
                evaluations["version"],
                evaluations["kind"],
                evaluations["effective_from"],
                strict=True,
            )
        )
    )
    law = {v: f"law:{v}" for v, _, _ in versions}
    for kind, verdicts in kind_verdicts(wide, versions, law).items():
        declarations[kind] = verdicts
    participants = pd.DataFrame(
        PARTICIPANTS, columns=["participant_id", "name", "cluster", "sector", "region", "labelled"]
    )
    usage = pd.DataFrame(
        USAGE, columns=["participant_id", "kind", "rule_id", "limit_minor", "used_minor"]
    )
    reviews = pd.DataFrame(
        REVIEWS,
        columns=[
            "participant_id",
            "category",
            "channel",
            "country",
            "outcome",
            "days_to_decision",
            "documents_requested",
        ],
    )
    return Frames(
        declarations=declarations, participants=participants, usage=usage, reviews=reviews
    )
