"""Domain refusals meet HTTP in one place: the exception handler maps each kind to its status."""

import json

import pytest

from backend.common import domain_errors as domain
from backend.common.errors import PROBLEM_CONTENT_TYPE, problem_exception_handler

EXPECTED = [
    (domain.InvalidInput, 400),
    (domain.NotAllowed, 403),
    (domain.NotFound, 404),
    (domain.Conflict, 409),
    (domain.PreconditionFailed, 412),
    (domain.TooLarge, 413),
    (domain.UnsupportedType, 415),
    (domain.Unprocessable, 422),
    (domain.PreconditionRequired, 428),
]


@pytest.mark.parametrize(("kind", "status"), EXPECTED)
def test_each_kind_answers_its_status_as_problem_details(kind, status):
    # Given a service's refusal with a field error and an extra member
    refusal = kind.at("/amount/amount", code="some_code", detail="Some detail.")
    refusal.extra["allowed"] = ["reopen"]

    # When the handler answers it
    response = problem_exception_handler(refusal, {})

    # Then the status is the kind's, and the body is the problem document
    assert response.status_code == status
    assert response.content_type == PROBLEM_CONTENT_TYPE
    assert json.loads(json.dumps(response.data)) == {
        "type": "tag:fx-sandbox-tracker,2026:problem/some_code",
        "title": response.data["title"],
        "status": status,
        "detail": "Some detail.",
        "code": "some_code",
        "errors": [{"pointer": "/amount/amount", "code": "some_code", "detail": "Some detail."}],
        "allowed": ["reopen"],
    }


def test_a_narrower_kind_answers_as_the_kind_it_refines():
    class ReviewClosed(domain.Conflict):
        pass

    response = problem_exception_handler(ReviewClosed(code="closed", detail="Closed."), {})

    assert (response.status_code, response.data["code"]) == (409, "closed")


def test_no_domain_error_knows_a_status():
    for kind, _ in EXPECTED:
        refusal = kind(code="c", detail="d")
        assert not hasattr(refusal, "status_code")
