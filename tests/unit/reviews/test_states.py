"""The case state machine: every (state, action) pair is either the one allowed transition the
issue names, or refused."""

import pytest

from backend.reviews.states import (
    ACTIVE_STATES,
    TRANSITIONS,
    CaseAction,
    CaseState,
    allowed_actions,
    next_state,
)

S, A = CaseState, CaseAction

EXPECTED = {
    (S.OPEN, A.START_REVIEW): S.IN_REVIEW,
    (S.IN_REVIEW, A.REQUEST): S.AWAITING_STARTUP,
    (S.AWAITING_STARTUP, A.ANSWER): S.IN_REVIEW,
    (S.AWAITING_STARTUP, A.RESUME): S.IN_REVIEW,
    (S.IN_REVIEW, A.DECIDE): S.DECIDED,
    (S.DECIDED, A.CLOSE): S.CLOSED,
    (S.DECIDED, A.REOPEN): S.REOPENED,
    (S.CLOSED, A.REOPEN): S.REOPENED,
    (S.REOPENED, A.START_REVIEW): S.IN_REVIEW,
}
ALL_PAIRS = [(state, action) for state in CaseState for action in CaseAction]


def test_the_table_is_exactly_the_issue_s():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("state", "action"), ALL_PAIRS)
def test_each_pair_is_allowed_or_refused(state, action):
    # Given a state and an action, when asked where it leads, then only the listed pairs lead on.
    assert next_state(state.value, action.value) == EXPECTED.get((state, action))


def test_allowed_actions_per_state():
    assert {s.value: allowed_actions(s.value) for s in CaseState} == {
        "open": ["start_review"],
        "in_review": ["request", "decide"],
        "awaiting_startup": ["answer", "resume"],
        "decided": ["close", "reopen"],
        "closed": ["reopen"],
        "reopened": ["start_review"],
    }


def test_decided_and_closed_cases_are_not_active():
    assert {S.OPEN, S.IN_REVIEW, S.AWAITING_STARTUP, S.REOPENED} == ACTIVE_STATES
