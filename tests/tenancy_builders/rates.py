"""Rates are public reference data: no organisation owns a rate, a provider or a quarantined file.

Every role legitimately sees every row of these lists (the regulator-only ones answer 403 to the
others), so they are registered as visible to all roles: the walk checks they are accounted for
and has no foreign row to look for.
"""

from backend.accounts.models import User
from backend.common.roles import Role
from tests.tenancy import Owned, listed_in

EVERY_ROLE = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)


@listed_in(
    "api:rates",
    "api:rate-series",
    "api:rate-coverage",
    "api:rate-providers",
    "api:rate-files",
    "api:rate-quarantine",
    "api:rate-calendar",
    "api:rate-non-publication-days",
    owner_sees=False,
)
def public_reference_data(owner: User) -> Owned:
    # Reference data: the same answer for everyone, naming no organisation.
    return Owned(url_kwargs={}, object_id=str(owner.membership.organisation_id))
