"""The rulebook schema, the validator's JSON pointers and the two shipped rulebooks."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from backend.rule_engine import (
    RulebookInvalid,
    SchemaError,
    load_rulebook_yaml,
    parse_rulebook,
    rulebook_schema,
    validate_rulebook,
)
from backend.rule_engine.categories import CATEGORY_CODES

from .factories import FIXTURES, IN_FORCE, PROPOSAL, rule_doc, rulebook_doc, shipped

REFERENCE_IDS = [
    "ECOM_JEI_ANNUAL_CAP",
    "ECOM_COMPANY_ANNUAL_CAP",
    "ECOM_SCOPE",
    "SVC_ADVANCE_MAX_PCT",
    "SVC_DOC_THRESHOLD",
    "INVEST_ABROAD_JEI_CAP",
    "INVEST_ABROAD_CONDITIONS",
    "INVEST_ABROAD_COMPANY_CAP",
    "SVC_EXPORT_REPATRIATION_DAYS",
    "BIZ_TRAVEL_ANNUAL_CAP",
    "TRADE_FAIR_FEES",
    "HIGH_RISK_JURISDICTION",
    "STRUCTURING_NEAR_CAP",
    "RATE_STALENESS",
]


def _doc(name: str) -> Any:
    return load_rulebook_yaml((FIXTURES / name).read_text("utf-8"))


@pytest.mark.parametrize("name", [IN_FORCE, PROPOSAL])
def test_shipped_rulebooks_validate_and_cover_every_reference_row(name: str) -> None:
    assert validate_rulebook(_doc(name)) == []
    rulebook = shipped(name)
    assert [r.id for r in rulebook.rules] == REFERENCE_IDS


def test_reference_ids_are_exactly_the_rows_of_reference_md() -> None:
    text = (FIXTURES / "REFERENCE.md").read_text("utf-8")
    rules, categories = text.split("## Rules")[1].split("## Payment categories")
    row = re.compile(r"^\| `([A-Z_]+)` \|", flags=re.MULTILINE)
    assert row.findall(rules) == REFERENCE_IDS
    assert tuple(row.findall(categories)) == CATEGORY_CODES
    assert text.startswith("<!-- Provenance:")


def test_in_force_values_and_tags_follow_the_reference() -> None:
    rb = shipped(IN_FORCE)
    assert rb.kind == "in_force"
    jei = rb.rule("ECOM_JEI_ANNUAL_CAP")
    assert (jei.params.cap_minor, jei.confidence) == (2_000_000_00, "press")  # type: ignore[union-attr]
    assert [(h.edition, h.value) for h in jei.history] == [
        ("2022/2024", "1000000.00"),
        ("2020", "500000.00"),
    ]
    assert rb.rule("SVC_ADVANCE_MAX_PCT").confidence == "official"
    assert rb.rule("SVC_EXPORT_REPATRIATION_DAYS").citation.label() == "IGOC 2024, art. 97"
    assert rb.rule("SVC_DOC_THRESHOLD").confidence == "illustrative"
    travel = rb.rule("BIZ_TRAVEL_ANNUAL_CAP").params
    assert travel.cap_minor == 1_000_000_00  # type: ignore[union-attr]
    assert travel.cap_overrides[0].cap_minor == 1_500_000_00  # type: ignore[union-attr]


def test_every_proposed_value_is_illustrative() -> None:
    rb = shipped(PROPOSAL)
    assert rb.kind == "proposed"
    assert {r.confidence for r in rb.rules} == {"illustrative"}
    assert rb.rule("ECOM_JEI_ANNUAL_CAP").params.cap_minor == 4_000_000_00  # type: ignore[union-attr]
    assert rb.rule("SVC_EXPORT_REPATRIATION_DAYS").params.max_days == 180  # type: ignore[union-attr]
    assert rb.rule("STRUCTURING_NEAR_CAP").params.window_days == 14  # type: ignore[union-attr]


def test_schema_category_enum_matches_the_taxonomy() -> None:
    assert tuple(rulebook_schema()["$defs"]["category"]["enum"]) == CATEGORY_CODES


def _valid() -> dict[str, Any]:
    return rulebook_doc(
        rule_doc("CAP", "period_cap", {"cap_mad": "1000.00"}),
        rule_doc(
            "DOCS", "document_threshold", {"threshold_mad": "10.00", "required_documents": []}
        ),
        rule_doc("ADV", "per_payment_cap", {"measure": "advance_share", "max_share_bp": 3000}),
        rule_doc("CAP2", "period_cap", {"cap_mad": "1000.00"}),
    )


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node = doc
    for p in path[:-1]:
        node = node[p]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "pointer"),
    [
        (["rules", 3, "params", "cap_mad"], 1000.5, "/rules/3/params/cap_mad"),
        (["rules", 3, "params", "cap_mad"], "1,000.00", "/rules/3/params/cap_mad"),
        (["rules", 3, "params", "cap_mad"], "10.001", "/rules/3/params/cap_mad"),
        (["rules", 3, "params", "cap_mad"], _DELETE, "/rules/3/params/cap_mad"),
        (["rules", 3, "params", "period"], "fiscal_year", "/rules/3/params/period"),
        (["rules", 0, "kind"], "quota", "/rules/0/kind"),
        (["rules", 0, "confidence"], "rumour", "/rules/0/confidence"),
        (["rules", 0, "scope"], {"categories": ["CRYPTO"]}, "/rules/0/scope/categories"),
        (["rules", 0, "scope"], {"participant": {"tall": True}}, "/rules/0/scope/participant"),
        (
            ["rules", 1, "params", "required_documents"],
            ["Invoice"],
            "/rules/1/params/required_documents/0",
        ),
        (["rules", 2, "params", "max_share_bp"], 12000, "/rules/2/params/max_share_bp"),
        (["rules", 2, "params", "cap_mad"], "5.00", "/rules/2/params/cap_mad"),
        (["rules", 3, "id"], "CAP", "/rules/3/id"),
        (["version", "effective_from"], "2026-13-01", "/version/effective_from"),
        (["rulebook", "kind"], "draft", "/rulebook/kind"),
    ],
)
def test_bad_documents_are_reported_at_the_exact_pointer(
    path: list[Any], value: Any, pointer: str
) -> None:
    doc = _set(_valid(), path, value)
    before = copy.deepcopy(doc)
    errors = validate_rulebook(doc)
    assert errors, "expected an error"
    assert {e.path for e in errors} == {pointer}
    assert doc == before  # validation never mutates the document


def test_float_money_is_rejected_with_a_clear_message() -> None:
    doc = _set(_valid(), ["rules", 0, "params", "cap_mad"], 2000000.0)
    assert SchemaError(
        "/rules/0/params/cap_mad", "floats are not allowed: write amounts as quoted decimals"
    ) in validate_rulebook(doc)


def test_yaml_dates_are_accepted_and_unquoted_yaml_money_is_not() -> None:
    text = (
        (FIXTURES / IN_FORCE)
        .read_text("utf-8")
        .replace('cap_mad: "2000000.00"', "cap_mad: 2000000.00")
    )
    errors = validate_rulebook(load_rulebook_yaml(text))
    assert {e.path for e in errors} == {"/rules/0/params/cap_mad"}


def test_parse_rulebook_refuses_an_invalid_document() -> None:
    doc = _set(_valid(), ["rules", 0, "kind"], "quota")
    with pytest.raises(RulebookInvalid) as exc:
        parse_rulebook(doc)
    assert [e.path for e in exc.value.errors] == ["/rules/0/kind"]
