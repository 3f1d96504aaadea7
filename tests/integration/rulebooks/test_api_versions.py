"""The rulebook and version endpoints: shapes, problem details with pointers, transitions."""

import copy

import pytest
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.rulebooks.documents import document_to_yaml
from backend.rulebooks.models import RulebookVersion
from tests.conftest import client_for
from tests.integration.rulebooks import helpers as h
from tests.unit.rulebooks.documents import small_document

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def alice():
    return h.regulator("alice")


@pytest.fixture
def bob():
    return h.regulator("bob")


def _versions_url(version_id=None, action=None) -> str:
    if version_id is None:
        return reverse("api:rulebook-versions")
    name = f"api:rulebook-version-{action}" if action else "api:rulebook-version-detail"
    return reverse(name, kwargs={"version_id": version_id})


def test_list_rulebooks_with_their_versions(alice):
    book = h.rulebook(actor=alice)
    version = h.published(book)

    response = client_for(alice).get(reverse("api:rulebooks"))

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["name"] == "Test rules in force"
    assert item["kind"] == "in_force"
    assert [(v["id"], v["number"], v["status"]) for v in item["versions"]] == [
        (str(version.pk), 1, "published")
    ]


def test_create_a_rulebook_and_refuse_a_duplicate_name(alice):
    client = client_for(alice)
    body = {"name": "Proposal B", "kind": "proposed", "description": "Second proposal"}
    created = client.post(reverse("api:rulebooks"), body, format="json")
    assert created.status_code == 201
    assert created.json()["versions"] == []
    again = client.post(reverse("api:rulebooks"), body, format="json")
    assert again.status_code == 400
    assert again.json()["errors"] == [
        {"pointer": "/name", "code": "unique", "detail": "This name is taken."}
    ]


def test_create_a_draft_from_yaml_source_and_read_its_rules(alice):
    book = h.rulebook(actor=alice)
    document = small_document(name=book.name)
    document["rules"][0]["citation"] |= {"edition": "2024", "article": "97"}
    source = "# comments are fine\n" + document_to_yaml(document)

    response = client_for(alice).post(
        _versions_url(), {"rulebook": str(book.pk), "source": source}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["number"], body["status"], body["effective_from"]) == (1, "draft", "2026-01-01")
    assert body["last_edited_by"] == "alice"
    assert body["published_by"] is None
    assert body["document"] == document
    assert [
        (r["id"], r["confidence"], r["illustrative"], r["citation"]["label"]) for r in body["rules"]
    ] == [
        ("CARD_CAP", "press", False, "IGOC 2024, art. 97; Le Reporter, 2026-02-17"),
        ("HIGH_RISK", "illustrative", True, "AML control"),
    ]
    assert body["source"].startswith("rulebook:\n  name: Test rules in force\n")


