"""The citation policy: each confidence tag requires the source a lawyer can follow."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from backend.rule_engine import (
    SchemaError,
    load_rulebook_yaml,
    parse_rulebook,
    proposal_tag_errors,
    validate_rulebook,
)
from backend.rule_engine.model import CONFIDENCE_LABEL_EN, CONFIDENCE_LABEL_FR

from .factories import FIXTURES, IN_FORCE, PROPOSAL, rule_doc, rulebook_doc

OFFICIAL = {"instrument": "IGOC", "edition": "2024", "article": "97"}
PRESS = {
    "instrument": "IGOC",
    "edition": "2026",
    "source": "Le Reporter",
    "published_on": "2026-02-17",
    "source_url": "https://www.lereporter.ma/igoc-2026",
}


def _doc(confidence: str, citation: dict[str, Any]) -> dict[str, Any]:
    rule = rule_doc("CAP", "period_cap", {"cap_mad": "1000.00"}, confidence=confidence)
    rule["citation"] = citation
    return rulebook_doc(rule)


@pytest.mark.parametrize(
    ("confidence", "citation"),
    [
        ("official", OFFICIAL),
        ("official", {"instrument": "Office des Changes, FAQ", "section": "« Acomptes »"}),
        ("press", PRESS),
        ("press", {**PRESS, "published_on": "2024"}),
        ("secondary", PRESS),
        ("illustrative", {"instrument": "Sandbox proposal", "edition": "2026", "note": "x"}),
    ],
)
def test_citations_that_match_their_tag_pass(confidence: str, citation: dict[str, Any]) -> None:
    assert validate_rulebook(_doc(confidence, citation)) == []


@pytest.mark.parametrize(
    ("confidence", "citation", "errors"),
    [
        (
            "official",
            {"instrument": "IGOC", "edition": "2024"},
            [
                (
                    "/rules/0/citation/article",
                    "an official value cites the article (or the section) of its instrument",
                )
            ],
        ),
        (
            "press",
            {"instrument": "IGOC", "edition": "2022"},
            [
                ("/rules/0/citation/published_on", "a press value cites the date it was published"),
                (
                    "/rules/0/citation/source",
                    "a press value cites the publication that reported it",
                ),
                (
                    "/rules/0/citation/source_url",
                    "a press value cites the URL where it can be read",
                ),
            ],
        ),
        (
            "press",
            {**PRESS, "source_url": "lereporter.ma"},
            [("/rules/0/citation/source_url", "the URL must start with http:// or https://")],
        ),
        (
            "illustrative",
            {"instrument": "IGOC", "edition": "2026"},
            [
                (
                    "/rules/0/citation/instrument",
                    "an illustrative value cites the proposal document that puts it forward, "
                    "never an official instrument",
                )
            ],
        ),
        (
            "illustrative",
            {"instrument": "Sandbox proposal", "article": "97"},
            [
                (
                    "/rules/0/citation/article",
                    "an illustrative value is read in no official text or publication: remove "
                    "'article' (explain the context in the note)",
                )
            ],
        ),
    ],
)
def test_a_citation_that_does_not_match_its_tag_is_refused_at_its_pointer(
    confidence: str, citation: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    doc = _doc(confidence, citation)
    before = copy.deepcopy(doc)
    assert validate_rulebook(doc) == [SchemaError(p, m) for p, m in errors]
    assert doc == before


def test_a_published_document_from_before_the_policy_still_parses() -> None:
    # Stored versions keep screening and replaying exactly as they did.
    rulebook = parse_rulebook(_doc("press", {"instrument": "IGOC", "edition": "2022"}))
    assert rulebook.rule("CAP").citation.label() == "IGOC 2022"


def _shipped(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = load_rulebook_yaml((FIXTURES / name).read_text("utf-8"))
    return doc


def test_the_shipped_proposal_keeps_no_law_tag_on_a_changed_value() -> None:
    assert proposal_tag_errors(_shipped(PROPOSAL), _shipped(IN_FORCE)) == []


def test_a_proposal_cannot_tag_official_a_value_that_differs_from_the_rule_in_force() -> None:
    in_force, proposal = _shipped(IN_FORCE), _shipped(PROPOSAL)
    i = [r["id"] for r in proposal["rules"]].index("SVC_EXPORT_REPATRIATION_DAYS")
    kept = next(r for r in in_force["rules"] if r["id"] == "SVC_EXPORT_REPATRIATION_DAYS")
    proposal["rules"][i]["confidence"] = "official"
    proposal["rules"][i]["citation"] = kept["citation"]
    assert proposal_tag_errors(proposal, in_force) == [
        SchemaError(
            f"/rules/{i}/confidence",
            "this value differs from the rule in force ('IGOC 2026 — rules in force'): a "
            "changed value is illustrative, not official",
        )
    ]
    # The same rule with the value in force (90 days) may keep the official tag.
    proposal["rules"][i]["params"] = kept["params"]
    assert proposal_tag_errors(proposal, in_force) == []


def test_a_proposed_rule_the_rules_in_force_lack_is_never_a_law_value() -> None:
    proposal = rulebook_doc(rule_doc("NEW_CAP", "period_cap", {"cap_mad": "5.00"}, None, "press"))
    proposal["rulebook"]["kind"] = "proposed"
    assert proposal_tag_errors(proposal, _shipped(IN_FORCE)) == [
        SchemaError(
            "/rules/0/confidence",
            "NEW_CAP is not a rule of 'IGOC 2026 — rules in force': a proposed rule is "
            "illustrative, not press",
        )
    ]
    assert [e.path for e in proposal_tag_errors(proposal, None)] == ["/rules/0/confidence"]


def test_every_confidence_tag_reads_in_both_languages() -> None:
    tags = ("official", "press", "secondary", "illustrative")
    assert CONFIDENCE_LABEL_FR == {
        "official": "valeur officielle",
        "press": "valeur presse",
        "secondary": "valeur de source secondaire",
        "illustrative": "valeur illustrative",
    }
    assert set(CONFIDENCE_LABEL_EN) == set(tags)
    assert all(CONFIDENCE_LABEL_EN[t] not in tags for t in tags)


def test_the_shipped_rulebooks_name_themselves_in_both_languages() -> None:
    in_force = parse_rulebook(_shipped(IN_FORCE))
    assert (in_force.title_fr, in_force.title_en) == (
        "IGOC 2026 — règles en vigueur",
        "IGOC 2026 — rules in force",
    )
    proposal = parse_rulebook(_shipped(PROPOSAL))
    assert proposal.title_fr == "Proposition sandbox 2026 (valeurs illustratives)"
