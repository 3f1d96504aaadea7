"""Documents: parsing text, errors pointing into the request body, hashing."""

import pytest

from backend.common.domain_errors import InvalidInput
from backend.rulebooks.documents import (
    DocumentError,
    document_errors,
    document_hash,
    document_parse_source,
    document_to_json,
    document_to_yaml,
    invalid_document_problem,
)
from tests.unit.rulebooks.documents import small_document


def test_a_valid_document_has_no_errors():
    assert document_errors(small_document()) == []


def test_schema_errors_point_into_the_document_exactly():
    doc = small_document()
    doc["rules"][0]["params"]["cap_mad"] = "2,000,000"
    doc["rules"][1]["severity"] = "urgent"
    del doc["rules"][1]["citation"]["instrument"]

    assert document_errors(doc) == [
        DocumentError(
            "/document/rules/0/params/cap_mad",
            "not_money",
            "'2,000,000' does not match '^(0|[1-9][0-9]{0,14})(\\\\.[0-9]{1,2})?$'",
        ),
        DocumentError(
            "/document/rules/1/citation/instrument",
            "required",
            "'instrument' is a required property",
        ),
        DocumentError(
            "/document/rules/1/severity",
            "not_allowed",
            "'urgent' is not one of ['low', 'medium', 'high', 'critical']",
        ),
    ]


def test_a_float_amount_is_refused_where_it_is():
    doc = small_document()
    doc["rules"][0]["params"]["cap_mad"] = 2000000.0
    pointers = {(e.pointer, e.code, e.detail) for e in document_errors(doc)}
    assert (
        "/document/rules/0/params/cap_mad",
        "float_amount",
        "floats are not allowed: write amounts as quoted decimals",
    ) in pointers


@pytest.mark.parametrize(
    ("where", "value", "code"),
    [
        (("rules", 0, "params", "cap_mad"), "2 000 000", "not_money"),
        (("version", "effective_from"), "1 January 2026", "not_date"),
        (("rules", 1, "params", "review"), ["Ireland"], "not_country"),
        (("rules", 0, "id"), "card cap", "not_rule_id"),
        (("rules", 0, "severity"), "urgent", "not_allowed"),
        (("rules", 0, "unexpected"), "x", "unknown_field"),
        (("rules", 0, "title", "fr"), "", "empty"),
        (("rules", 0, "notes"), "x" * 2001, "too_long"),
        (("rules", 0, "notes"), {"fr": "x" * 2001, "en": "x"}, "too_long"),
        (("rules", 0, "notes"), {"fr": "seulement en français"}, "required"),
        (("rules", 0, "citation", "note"), 12, "wrong_type"),
    ],
)
def test_each_schema_error_says_what_kind_of_problem_it_is(where, value, code):
    """The code lets the interface explain the problem in its reader's words."""
    doc = small_document()
    node = doc
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value

    codes = {e.code for e in document_errors(doc)}

    assert codes == {code}


def test_duplicate_rule_ids_point_at_the_second():
    doc = small_document()
    doc["rules"][1]["id"] = "CARD_CAP"
    assert document_errors(doc) == [
        DocumentError(
            "/document/rules/1/id", "duplicate_id", "duplicate rule id 'CARD_CAP' (see /rules/0)"
        )
    ]


def test_the_header_must_match_the_rulebook():
    doc = small_document(kind="proposed", name="Other")
    assert document_errors(doc, expected_name="Mine", expected_kind="in_force") == [
        DocumentError(
            "/document/rulebook/kind",
            "kind_mismatch",
            "this rulebook is 'in_force'; the document says 'proposed'",
        ),
        DocumentError(
            "/document/rulebook/name",
            "name_mismatch",
            "this rulebook is named 'Mine'; the document says 'Other'",
        ),
    ]


def test_yaml_source_round_trips_and_dates_become_strings():
    text = document_to_yaml(small_document())
    parsed, errors = document_parse_source(text)
    assert errors == []
    assert document_to_json(parsed) == small_document()
    unquoted, _ = document_parse_source("version: {effective_from: 2026-01-01}")
    assert document_to_json(unquoted) == {"version": {"effective_from": "2026-01-01"}}


def test_yaml_reads_header_version_then_rules_whatever_order_the_database_kept():
    stored = small_document()
    # jsonb gives keys back shortest first: "rules" before "version" before "rulebook".
    shuffled = {key: stored[key] for key in ("rules", "version", "rulebook")}
    shuffled["rules"] = [{key: rule[key] for key in sorted(rule)} for rule in stored["rules"]]

    text = document_to_yaml(shuffled)

    assert text.index("rulebook:") < text.index("version:") < text.index("rules:")
    assert text.index("- id: CARD_CAP\n  kind: period_cap\n") >= 0
    assert document_to_json(document_parse_source(text)[0]) == stored


def test_a_yaml_syntax_error_points_at_the_source_with_its_line():
    parsed, errors = document_parse_source("rules:\n  - id: [A\n")
    assert parsed is None
    assert len(errors) == 1
    assert errors[0].pointer == "/source"
    assert errors[0].code == "syntax_error"
    assert "(line 3, column 1)" in errors[0].detail


def test_hash_ignores_key_order_but_not_content():
    doc = small_document()
    reordered = dict(reversed(list(doc.items())))
    assert document_hash(doc) == document_hash(reordered)
    assert document_hash(doc) != document_hash(small_document(cap_mad="2000000.01"))
    assert len(document_hash(doc)) == 64


def test_invalid_document_problem_lists_every_error():
    problem = invalid_document_problem(
        [DocumentError("/document/rules/0/id", "invalid", "bad"), DocumentError("/a", "x", "y")]
    )
    assert isinstance(problem, InvalidInput)  # a 400 problem, mapped by the one handler
    assert problem.code == "rulebook_invalid"
    assert problem.errors == [
        {"pointer": "/document/rules/0/id", "code": "invalid", "detail": "bad"},
        {"pointer": "/a", "code": "x", "detail": "y"},
    ]


@pytest.mark.parametrize(
    "note",
    ["An older draft's note, in English only", {"fr": "Une note", "en": "A note"}, None],
)
def test_a_citation_note_may_be_bilingual_or_a_plain_string_from_an_older_draft(note):
    doc = small_document()
    doc["rules"][0]["citation"]["note"] = note
    doc["rules"][0]["notes"] = note or {"fr": "Notes", "en": "Notes"}
    doc["version"]["notes"] = note or "Older version notes"
    assert document_errors(doc) == []
