"""Notifications belong to one person: nobody else, of any role, may read or mark them."""

from backend.accounts.models import User
from backend.notifications.services import Message, notification_create
from tests.tenancy import Owned, listed_in, owned_route


@owned_route("api:notification-read", methods=("post",))
@listed_in("api:notifications")
def notification(owner: User) -> Owned:
    made = notification_create(
        recipients=[owner],
        message=Message(kind="decision_taken", params={"reference": "INV-1"}, link="/startup"),
    )[0]
    return Owned(url_kwargs={"notification_id": str(made.pk)}, object_id=str(made.pk))