def test_a_yaml_syntax_error_is_a_400_at_source(alice):
    book = h.rulebook(actor=alice)
    response = client_for(alice).post(
        _versions_url(), {"rulebook": str(book.pk), "source": "rules: [\n"}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith(PROBLEM)
    [error] = response.json()["errors"]
    assert (error["pointer"], error["code"]) == ("/source", "syntax_error")
    assert not RulebookVersion.objects.exists()


def test_schema_errors_answer_400_with_a_pointer_per_error(alice):
    version = h.draft(h.rulebook(actor=alice), editor=alice)
    document = copy.deepcopy(version.document)
    document["rules"][0]["params"]["cap_mad"] = 4000000.5
    document["rules"][1]["confidence"] = "rumour"

    response = client_for(alice).put(_versions_url(version.pk), {"document": document}, "json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rulebook_invalid"
    assert body["errors"] == [
        {
            "pointer": "/document/rules/0/params/cap_mad",
            "code": "wrong_type",
            "detail": "4000000.5 is not of type 'string'",
        },
        {
            "pointer": "/document/rules/0/params/cap_mad",
            "code": "float_amount",
            "detail": "floats are not allowed: write amounts as quoted decimals",
        },
        {
            "pointer": "/document/rules/1/confidence",
            "code": "not_allowed",
            "detail": "'rumour' is not one of ['official', 'press', 'secondary', 'illustrative']",
        },
    ]
    assert RulebookVersion.objects.get(pk=version.pk).document == version.document


def test_patch_replaces_the_draft_document(alice, bob):
    version = h.draft(h.rulebook(actor=alice), editor=alice)
    document = copy.deepcopy(version.document)
    document["rules"][0]["params"]["cap_mad"] = "4000000.00"

    response = client_for(bob).patch(_versions_url(version.pk), {"document": document}, "json")

    assert response.status_code == 200
    assert response.json()["document"]["rules"][0]["params"]["cap_mad"] == "4000000.00"
    assert response.json()["last_edited_by"] == "bob"


def test_validate_is_dry_and_points_into_the_document(alice):
    book = h.rulebook(actor=alice)
    document = small_document(name=book.name)
    document["rules"][1]["params"] = {}
    client = client_for(alice)

    response = client.post(
        reverse("api:rulebook-version-validate"),
        {"document": document, "rulebook": str(book.pk)},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["errors"]) == (
        False,
        [
            {
                "pointer": "/document/rules/1/params",
                "code": "empty",
                "detail": "{} should be non-empty",
            }
        ],
    )
    # The document comes back as read and as YAML, for the editor's form and text views.
    assert body["document"] == document
    assert "  params: {}" in body["source"]
    ok = client.post(
        reverse("api:rulebook-version-validate"),
        {"source": "rulebook: {name: X, kind: proposed}\n", "rulebook": str(book.pk)},
        format="json",
    )
    assert ok.json()["valid"] is False
    assert {e["detail"] for e in ok.json()["errors"]} == {
        "'version' is a required property",
        "'rules' is a required property",
    }
    valid = client.post(
        reverse("api:rulebook-version-validate"),
        {"document": small_document(name=book.name), "rulebook": str(book.pk)},
        format="json",
    )
    assert (valid.json()["valid"], valid.json()["errors"]) == (True, [])
    unparsable = client.post(
        reverse("api:rulebook-version-validate"), {"source": "rules: [\n"}, format="json"
    )
    assert unparsable.json()["errors"][0]["code"] == "syntax_error"
    assert (unparsable.json()["document"], unparsable.json()["source"]) == (None, None)
    assert not RulebookVersion.objects.exists()


def test_four_eyes_refusal_is_a_409_problem_and_changes_nothing(alice):
    version = h.draft(h.rulebook(actor=alice), editor=alice)
    before = h.row_state(version)

    response = client_for(alice).post(_versions_url(version.pk, "publish"), {}, format="json")

    assert response.status_code == 409
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["code"] == "four_eyes"
    assert body["detail"] == (
        "You edited this draft last: another regulator must review and publish it."
    )
    assert body["last_edited_by"] == "alice"
    assert h.row_state(version) == before


def test_publish_then_retire_through_the_api(alice, bob):
    version = h.draft(h.rulebook(actor=alice), editor=alice)

    published = client_for(bob).post(
        _versions_url(version.pk, "publish"), {"effective_from": "2026-02-01"}, format="json"
    )
    again = client_for(bob).post(_versions_url(version.pk, "publish"), {}, format="json")
    retired = client_for(alice).post(_versions_url(version.pk, "retire"))

    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["published_by"] == "bob"
    assert published.json()["effective_from"] == "2026-02-01"
    assert again.status_code == 409
    assert again.json()["allowed_transitions"] == ["retire"]
    assert retired.status_code == 200
    assert retired.json()["status"] == "retired"
    assert list(
        AuditEvent.objects.filter(object_id=str(version.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    ) == [
        "rulebook_version.create_draft",
        "rulebook_version.publish",
        "rulebook_version.retire",
    ]


def test_a_draft_copied_from_a_base_version(alice):
    base = h.published(h.rulebook(actor=alice))
    response = client_for(alice).post(
        _versions_url(),
        {"rulebook": str(base.rulebook_id), "base_version": str(base.pk)},
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["number"], response.json()["based_on"]) == (2, str(base.pk))


def test_referenced_objects_that_do_not_exist_are_400_at_their_pointer(alice):
    missing = "00000000-0000-0000-0000-000000000000"
    response = client_for(alice).post(
        _versions_url(), {"rulebook": missing, "document": small_document()}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/rulebook"


def test_filter_versions_by_status_and_rulebook(alice):
    book = h.rulebook(actor=alice)
    published = h.published(book)
    draft = h.draft(book, editor=alice, effective_from="2026-06-01")
    other = h.published(h.rulebook(kind="proposed", actor=alice))
    client = client_for(alice)

    def ids(**params):
        response = client.get(_versions_url(), params)
        assert response.status_code == 200
        return {v["id"] for v in response.json()["results"]}

    assert ids() == {str(published.pk), str(draft.pk), str(other.pk)}
    assert ids(status="draft") == {str(draft.pk)}
    assert ids(rulebook=str(book.pk), status="published") == {str(published.pk)}
    assert ids(kind="proposed") == {str(other.pk)}


def test_the_diff_endpoint(alice):
    book = h.rulebook(actor=alice)
    v1 = h.published(book)
    v2 = h.draft(book, editor=alice, effective_from="2026-07-01", cap_mad="4000000.00")

    response = client_for(alice).get(_versions_url(v2.pk, "diff"), {"against": str(v1.pk)})

    assert response.status_code == 200
    body = response.json()
    assert (body["before"]["number"], body["after"]["number"]) == (1, 2)
    assert (body["before"]["status"], body["after"]["status"]) == ("published", "draft")
    assert body["lines"] == [
        "~ version.effective_from: 2026-01-01 → 2026-07-01",
        "~ CARD_CAP params.cap_mad: 2000000.00 → 4000000.00",
    ]
    assert body["summary"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    missing = client_for(alice).get(_versions_url(v2.pk, "diff"))
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["pointer"] == "/against"


def test_the_published_schema(alice):
    response = client_for(alice).get(reverse("api:rulebook-schema"))
    assert response.status_code == 200
    assert response.json()["title"] == "Exchange-control rulebook version"


def test_a_rulebook_is_named_in_both_languages(alice):
    body = {
        "name": "Proposal C",
        "name_fr": "Proposition C",
        "name_en": "Proposal C (sandbox)",
        "kind": "proposed",
    }
    created = client_for(alice).post(reverse("api:rulebooks"), body, format="json")
    assert created.status_code == 201
    assert (created.json()["name_fr"], created.json()["name_en"]) == (
        "Proposition C",
        "Proposal C (sandbox)",
    )
    plain = client_for(alice).post(
        reverse("api:rulebooks"), {"name": "Proposal D", "kind": "proposed"}, format="json"
    )
    assert (plain.json()["name_fr"], plain.json()["name_en"]) == ("Proposal D", "Proposal D")


def test_a_proposal_cannot_tag_press_a_value_the_rules_in_force_do_not_have(alice, bob):
    h.published(h.rulebook(actor=alice), cap_mad="2000000.00", editor=alice, publisher=bob)
    book = h.rulebook(kind="proposed", actor=alice)
    document = small_document(name=book.name, kind="proposed", cap_mad="4000000.00")
    document["rules"][0]["confidence"] = "press"  # 4,000,000 where the rules in force say 2,000,000
    document["rules"][0]["citation"] = copy.deepcopy(small_document()["rules"][0]["citation"])

    response = client_for(alice).post(
        _versions_url(), {"rulebook": str(book.pk), "document": document}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "pointer": "/document/rules/0/confidence",
            "code": "tag_not_in_force",
            "detail": "this value differs from the rule in force ('Test rules in force'): a "
            "changed value is illustrative, not press",
        }
    ]
    assert not RulebookVersion.objects.filter(rulebook=book).exists()
    document["rules"][0]["params"]["cap_mad"] = "2000000.00"  # the value in force keeps its tag
    kept = client_for(alice).post(
        _versions_url(), {"rulebook": str(book.pk), "document": document}, format="json"
    )
    assert kept.status_code == 201, kept.json()


def test_notes_are_read_in_each_language_and_an_older_plain_note_in_both(alice):
    book = h.rulebook(actor=alice)
    document = small_document(name=book.name)
    document["version"]["notes"] = {"fr": "Notes de la version", "en": "Version notes"}
    document["rules"][0]["citation"]["note"] = {"fr": "Note de la citation", "en": "Citation note"}
    document["rules"][0]["notes"] = {"fr": "Notes de la règle", "en": "Rule notes"}
    document["rules"][1]["citation"]["note"] = "Written before notes were bilingual"
    response = client_for(alice).post(
        _versions_url(), {"rulebook": str(book.pk), "document": document}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["notes_fr"], body["notes_en"]) == ("Notes de la version", "Version notes")
    first, second = body["rules"]
    assert {k: first["citation"][k] for k in ("note", "note_fr", "note_en")} == {
        "note": "Citation note",
        "note_fr": "Note de la citation",
        "note_en": "Citation note",
    }
    assert (first["notes"], first["notes_fr"], first["notes_en"]) == (
        "Rule notes",
        "Notes de la règle",
        "Rule notes",
    )
    plain = "Written before notes were bilingual"
    assert (second["citation"]["note_fr"], second["citation"]["note_en"]) == (plain, plain)
    assert (second["notes"], second["notes_fr"], second["notes_en"]) == ("", "", "")
