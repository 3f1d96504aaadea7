"""Cohort services: creation checks, transitions, participants, audit; refusals change nothing."""

from datetime import date
from uuid import uuid4

import pytest
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.common.domain_errors import Conflict, DomainError
from backend.rulebooks.models import Cohort, CohortStatus, FlagPolicy
from backend.rulebooks.services.cohorts import (
    CohortChanges,
    cohort_activate,
    cohort_add_participants,
    cohort_close,
    cohort_create,
    cohort_delete,
    cohort_update,
)
from tests.conftest import client_for
from tests.factories import make_organisation
from tests.integration.rulebooks import helpers as h

pytestmark = pytest.mark.django_db

JAN_1, DEC_31 = date(2026, 1, 1), date(2026, 12, 31)


@pytest.fixture
def proposal():
    return h.published(h.rulebook(kind="proposed"))


def _state(cohort: Cohort) -> dict:
    row = Cohort.objects.get(pk=cohort.pk)
    return {
        "name": row.name,
        "window": (row.starts_on, row.ends_on),
        "status": row.status,
        "flag_policy": row.flag_policy,
        "proposed_version": row.proposed_version_id,
        "participants": sorted(row.participants.values_list("name", flat=True)),
        "audit": h.audit_actions(row),
    }


def _create(proposal, *, name="Trial", participants=(), starts_on=JAN_1, ends_on=DEC_31):
    return cohort_create(
        actor=h.regulator(),
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        proposed_version=proposal,
        participants=list(participants),
    )


def test_create_a_planned_cohort_with_its_policy_and_audit(proposal):
    a, b = make_organisation(name="A"), make_organisation(name="B")
    cohort = _create(proposal, participants=[b, a])

    assert cohort.status == CohortStatus.PLANNED
    assert cohort.flag_policy == FlagPolicy.GOVERNING_ONLY
    event = AuditEvent.objects.get(action="cohort.create")
    assert event.after == {
        "name": "Trial",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "proposed_version": str(proposal.pk),
        "status": "planned",
        "flag_policy": "governing_only",
        "participants": sorted([str(a.pk), str(b.pk)]),
    }


def test_a_cohort_trials_only_a_published_proposal():
    in_force = h.published(h.rulebook())
    draft = h.draft(h.rulebook(kind="proposed"), editor=h.regulator())
    for version in (in_force, draft):
        with pytest.raises(DomainError) as caught:
            _create(version)
        assert caught.value.errors == [
            {
                "pointer": "/proposed_version",
                "code": "not_a_published_proposal",
                "detail": "A cohort trials a published version of a proposed rulebook.",
            }
        ]
    assert not Cohort.objects.exists()


def test_only_startups_join(proposal):
    regulator_org = make_organisation(kind="regulator", name="Reg")
    with pytest.raises(DomainError) as caught:
        _create(proposal, participants=[make_organisation(), regulator_org])
    assert caught.value.errors[0]["pointer"] == "/participants/1"
    assert caught.value.errors[0]["code"] == "not_a_startup"
    assert not Cohort.objects.exists()


def test_the_window_must_not_be_reversed(proposal):
    with pytest.raises(DomainError) as caught:
        _create(proposal, starts_on=DEC_31, ends_on=JAN_1)
    assert caught.value.errors[0]["pointer"] == "/ends_on"
    assert not Cohort.objects.exists()


def test_a_participant_trials_one_proposal_at_a_time(proposal):
    member = make_organisation(name="Member")
    first = _create(proposal, name="First", participants=[member], ends_on=date(2026, 6, 30))

    with pytest.raises(Conflict) as caught:
        _create(proposal, name="Second", participants=[member], starts_on=date(2026, 6, 30))
    assert caught.value.code == "participant_in_overlapping_cohort"
    assert caught.value.extra == {"clashes": [{"cohort": "First", "participant": "Member"}]}
    assert Cohort.objects.count() == 1

    # Adjacent windows do not overlap; stretching one over the other does.
    _create(proposal, name="Second", participants=[member], starts_on=date(2026, 7, 1))
    before = _state(first)
    with pytest.raises(Conflict) as caught:
        cohort_update(
            actor=h.regulator(), cohort=first, changes=CohortChanges(ends_on=date(2026, 7, 1))
        )
    assert caught.value.extra == {"clashes": [{"cohort": "Second", "participant": "Member"}]}
    assert _state(first) == before


def test_adding_a_member_of_an_overlapping_cohort_is_refused(proposal):
    member = make_organisation(name="Member")
    _create(proposal, name="First", participants=[member])
    second = _create(proposal, name="Second", starts_on=date(2026, 12, 31))
    before = _state(second)
    with pytest.raises(Conflict) as caught:
        cohort_add_participants(actor=h.regulator(), cohort=second, organisations=[member])
    assert caught.value.code == "participant_in_overlapping_cohort"
    assert _state(second) == before


def test_add_participants_is_audited_and_adding_again_changes_nothing(proposal):
    cohort = _create(proposal)
    member = make_organisation(name="Member")

    cohort_add_participants(actor=h.regulator(), cohort=cohort, organisations=[member])
    once = _state(cohort)
    cohort_add_participants(actor=h.regulator(), cohort=cohort, organisations=[member])

    assert once["participants"] == ["Member"]
    assert once["audit"] == ["cohort.create", "cohort.add_participants"]
    assert _state(cohort) == once


