"""The case state machine: which state each action leads to, and from where it is allowed.

Pure data and functions (no database), so every allowed and refused transition is testable in
isolation and the API can answer a refused one with the allowed alternatives.
"""

from enum import StrEnum


class CaseState(StrEnum):
    """Where a case is in its review."""

    OPEN = "open"
    IN_REVIEW = "in_review"
    AWAITING_STARTUP = "awaiting_startup"
    DECIDED = "decided"
    CLOSED = "closed"
    REOPENED = "reopened"


class CaseAction(StrEnum):
    """What someone does to a case that moves it between states."""

    START_REVIEW = "start_review"
    REQUEST = "request"
    ANSWER = "answer"
    RESUME = "resume"
    DECIDE = "decide"
    CLOSE = "close"
    REOPEN = "reopen"


S, A = CaseState, CaseAction

# (from, action) -> to. Issue 6: open → in_review → awaiting_startup ↔ in_review → decided →
# closed, plus reopened (with a reason) from decided or closed, which goes back to review.
TRANSITIONS: dict[tuple[CaseState, CaseAction], CaseState] = {
    (S.OPEN, A.START_REVIEW): S.IN_REVIEW,
    (S.REOPENED, A.START_REVIEW): S.IN_REVIEW,
    (S.IN_REVIEW, A.REQUEST): S.AWAITING_STARTUP,
    (S.AWAITING_STARTUP, A.ANSWER): S.IN_REVIEW,
    # The regulator may take the case back without an answer (the startup replied elsewhere, or
    # the request turned out unnecessary); the open requests are then withdrawn.
    (S.AWAITING_STARTUP, A.RESUME): S.IN_REVIEW,
    (S.IN_REVIEW, A.DECIDE): S.DECIDED,
    (S.DECIDED, A.CLOSE): S.CLOSED,
    (S.DECIDED, A.REOPEN): S.REOPENED,
    (S.CLOSED, A.REOPEN): S.REOPENED,
}

# States in which a case still needs work (counted in the queue, subject to its SLA).
ACTIVE_STATES = frozenset({S.OPEN, S.IN_REVIEW, S.AWAITING_STARTUP, S.REOPENED})


def allowed_actions(state: str) -> list[str]:
    """The actions allowed from `state`, in a stable order."""
    return [action.value for action in CaseAction if (CaseState(state), action) in TRANSITIONS]


def next_state(state: str, action: str) -> CaseState | None:
    """The state `action` leads to from `state`, or None when it is not allowed."""
    return TRANSITIONS.get((CaseState(state), CaseAction(action)))
