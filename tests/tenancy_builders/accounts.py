from backend.accounts.models import User
from backend.accounts.services import api_token_create
from tests.tenancy import Owned, listed_in, owned_route


@owned_route("api:auth-token-revoke", methods=("post",))
@listed_in("api:auth-tokens")
def api_token(owner: User) -> Owned:
    from django.db import transaction

    with transaction.atomic():
        issued = api_token_create(user=owner, name="owner's token")
    return Owned(url_kwargs={"token_id": str(issued.token.id)}, object_id=str(issued.token.id))
