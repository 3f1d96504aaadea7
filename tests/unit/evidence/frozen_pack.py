"""A fixed pack's inputs (figures, rules, manifest body) in the forms older manifest formats
wrote them: the files rebuilt from them are compared with the hashes recorded when that format
was current, so a change to the exports can never alter a pack already built."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.evidence.compute import cubes_build
from backend.evidence.disclosure import DisclosureParams
from backend.evidence.present import measures_payload
from tests.unit.evidence.data import frames

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
# rules.json as formats 5 and before froze it: one English title, the rulebook's key.
RULES_FORMAT5: list[dict[str, Any]] = [
    {
        "version": "IGOC 2026 — rules in force v1",
        "kind": "in_force",
        "rule_id": "CARD_CAP",
        "title": "Company card annual allowance",
        "citation": "IGOC 2026, art. 12",
        "confidence": "press",
    },
    {
        "version": "Sandbox proposal 2026 v1",
        "kind": "proposed",
        "rule_id": "CARD_CAP",
        "title": "Company card annual allowance",
        "citation": "Sandbox proposal",
        "confidence": "illustrative",
    },
]
COVERAGE = [
    {
        "version": {
            "id": "v1",
            "number": 1,
            "rulebook": {"id": "r1", "name": "IGOC 2026 — rules in force", "kind": "in_force"},
        },
        "rules": [
            {
                "rule_id": "CARD_CAP",
                "title_fr": "Dotation annuelle de la carte de l'entreprise",
                "title_en": "Company card annual allowance",
                "status": "evaluated",
                "in_scope": 8,
                "evaluated": 8,
                "missing": [],
            }
        ],
    }
]
# The libraries the recorded hashes were built with (a rebuild with others gives other bytes).
LIBRARIES = {
    "matplotlib": "3.11.2",
    "reportlab": "5.1.0",
    "openpyxl": "3.1.5",
    "numpy": "2.4.6",
    "pandas": "3.1.1",
}


def payload(published: bool) -> dict[str, Any]:
    """The figures of the hand-computed dataset, published (suppressed, rounded) or exact."""
    params = DisclosureParams(min_participants=2, rounding_mad=1000) if published else None
    cubes = cubes_build(frames(), date_from=YEAR[0], date_to=YEAR[1], published=published)
    return measures_payload(cubes, where=None, params=params)


def body(fmt: int, published: bool) -> dict[str, Any]:
    """A manifest's body of that format (everything but the files' hashes)."""
    return {
        "format": fmt,
        "pack": "00000000-0000-0000-0000-000000000001",
        "audience": "advocate" if published else "regulator",
        "filters": {"date_from": "2026-01-01", "date_to": "2026-12-31", "cluster": None},
        "cutoff": "2026-12-01T08:00:00Z",
        "disclosure": {"min_participants": 2, "rounding_mad": 1000} if published else None,
        "rulebook_versions": [],
        "rulebook_versions_hash": "0" * 64,
        "rate_set": {"rows": 0, "hash": "0" * 64},
        "engine_version": "1",
        "code_version": "fx-sandbox-tracker+fixed",
        "libraries": LIBRARIES,
        "inputs": {"sha256": "0" * 64},
        "coverage_report": COVERAGE,
    }
