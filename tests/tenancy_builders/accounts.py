from backend.accounts.models import User
from backend.accounts.services import api_token_create
from backend.common.roles import Role
from tests.tenancy import Owned, listed_in, owned_route


@owned_route("api:auth-token-revoke", methods=("post",))
@listed_in("api:auth-tokens")
def api_token(owner: User) -> Owned:
    from django.db import transaction

    with transaction.atomic():
        issued = api_token_create(user=owner, name="owner's token")
    return Owned(url_kwargs={"token_id": str(issued.token.id)}, object_id=str(issued.token.id))


@owned_route(
    "api:participant-facts",
    visible_to=(Role.REGULATOR, Role.ADMIN),
    methods=("get", "patch"),
)
@listed_in("api:participants", visible_to=(Role.REGULATOR, Role.ADMIN))
def participant_facts(owner: User) -> Owned:
    organisation_id = str(owner.membership.organisation_id)
    return Owned(url_kwargs={"participant_id": organisation_id}, object_id=organisation_id)
