"""The generated demo population: fictional startups across the five clusters, each with a role
that decides the payments `backend.declarations.demo_year` gives it for 2026.

Deterministic: the same list, names and profiles on every run (no clock, a fixed seed), so the
loader stays idempotent. Forty-six startups join the six written by hand in
`fixtures/demo/organisations.yaml`: enough that the advocate's headline and main tables have at
least five participants behind every published figure (the disclosure threshold), as a cohort of
real size would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from backend.accounts.models import Cluster

SEED = 20260101
CLUSTERS = (Cluster.SOLAIRE, Cluster.C2TM, Cluster.MDC, Cluster.CE3M, Cluster.MNC)
USERNAME = "demo-gen-{:02d}"


@dataclass(frozen=True)
class Role:
    """What kind of startup a generated participant is, and whether it is in the demo cohort."""

    key: str
    labelled: bool
    has_fx_account: bool
    cohort: bool


# One of each per cluster, in this order (the last only in the Morocco Numeric Cluster); the
# payments of each role are described in backend/declarations/demo_year.py.
ROLES = (
    Role("heavy_cloud", labelled=True, has_fx_account=False, cohort=True),
    Role("ads_labelled", labelled=True, has_fx_account=False, cohort=True),
    Role("ads_company", labelled=False, has_fx_account=False, cohort=True),
    Role("ads_company_big", labelled=False, has_fx_account=False, cohort=True),
    Role("exporter", labelled=True, has_fx_account=True, cohort=True),
    Role("research", labelled=False, has_fx_account=True, cohort=True),
    Role("young_investor", labelled=False, has_fx_account=False, cohort=True),
    Role("outsider_ads", labelled=False, has_fx_account=False, cohort=False),
    Role("outsider_services", labelled=False, has_fx_account=True, cohort=False),
)
EXTRA_ROLE = Role("outsider_plain", labelled=True, has_fx_account=False, cohort=False)
ROLES_BY_KEY = {role.key: role for role in (*ROLES, EXTRA_ROLE)}

# Fictional names, two words per cluster's trade; none is a real company.
NAME_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Cluster.SOLAIRE: (
        ("Helio", "Sunbeam", "Zenith", "Radiant", "Photonic", "Midi", "Azur", "Solstice", "Lumen"),
        ("Grid", "Watt", "Volt", "Panel", "Array", "Flux", "Cell", "Ray", "Beam"),
    ),
    Cluster.C2TM: (
        ("Fibra", "Trama", "Weft", "Bobine", "Filament", "Maille", "Nappe", "Ourdi", "Tissu"),
        ("Tech", "Lab", "Works", "Systems", "Matter", "Loom", "Knit", "Layer", "Mesh"),
    ),
    Cluster.MDC: (
        ("Indigo", "Selvage", "Rivet", "Twill", "Chambray", "Stitch", "Denima", "Sanforé", "Fade"),
        ("Trace", "Cut", "Wash", "Fit", "Thread", "Pattern", "Seam", "Dye", "Press"),
    ),
    Cluster.CE3M: (
        ("Servo", "Kinetic", "Torque", "Gear", "Circuit", "Relay", "Sensor", "Motion", "Axis"),
        ("Dynamics", "Robotics", "Controls", "Drives", "Automation", "Labs", "Motors", "IO", "Fab"),
    ),
    Cluster.MNC: (
        ("Darija", "Atlas", "Medina", "Kasbah", "Souk", "Oasis", "Rif", "Tafilalt", "Ziz", "Argan"),
        ("Cloud", "Data", "Stack", "Apps", "Pay", "Logic", "Bytes", "Sync", "Code", "Mind"),
    ),
}
SECTORS: dict[str, tuple[str, ...]] = {
    Cluster.SOLAIRE: ("Logiciels pour l'énergie solaire", "Maintenance prédictive photovoltaïque"),
    Cluster.C2TM: ("Textiles techniques", "Textiles connectés"),
    Cluster.MDC: ("Traçabilité du denim", "Logiciels de confection"),
    Cluster.CE3M: ("Mécatronique industrielle", "Électronique embarquée"),
    Cluster.MNC: ("Logiciel en ligne (SaaS)", "Paiement et fintech"),
}
REGIONS = (
    "Casablanca-Settat",
    "Rabat-Salé-Kénitra",
    "Tanger-Tétouan-Al Hoceïma",
    "Fès-Meknès",
    "Marrakech-Safi",
    "Souss-Massa",
    "Oriental",
)


def _roles(cluster: str) -> tuple[Role, ...]:
    return (*ROLES, EXTRA_ROLE) if cluster == Cluster.MNC else ROLES


def _profile(rng: random.Random, role: Role, cluster: str, index: int) -> dict[str, Any]:
    """A participant entry in the format of organisations.yaml's `startups`."""
    young = role.key == "young_investor"
    incorporated = f"{2024 if young else rng.randint(2016, 2023)}-{rng.randint(1, 12):02d}-15"
    labelled_on = None
    if role.labelled:
        labelled_on = max(incorporated, f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-01")
    # The company card allowance in force is min(200,000 MAD; tax paid last year): most
    # non-labelled startups pay less tax than that, so the tax sets their cap.
    tax = "0.00" if young else f"{rng.randrange(60_000, 320_000, 5_000)}.00"
    return {
        "labelled": role.labelled,
        "labelled_on": labelled_on,
        "incorporated_on": incorporated,
        "has_fx_account": role.has_fx_account,
        "categorised_operator": role.key == "research",
        "certified_accounts": not young and rng.random() < 0.5,
        "tax_paid_last_fy": tax,
        "pre_revenue": False,
        "sector": SECTORS[cluster][index % 2],
        "cluster": str(cluster),
        "region": REGIONS[rng.randrange(len(REGIONS))],
    }


def demo_population() -> list[dict[str, Any]]:
    """The generated startups: `user`, `name`, `role`, `cohort` and the profile fields."""
    rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
    out: list[dict[str, Any]] = []
    for cluster in CLUSTERS:
        first, second = NAME_WORDS[cluster]
        for index, role in enumerate(_roles(cluster)):
            number = len(out) + 1
            entry = {
                "user": USERNAME.format(number),
                "name": f"{first[index]} {second[(index * 4 + 3) % len(second)]} (démo)",
                "role": role.key,
                "cohort": role.cohort,
                **_profile(rng, role, cluster, index),
            }
            out.append(entry)
    return out


def demo_cohort_usernames(handwritten: list[dict[str, Any]]) -> list[str]:
    """The demo cohort: the hand-written startups marked `cohort` and the generated ones whose
    role trials the proposal."""
    return [e["user"] for e in handwritten if e.get("cohort")] + [
        e["user"] for e in demo_population() if e["cohort"]
    ]
