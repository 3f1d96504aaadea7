"""The rules behind a set of rulebook versions, with their citation and confidence tag, as every
export and the measures endpoint list them."""

from __future__ import annotations

from typing import Any

from backend.rulebooks.models import RulebookVersion
from backend.screening.versions import version_info


def rulebook_rules(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every rule of `versions` (``versions_in_scope`` entries), in their order."""
    found = {
        str(k): v
        for k, v in RulebookVersion.objects.select_related("rulebook")
        .in_bulk([v["id"] for v in versions])
        .items()
    }
    out = []
    for entry in versions:
        info = version_info(found[str(entry["id"])])
        for rule in info.rulebook.rules:
            out.append(
                {
                    # The rulebook's name says which rules it holds (in force, or a proposal).
                    "version": f"{info.rulebook_name} v{info.number}",
                    "kind": info.kind,
                    "rule_id": rule.id,
                    "title": rule.title_en,
                    "citation": rule.citation.label(),
                    "confidence": str(rule.confidence),
                }
            )
    return out
