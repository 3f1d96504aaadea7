"""Which versions screen a declaration, and which one governs (issue 5, items 3 and 6)."""

from datetime import date

import pytest

from backend.rulebooks.selectors import (
    governing_version,
    in_force_versions_between,
    rulebook_version_in_force_on,
    rulebook_versions_screening,
)
from backend.rulebooks.services.cohorts import cohort_close, cohort_create
from backend.rulebooks.services.versions import rulebook_version_retire
from tests.factories import make_organisation
from tests.integration.rulebooks import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """In force from 2026-01-01; a proposal trialled by a cohort over calendar 2026."""
    in_force = h.published(h.rulebook(), effective_from="2026-01-01")
    proposal = h.published(h.rulebook(kind="proposed"), cap_mad="4000000.00")
    member, outsider = make_organisation(name="Member"), make_organisation(name="Outsider")
    cohort = h.active_cohort(
        proposal=proposal,
        participants=[member],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    return {
        "in_force": in_force,
        "proposal": proposal,
        "member": member,
        "outsider": outsider,
        "cohort": cohort,
    }


@pytest.mark.parametrize(
    ("day", "in_window"),
    [
        (date(2025, 12, 31), False),  # the day before the window (and a year boundary)
        (date(2026, 1, 1), True),  # first day, inclusive
        (date(2026, 6, 15), True),
        (date(2026, 12, 31), True),  # last day, inclusive
        (date(2027, 1, 1), False),  # the next year
    ],
)
def test_a_member_gets_both_rulebooks_only_inside_the_window(world, day, in_window):
    screening = rulebook_versions_screening(participant=world["member"], value_date=day)
    governing = governing_version(participant=world["member"], value_date=day)

    in_force = rulebook_version_in_force_on(day)
    if in_window:
        assert screening == [world["in_force"], world["proposal"]]
        assert governing == world["proposal"]
    else:
        assert screening == ([in_force] if in_force else [])
        assert governing == in_force
    # Before 2026 no in-force version was effective at all.
    assert (in_force is None) == (day < date(2026, 1, 1))


def test_a_participant_outside_any_cohort_gets_the_rules_in_force_only(world):
    day = date(2026, 6, 15)
    assert rulebook_versions_screening(participant=world["outsider"], value_date=day) == [
        world["in_force"]
    ]
    assert governing_version(participant=world["outsider"], value_date=day) == world["in_force"]


def test_the_in_force_version_switches_on_its_effective_date(world):
    book = world["in_force"].rulebook
    july = h.published(book, effective_from="2026-07-01", cap_mad="3000000.00")

    assert rulebook_version_in_force_on(date(2026, 6, 30)) == world["in_force"]
    assert rulebook_version_in_force_on(date(2026, 7, 1)) == july
    assert rulebook_version_in_force_on(date(2027, 3, 1)) == july
    assert rulebook_versions_screening(
        participant=world["member"], value_date=date(2026, 7, 1)
    ) == [july, world["proposal"]]
    assert list(in_force_versions_between(date(2026, 3, 1), date(2026, 12, 31))) == [
        world["in_force"],
        july,
    ]
    assert list(in_force_versions_between(date(2026, 8, 1), date(2026, 12, 31))) == [july]


def test_a_retired_in_force_version_no_longer_screens(world):
    july = h.published(world["in_force"].rulebook, effective_from="2026-07-01")
    rulebook_version_retire(actor=h.regulator(), version=july)
    assert rulebook_version_in_force_on(date(2026, 8, 1)) == world["in_force"]


def test_a_draft_never_screens(world):
    h.draft(world["in_force"].rulebook, editor=h.regulator(), effective_from="2026-02-01")
    assert rulebook_version_in_force_on(date(2026, 3, 1)) == world["in_force"]


def test_a_planned_cohort_does_not_screen_yet(world):
    other = make_organisation(name="Planned member")
    cohort_create(
        actor=h.regulator(),
        name="Planned",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        proposed_version=world["proposal"],
        participants=[other],
    )
    assert rulebook_versions_screening(participant=other, value_date=date(2026, 5, 1)) == [
        world["in_force"]
    ]


def test_a_cohort_closed_early_screens_its_past_window_only(world):
    cohort_close(actor=h.regulator(), cohort=world["cohort"], closed_on=date(2026, 6, 30))

    member = world["member"]
    assert rulebook_versions_screening(participant=member, value_date=date(2026, 6, 30)) == [
        world["in_force"],
        world["proposal"],
    ]
    assert rulebook_versions_screening(participant=member, value_date=date(2026, 7, 1)) == [
        world["in_force"]
    ]
    assert governing_version(participant=member, value_date=date(2026, 7, 1)) == world["in_force"]
