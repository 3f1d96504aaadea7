"""Small, valid rulebook documents to build tests from."""

import copy
from typing import Any

CAP_RULE: dict[str, Any] = {
    "id": "CARD_CAP",
    "kind": "period_cap",
    "title": {"fr": "Dotation carte", "en": "Card allowance"},
    "scope": {"channels": ["card"], "directions": ["outgoing"]},
    "params": {"cap_mad": "2000000.00", "period": "calendar_year"},
    "severity": "high",
    "citation": {
        "instrument": "IGOC",
        "edition": "2026",
        "article": None,
        "source": "Le Reporter",
        "published_on": "2026-02-17",
        "source_url": "https://www.lereporter.ma/igoc-2026",
    },
    "confidence": "press",
}
COUNTRY_RULE: dict[str, Any] = {
    "id": "HIGH_RISK",
    "kind": "country_list",
    "title": {"fr": "Juridictions à risque", "en": "High-risk jurisdictions"},
    "scope": {},
    "params": {"review": ["KP", "IR"]},
    "severity": "high",
    "citation": {"instrument": "AML control", "note": "demonstration list"},
    "confidence": "illustrative",
}


def small_document(
    *,
    name: str = "Test rules in force",
    kind: str = "in_force",
    effective_from: str = "2026-01-01",
    cap_mad: str = "2000000.00",
) -> dict[str, Any]:
    """A valid two-rule document (a card cap and a country list); in a proposal the cap is
    the proposal's own, illustrative value (a proposal cannot tag a value of its own press)."""
    cap = copy.deepcopy(CAP_RULE)
    cap["params"]["cap_mad"] = cap_mad
    if kind == "proposed":
        cap["confidence"] = "illustrative"
        cap["citation"] = {"instrument": "Test proposal", "edition": "2026"}
    return {
        "rulebook": {"name": name, "kind": kind},
        "version": {"effective_from": effective_from},
        "rules": [cap, copy.deepcopy(COUNTRY_RULE)],
    }