def test_the_full_lifecycle_and_every_refused_transition(proposal):
    cohort = _create(proposal, participants=[make_organisation()])
    reg = h.regulator()

    with pytest.raises(Conflict) as caught:
        cohort_close(actor=reg, cohort=cohort, closed_on=date(2026, 3, 1))
    assert caught.value.extra == {
        "current_status": "planned",
        "allowed_transitions": ["update", "add_participants", "activate", "delete"],
    }

    cohort = cohort_activate(actor=reg, cohort=cohort)
    with pytest.raises(Conflict) as caught:
        cohort_activate(actor=reg, cohort=cohort)
    assert caught.value.extra == {
        "current_status": "active",
        "allowed_transitions": ["update", "add_participants", "close"],
    }
    with pytest.raises(Conflict):
        cohort_delete(actor=reg, cohort=cohort)

    cohort = cohort_close(actor=reg, cohort=cohort, closed_on=date(2026, 9, 30))
    assert cohort.status == CohortStatus.CLOSED
    assert cohort.ends_on == date(2026, 9, 30)
    assert cohort.closed_at is not None
    closed = _state(cohort)
    for call in (
        lambda: cohort_activate(actor=reg, cohort=cohort),
        lambda: cohort_close(actor=reg, cohort=cohort),
        lambda: cohort_update(actor=reg, cohort=cohort, changes=CohortChanges(name="X")),
        lambda: cohort_add_participants(
            actor=reg, cohort=cohort, organisations=[make_organisation()]
        ),
        lambda: cohort_delete(actor=reg, cohort=cohort),
    ):
        with pytest.raises(Conflict) as caught:
            call()
        assert caught.value.extra == {"current_status": "closed", "allowed_transitions": []}
    assert _state(cohort) == closed
    assert closed["audit"] == ["cohort.create", "cohort.activate", "cohort.close"]


def test_closing_after_the_window_keeps_it_whole(proposal):
    cohort = cohort_activate(actor=h.regulator(), cohort=_create(proposal))
    cohort = cohort_close(actor=h.regulator(), cohort=cohort, closed_on=date(2027, 2, 1))
    assert (cohort.starts_on, cohort.ends_on) == (JAN_1, DEC_31)


def test_a_trial_cannot_be_closed_before_it_starts(proposal):
    cohort = cohort_activate(actor=h.regulator(), cohort=_create(proposal))
    before = _state(cohort)
    with pytest.raises(Conflict) as caught:
        cohort_close(actor=h.regulator(), cohort=cohort, closed_on=date(2025, 12, 31))
    assert caught.value.code == "cohort_not_started"
    assert _state(cohort) == before


def test_a_planned_cohort_changes_freely(proposal):
    other = h.published(h.rulebook(kind="proposed", name="Other proposal"))
    cohort = _create(proposal)
    cohort = cohort_update(
        actor=h.regulator(),
        cohort=cohort,
        changes=CohortChanges(
            name="Renamed",
            starts_on=date(2026, 2, 1),
            proposed_version=other,
            flag_policy=FlagPolicy.BOTH,
        ),
    )
    assert _state(cohort) | {"audit": None} == {
        "name": "Renamed",
        "window": (date(2026, 2, 1), DEC_31),
        "status": "planned",
        "flag_policy": "both",
        "proposed_version": other.pk,
        "participants": [],
        "audit": None,
    }
    event = AuditEvent.objects.get(action="cohort.update")
    assert (event.before["name"], event.after["name"]) == ("Trial", "Renamed")


def test_a_running_cohort_keeps_its_start_and_proposal(proposal):
    cohort = cohort_activate(actor=h.regulator(), cohort=_create(proposal))
    before = _state(cohort)
    with pytest.raises(Conflict) as caught:
        cohort_update(
            actor=h.regulator(),
            cohort=cohort,
            changes=CohortChanges(starts_on=date(2026, 2, 1), name="Renamed"),
        )
    assert caught.value.code == "cohort_running"
    assert caught.value.extra == {
        "fields": ["starts_on"],
        "editable": ["ends_on", "flag_policy", "name"],
    }
    assert _state(cohort) == before

    cohort = cohort_update(
        actor=h.regulator(),
        cohort=cohort,
        changes=CohortChanges(ends_on=date(2026, 6, 30), flag_policy=FlagPolicy.IN_FORCE_ONLY),
    )
    assert (cohort.ends_on, cohort.flag_policy) == (date(2026, 6, 30), "in_force_only")


def test_a_planned_cohort_can_be_deleted_with_an_audit_event(proposal):
    cohort = _create(proposal)
    pk = cohort.pk
    cohort_delete(actor=h.regulator(), cohort=cohort)
    assert not Cohort.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="cohort.delete")
    assert event.object_id == str(pk)
    assert event.before["name"] == "Trial"


def test_a_cohort_naming_an_unknown_participant_is_refused_at_its_index(proposal):
    # Given one real startup and one id that names nothing
    startup = make_organisation(name="A")
    body = {
        "name": "Trial",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "proposed_version": str(proposal.pk),
        "participants": [str(startup.pk), str(uuid4())],
    }

    # When a regulator creates the cohort through the API
    answer = client_for(h.regulator()).post(reverse("api:cohorts"), body, format="json")

    # Then the second participant is refused at its pointer and no cohort exists
    assert answer.status_code == 400
    assert (answer.json()["code"], answer.json()["errors"][0]["pointer"]) == (
        "does_not_exist",
        "/participants/1",
    )
    assert not Cohort.objects.exists()
