"""Version lifecycle: draft → published (immutable) → retired, four eyes, audit, refusals."""

import copy
from datetime import date

import pytest

from backend.audit.models import AuditEvent
from backend.common.domain_errors import Conflict, DomainError, InvalidInput
from backend.rulebooks.models import ImmutableVersionError, RulebookVersion, VersionStatus
from backend.rulebooks.services.cohorts import cohort_create
from backend.rulebooks.services.versions import (
    rulebook_version_create_draft,
    rulebook_version_publish,
    rulebook_version_retire,
    rulebook_version_update_draft,
)
from tests.factories import make_organisation
from tests.integration.rulebooks import helpers as h
from tests.unit.rulebooks.documents import small_document

pytestmark = pytest.mark.django_db


def test_a_draft_is_numbered_hashed_and_audited():
    editor = h.regulator("alice")
    book = h.rulebook()

    first = h.draft(book, editor=editor)
    second = h.draft(book, editor=editor, cap_mad="3000000.00")

    assert (first.number, second.number) == (1, 2)
    assert first.status == VersionStatus.DRAFT
    assert first.effective_from == date(2026, 1, 1)
    assert first.last_edited_by == editor
    assert first.created_by == editor
    assert first.content_hash != second.content_hash
    event = AuditEvent.objects.get(action="rulebook_version.create_draft", object_id=first.pk)
    assert event.actor == editor
    assert event.after["number"] == 1
    assert event.after["status"] == "draft"
    assert event.after["rule_ids"] == ["CARD_CAP", "HIGH_RISK"]


def test_a_draft_copies_a_base_version_even_from_another_rulebook():
    in_force = h.published(h.rulebook())
    proposal = h.rulebook(kind="proposed")

    copied = rulebook_version_create_draft(
        actor=h.regulator(), rulebook=proposal, base_version=in_force
    )

    assert copied.based_on == in_force
    assert copied.document["rulebook"] == {
        "name": "Test proposal",
        "kind": "proposed",
        "title": {"fr": "Test proposal", "en": "Test proposal"},
    }
    # The values it keeps from the rules in force keep their tags (press here).
    assert copied.document["rules"] == in_force.document["rules"]


def test_an_invalid_draft_is_refused_with_pointers_and_nothing_is_written():
    book = h.rulebook()
    document = small_document(name=book.name)
    document["rules"][0]["params"]["cap_mad"] = "lots"
    document["rules"][1]["kind"] = "mystery"

    with pytest.raises(DomainError) as caught:
        rulebook_version_create_draft(actor=h.regulator(), rulebook=book, document=document)

    assert isinstance(caught.value, InvalidInput)
    assert caught.value.code == "rulebook_invalid"
    assert [e["pointer"] for e in caught.value.errors] == [
        "/document/rules/0/params/cap_mad",
        "/document/rules/1/kind",
    ]
    assert not RulebookVersion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rulebook_version").exists()


@pytest.mark.parametrize("both", [True, False])
def test_a_draft_needs_exactly_one_source(both):
    book = h.rulebook()
    base = h.published(book) if both else None
    with pytest.raises(DomainError) as caught:
        rulebook_version_create_draft(
            actor=h.regulator(),
            rulebook=book,
            document=small_document(name=book.name) if both else None,
            base_version=base,
        )
    assert caught.value.code == "document_or_base_version"
    assert RulebookVersion.objects.count() == (1 if both else 0)


def test_updating_a_draft_replaces_its_document_and_editor():
    alice, bob = h.regulator("alice"), h.regulator("bob")
    version = h.draft(h.rulebook(), editor=alice)
    old_hash = version.content_hash
    document = copy.deepcopy(version.document)
    document["rules"][0]["params"]["cap_mad"] = "4000000.00"

    updated = rulebook_version_update_draft(actor=bob, version=version, document=document)

    assert updated.document["rules"][0]["params"]["cap_mad"] == "4000000.00"
    assert updated.last_edited_by == bob
    assert updated.content_hash != old_hash
    event = AuditEvent.objects.get(action="rulebook_version.update_draft")
    assert (event.before["content_hash"], event.after["content_hash"]) == (
        old_hash,
        updated.content_hash,
    )


def test_an_invalid_update_changes_nothing():
    version = h.draft(h.rulebook(), editor=h.regulator("alice"))
    before = h.row_state(version)
    document = copy.deepcopy(version.document)
    document["rules"][0]["params"]["cap_mad"] = 4000000.0

    with pytest.raises(DomainError) as caught:
        rulebook_version_update_draft(actor=h.regulator("bob"), version=version, document=document)

    assert {e["pointer"] for e in caught.value.errors} == {"/document/rules/0/params/cap_mad"}
    assert h.row_state(version) == before


def test_four_eyes_the_last_editor_cannot_publish_and_nothing_changes():
    alice = h.regulator("alice")
    version = h.draft(h.rulebook(), editor=alice)
    before = h.row_state(version)

    with pytest.raises(Conflict) as caught:
        rulebook_version_publish(actor=alice, version=version)

    assert isinstance(caught.value, Conflict)
    assert caught.value.code == "four_eyes"
    assert h.row_state(version) == before


def test_four_eyes_follows_the_last_editor_not_the_creator():
    alice, bob = h.regulator("alice"), h.regulator("bob")
    version = h.draft(h.rulebook(), editor=alice)
    version = rulebook_version_update_draft(
        actor=bob, version=version, document=copy.deepcopy(version.document)
    )
    with pytest.raises(Conflict):
        rulebook_version_publish(actor=bob, version=version)
    assert rulebook_version_publish(actor=alice, version=version).status == "published"


