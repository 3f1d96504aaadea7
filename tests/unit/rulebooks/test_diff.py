"""The readable diff between two documents, exact on small examples."""

import copy

from backend.rulebooks.diff import document_diff, field_changes, render
from tests.unit.rulebooks.documents import COUNTRY_RULE, small_document


def test_identical_documents_have_no_changes():
    doc = small_document()
    assert document_diff(doc, copy.deepcopy(doc)) == {
        "metadata": [],
        "rules": [],
        "summary": {"added": 0, "removed": 0, "changed": 0, "unchanged": 2},
        "lines": [],
    }


def test_a_raised_cap_a_new_rule_and_a_dropped_rule():
    # Given a cap raised from 2,000,000 to 4,000,000, a new rule, a dropped rule, a new date
    before = small_document()
    after = small_document(cap_mad="4000000.00", effective_from="2026-07-01")
    after["rules"] = [after["rules"][0]]
    added = copy.deepcopy(COUNTRY_RULE) | {"id": "DENY_LIST", "params": {"deny": ["KP"]}}
    after["rules"].append(added)

    # When they are compared
    diff = document_diff(before, after)

    # Then each change is listed once, field by field, in document order
    assert diff["lines"] == [
        "~ version.effective_from: 2026-01-01 → 2026-07-01",
        "~ CARD_CAP params.cap_mad: 2000000.00 → 4000000.00",
        "+ DENY_LIST (country_list)",
        "- HIGH_RISK (country_list)",
    ]
    assert diff["metadata"] == [
        {
            "path": "version.effective_from",
            "before": "2026-01-01",
            "after": "2026-07-01",
            "change": "changed",
            "text": "version.effective_from: 2026-01-01 → 2026-07-01",
        }
    ]
    assert diff["rules"] == [
        {
            "rule_id": "CARD_CAP",
            "change": "changed",
            "title": {"fr": "Dotation carte", "en": "Card allowance"},
            "fields": [
                {
                    "path": "params.cap_mad",
                    "before": "2000000.00",
                    "after": "4000000.00",
                    "change": "changed",
                    "text": "params.cap_mad: 2000000.00 → 4000000.00",
                }
            ],
        },
        {
            "rule_id": "DENY_LIST",
            "change": "added",
            "title": {"fr": "Juridictions à risque", "en": "High-risk jurisdictions"},
            "fields": [],
        },
        {
            "rule_id": "HIGH_RISK",
            "change": "removed",
            "title": {"fr": "Juridictions à risque", "en": "High-risk jurisdictions"},
            "fields": [],
        },
    ]
    assert diff["summary"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 0}


def test_fields_added_and_removed_inside_a_rule():
    before = {"params": {"cap_mad": "1.00", "period": "calendar_year"}, "confidence": "press"}
    after = {
        "params": {"cap_mad": "1.00", "cap_overrides": [{"when": {"labelled": True}}]},
        "confidence": "illustrative",
    }
    assert [c.text() for c in field_changes(before, after)] == [
        "params.period: calendar_year → (absent)",
        "params.cap_overrides: (absent) → [{when: {labelled: true}}]",
        "confidence: press → illustrative",
    ]


def test_lists_of_values_compare_whole_and_lists_of_objects_item_by_item():
    before = {
        "countries": ["KP", "IR"],
        "history": [{"edition": "2020", "value": "500000.00"}],
    }
    after = {
        "countries": ["KP", "IR", "MM"],
        "history": [{"edition": "2020", "value": "600000.00"}, {"edition": "2022", "value": "1"}],
    }
    assert [c.text() for c in field_changes(before, after)] == [
        "countries: [KP, IR] → [KP, IR, MM]",
        "history[0].value: 500000.00 → 600000.00",
        "history[1]: (absent) → {edition: 2022, value: 1}",
    ]


def test_render_keeps_decimals_as_written():
    assert render("2000000.00") == "2000000.00"
    assert render(None) == "null"
    assert render(False) == "false"
    assert render(3000) == "3000"
