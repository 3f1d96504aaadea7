"""The rules behind a set of rulebook versions, with their citation and confidence tag, as every
export and the measures endpoint list them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backend.evidence.exports.labels import BILINGUAL_FORMAT
from backend.rule_engine.model import Rule
from backend.rulebooks.models import RulebookVersion
from backend.screening.versions import VersionInfo, version_info


def _rules_of(
    versions: list[dict[str, Any]],
) -> Iterator[tuple[RulebookVersion, VersionInfo, Rule]]:
    """Every rule of `versions` (``versions_in_scope`` entries), in their order."""
    found = {
        str(k): v
        for k, v in RulebookVersion.objects.select_related("rulebook")
        .in_bulk([v["id"] for v in versions])
        .items()
    }
    for entry in versions:
        version = found[str(entry["id"])]
        info = version_info(version)
        for rule in info.rulebook.rules:
            yield version, info, rule


def _listed(info: VersionInfo, rule: Rule) -> dict[str, Any]:
    return {
        # The rulebook's name says which rules it holds (in force, or a proposal).
        "version": f"{info.rulebook_name} v{info.number}",
        "kind": info.kind,
        "rule_id": rule.id,
        "title": rule.title_en,
        "citation": rule.citation.label(),
        "confidence": str(rule.confidence),
    }


def _named(version: RulebookVersion, info: VersionInfo, rule: Rule) -> dict[str, Any]:
    """The rule's title and its rulebook version's name in each language, for the reader."""
    return {
        "version_fr": f"{version.rulebook.name_fr} v{info.number}",
        "version_en": f"{version.rulebook.name_en} v{info.number}",
        "title_fr": rule.title_fr,
        "title_en": rule.title_en,
    }


def rulebook_rules(versions: list[dict[str, Any]], fmt: int) -> list[dict[str, Any]]:
    """Every rule of `versions`, as a pack of manifest format `fmt` freezes them in its
    `rules.json`: from format 6 on, with the title and rulebook name in French and English
    (`BILINGUAL_FORMAT`). A pack of an earlier format gets the fields it was built with, so
    that it rebuilds to the same bytes."""
    if fmt < BILINGUAL_FORMAT:
        return [_listed(info, rule) for _, info, rule in _rules_of(versions)]
    return [
        {**_listed(info, rule), **_named(version, info, rule)}
        for version, info, rule in _rules_of(versions)
    ]


def rule_sources(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every rule of `versions` for the measures endpoint: what a pack lists, plus the rulebook's
    name, the version's number and the rule's title in both languages, for people to read."""
    return [
        {
            **_listed(info, rule),
            "version_number": info.number,
            "rulebook_name_fr": version.rulebook.name_fr,
            "rulebook_name_en": version.rulebook.name_en,
            "title_fr": rule.title_fr,
            "title_en": rule.title_en,
        }
        for version, info, rule in _rules_of(versions)
    ]
