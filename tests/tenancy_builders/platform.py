"""Routes that own no object: health, the schema, signing in and out, the current user, and the
reference lists every startup shares. Each is still requested by every role, and none may name
organisation A to anyone else."""

from backend.accounts.models import User
from tests.tenancy import Owned, listed_in


@listed_in(
    "api:health",
    "api:schema",
    "api:declaration-categories",
    "api:declaration-import-template",
    "api:reference-data",
    "api:notification-unread-count",
    "api:notification-preferences",
    owner_sees=False,
)
@listed_in("api:notification-read-all", owner_sees=False, methods=("post",))
@listed_in("api:auth-login", "api:auth-logout", owner_sees=False, methods=("post",))
def organisation_a(owner: User) -> Owned:
    return Owned(url_kwargs={}, object_id=str(owner.membership.organisation_id))


@listed_in("api:auth-me")
def who_am_i(owner: User) -> Owned:
    # Another organisation's member is told about their own organisation, never A.
    return Owned(url_kwargs={}, object_id=str(owner.membership.organisation_id))
