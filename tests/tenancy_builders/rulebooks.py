"""Rulebooks, versions and cohorts belong to no startup: they are the regulators' shared material.

Every regulator legitimately sees every one of them, and every other role is refused every route
with 403 before any lookup (asserted route by route in
tests/integration/rulebooks/test_access.py). The walk's "a foreign object answers 404" rule is
about objects a startup owns, so startups are listed as not applicable on the object routes; the
advocate and admin walks still check that no id leaks. The lists have no foreign row to look for.
"""

from datetime import date

from backend.accounts.models import User
from backend.common.roles import Role
from backend.rulebooks.services.cohorts import cohort_create
from tests.integration.rulebooks import helpers as h
from tests.tenancy import Owned, listed_in, owned_route

EVERY_ROLE = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
# The regulators' shared material: every regulator sees it; a startup is refused the route
# before any lookup, exactly as for a missing id (the walk compares the two).
NOT_OWNED_BY_A_STARTUP = (Role.REGULATOR,)


@owned_route("api:rulebook-detail", visible_to=NOT_OWNED_BY_A_STARTUP)
def rulebook(owner: User) -> Owned:
    book = h.rulebook()
    return Owned(url_kwargs={"rulebook_id": str(book.pk)}, object_id=str(book.pk))


@owned_route(
    "api:rulebook-version-detail", "api:rulebook-version-diff", visible_to=NOT_OWNED_BY_A_STARTUP
)
@owned_route(
    "api:rulebook-version-publish",
    "api:rulebook-version-retire",
    "api:rulebook-version-request-review",
    visible_to=NOT_OWNED_BY_A_STARTUP,
    methods=("post",),
)
def rulebook_version(owner: User) -> Owned:
    version = h.draft(h.rulebook(), editor=h.regulator())
    return Owned(url_kwargs={"version_id": str(version.pk)}, object_id=str(version.pk))


@owned_route("api:cohort-detail", visible_to=NOT_OWNED_BY_A_STARTUP)
@owned_route(
    "api:cohort-activate", "api:cohort-close", visible_to=NOT_OWNED_BY_A_STARTUP, methods=("post",)
)
def cohort(owner: User) -> Owned:
    # The owner's own organisation takes part: still, a startup never reads a cohort here.
    made = cohort_create(
        actor=h.regulator(),
        name="Tenancy cohort",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        proposed_version=h.published(h.rulebook(kind="proposed")),
        participants=[owner.membership.organisation],
    )
    return Owned(url_kwargs={"cohort_id": str(made.pk)}, object_id=str(made.pk))


@listed_in(
    "api:rulebooks", "api:rulebook-versions", "api:rulebook-schema", "api:cohorts", owner_sees=False
)
@listed_in("api:rulebook-version-validate", owner_sees=False, methods=("post",))
def regulator_material(owner: User) -> Owned:
    # The regulators' shared material names no startup.
    return Owned(url_kwargs={}, object_id=str(owner.membership.organisation_id))


@owned_route("api:cohort-participants", visible_to=NOT_OWNED_BY_A_STARTUP)
def cohort_participant(owner: User) -> Owned:
    # The participants' list names organisation A to regulators, and to nobody else.
    made = cohort(owner)
    return Owned(url_kwargs=made.url_kwargs, object_id=str(owner.membership.organisation_id))
