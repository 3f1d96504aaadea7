from backend.accounts.models import User
from backend.common.roles import Role
from tests.integration.declarations.helpers import make_declaration
from tests.tenancy import Owned, listed_in, owned_route


@owned_route("api:declaration-detail", "api:declaration-events", visible_to=(Role.REGULATOR,))
@owned_route("api:declaration-amend", "api:declaration-withdraw", methods=("post",))
@listed_in("api:declarations", visible_to=(Role.REGULATOR,))
def declaration(owner: User) -> Owned:
    made = make_declaration(owner, reference="TENANCY-1")
    return Owned(url_kwargs={"declaration_id": str(made.id)}, object_id=str(made.id))
