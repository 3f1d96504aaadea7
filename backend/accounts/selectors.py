"""Account reads, scoped to the viewer."""

from uuid import UUID

from django.db.models import QuerySet

from backend.accounts.models import ApiToken, User


def api_token_list(*, viewer: User) -> QuerySet[ApiToken]:
    """The viewer's own tokens, newest first (nobody sees another user's tokens)."""
    return ApiToken.objects.filter(user=viewer).order_by("-created_at", "-id")


def user_with_membership(*, user_id: UUID | str) -> User:
    """A user with their membership and organisation loaded."""
    return User.objects.select_related("membership__organisation").get(pk=user_id)