def test_another_regulator_publishes_with_an_effective_date_written_into_the_document():
    alice, bob = h.regulator("alice"), h.regulator("bob")
    version = h.draft(h.rulebook(), editor=alice)
    draft_hash = version.content_hash

    done = rulebook_version_publish(actor=bob, version=version, effective_from=date(2026, 3, 1))

    row = RulebookVersion.objects.get(pk=done.pk)
    assert row.status == VersionStatus.PUBLISHED
    assert row.published_by == bob
    assert row.published_at is not None
    assert row.effective_from == date(2026, 3, 1)
    assert row.document["version"]["effective_from"] == "2026-03-01"
    assert row.content_hash != draft_hash
    assert h.audit_actions(row) == ["rulebook_version.create_draft", "rulebook_version.publish"]
    event = AuditEvent.objects.get(action="rulebook_version.publish")
    assert event.actor == bob
    assert (event.before["status"], event.after["status"]) == ("draft", "published")
    assert event.after["effective_from"] == "2026-03-01"


def test_an_in_force_version_must_take_effect_after_the_previous_one():
    book = h.rulebook()
    h.published(book, effective_from="2026-01-01")
    same_day = h.draft(book, editor=h.regulator("alice"), effective_from="2026-01-01")
    before = h.row_state(same_day)

    with pytest.raises(Conflict) as caught:
        rulebook_version_publish(actor=h.regulator("bob"), version=same_day)

    assert caught.value.code == "effective_from_not_after_previous"
    assert caught.value.extra == {"previous_effective_from": "2026-01-01"}
    assert h.row_state(same_day) == before
    later = rulebook_version_publish(
        actor=h.regulator("carol"), version=same_day, effective_from=date(2026, 1, 2)
    )
    assert later.effective_from == date(2026, 1, 2)


def test_a_proposal_may_take_any_effective_date():
    book = h.rulebook(kind="proposed")
    h.published(book, effective_from="2026-06-01")
    earlier = h.published(book, effective_from="2026-01-01")
    assert earlier.status == "published"


def test_published_versions_refuse_updates_and_a_second_publication():
    version = h.published(h.rulebook())
    before = h.row_state(version)

    with pytest.raises(Conflict) as update:
        rulebook_version_update_draft(
            actor=h.regulator(), version=version, document=small_document(cap_mad="1.00")
        )
    with pytest.raises(Conflict) as publish:
        rulebook_version_publish(actor=h.regulator(), version=version)

    for caught in (update.value, publish.value):
        assert caught.code == "invalid_transition"
        assert caught.extra == {"current_status": "published", "allowed_transitions": ["retire"]}
    assert str(update.value.detail) == "Cannot update a published version; allowed: retire."
    assert h.row_state(version) == before


def test_retire_a_published_version_then_nothing_more():
    version = h.published(h.rulebook())
    bob = h.regulator("bob")

    retired = rulebook_version_retire(actor=bob, version=version)

    assert retired.status == VersionStatus.RETIRED
    assert retired.retired_by == bob
    assert retired.retired_at is not None
    assert h.audit_actions(retired)[-1] == "rulebook_version.retire"
    before = h.row_state(retired)
    for call in (
        lambda: rulebook_version_retire(actor=bob, version=retired),
        lambda: rulebook_version_publish(actor=bob, version=retired),
        lambda: rulebook_version_update_draft(
            actor=bob, version=retired, document=small_document()
        ),
    ):
        with pytest.raises(Conflict) as caught:
            call()
        assert caught.value.extra == {"current_status": "retired", "allowed_transitions": []}
    assert h.row_state(retired) == before


def test_a_draft_cannot_be_retired():
    version = h.draft(h.rulebook(), editor=h.regulator())
    before = h.row_state(version)
    with pytest.raises(Conflict) as caught:
        rulebook_version_retire(actor=h.regulator(), version=version)
    assert caught.value.extra == {
        "current_status": "draft",
        "allowed_transitions": ["update", "publish"],
    }
    assert h.row_state(version) == before


def test_a_proposal_trialled_by_a_running_cohort_cannot_be_retired():
    proposal = h.published(h.rulebook(kind="proposed"))
    cohort_create(
        actor=h.regulator(),
        name="Trial",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        proposed_version=proposal,
        participants=[make_organisation()],
    )
    before = h.row_state(proposal)
    with pytest.raises(Conflict) as caught:
        rulebook_version_retire(actor=h.regulator(), version=proposal)
    assert caught.value.code == "version_in_use"
    assert caught.value.extra == {"cohorts": ["Trial"]}
    assert h.row_state(proposal) == before


def test_the_model_refuses_to_change_a_published_document():
    version = h.published(h.rulebook())
    row = RulebookVersion.objects.get(pk=version.pk)
    row.document["rules"][0]["params"]["cap_mad"] = "1.00"
    with pytest.raises(ImmutableVersionError):
        row.save()
    row = RulebookVersion.objects.get(pk=version.pk)
    row.status = VersionStatus.DRAFT
    with pytest.raises(ImmutableVersionError):
        row.save()
    with pytest.raises(ImmutableVersionError):
        RulebookVersion.objects.get(pk=version.pk).delete()
    assert RulebookVersion.objects.get(pk=version.pk).document == version.document
