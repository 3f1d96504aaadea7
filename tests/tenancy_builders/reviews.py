"""Reviews: a case belongs to the startup whose declaration was flagged. Its owner reads it (the
parts meant for it), regulators read every case; another startup gets 404 on every case route
(the case is looked up in the caller's scope before the role is checked), advocates and admins
are refused by role. The queue tools (export, bulk and automatic assignment, reviewers) are the
regulators' own and own no startup's row: startups and advocates are refused before any lookup
(tests/integration/reviews/test_api.py checks that they see no case there)."""

from backend.accounts.models import User
from backend.common.roles import Role
from backend.reviews.services import cases, requests
from tests.integration.reviews import helpers as rh
from tests.tenancy import Owned, listed_in, owned_route

EVERY_ROLE = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
CASE_ACTIONS = (
    "api:case-start-review",
    "api:case-resume",
    "api:case-decide",
    "api:case-close",
    "api:case-reopen",
    "api:case-assign",
)


@owned_route(
    "api:case-detail", "api:case-payments", "api:case-contributing", visible_to=(Role.REGULATOR,)
)
@owned_route(*CASE_ACTIONS, visible_to=(Role.REGULATOR,), methods=("post",))
@owned_route(
    "api:case-notes", "api:case-requests", visible_to=(Role.REGULATOR,), methods=("get", "post")
)
@listed_in("api:cases", visible_to=(Role.REGULATOR,))
def case(owner: User) -> Owned:
    made = rh.flagged_case(owner)
    return Owned(url_kwargs={"case_id": str(made.pk)}, object_id=str(made.pk))


@owned_route("api:case-request-answer", visible_to=(Role.REGULATOR,), methods=("post",))
@listed_in("api:case-requests-mine", visible_to=(Role.REGULATOR,))
def case_request(owner: User) -> Owned:
    made = rh.flagged_case(owner)
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=made.pk, if_match=made.etag)
    asked = requests.case_request_create(
        actor=reviewer,
        case_id=made.pk,
        if_match=rh.reload(made).etag,
        kind="documents",
        message="Send the contract.",
    )
    return Owned(
        url_kwargs={"case_id": str(made.pk), "request_id": str(asked.pk)},
        object_id=str(asked.pk),
    )


@listed_in("api:cases-export", visible_to=(Role.REGULATOR,), owner_sees=False)
def case_in_the_export(owner: User) -> Owned:
    made = rh.flagged_case(owner)
    return Owned(url_kwargs={}, object_id=str(made.pk))


@listed_in("api:case-reviewers", "api:case-reviewer-me", owner_sees=False)
@listed_in("api:cases-bulk-assign", "api:cases-auto-assign", owner_sees=False, methods=("post",))
def regulators_tools(owner: User) -> Owned:
    made = rh.flagged_case(owner)
    return Owned(url_kwargs={}, object_id=str(made.pk))


@listed_in("api:cases-summary", owner_sees=False)
def counts_of_the_queue(owner: User) -> Owned:
    # Counts of the regulators' shared queue: numbers only, never organisation A's id.
    return Owned(url_kwargs={}, object_id=str(owner.membership.organisation_id))
