"""Permission classes per role: the one place views say who may call them.

What a caller may *see* is decided by selectors that take the viewer; these classes only decide
whether the caller's role may use an endpoint at all.
"""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from backend.common.roles import Role


def role_of(user: Any) -> str | None:
    """The role of an authenticated user, or None (anonymous, or no membership)."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = getattr(user, "membership", None)
    return membership.role if membership is not None else None


class HasRole(BasePermission):
    """Allows members whose role is among `roles`."""

    roles: tuple[str, ...] = ()
    message = "Your role does not give access to this resource."

    def has_permission(self, request: Request, view: Any) -> bool:
        return role_of(request.user) in self.roles


class IsStartup(HasRole):
    roles = (Role.STARTUP,)


class IsRegulator(HasRole):
    roles = (Role.REGULATOR,)


class IsAdvocate(HasRole):
    roles = (Role.ADVOCATE,)


class IsStartupOrRegulator(HasRole):
    roles = (Role.STARTUP, Role.REGULATOR)


class IsRegulatorOrAdvocate(HasRole):
    roles = (Role.REGULATOR, Role.ADVOCATE)


class IsMember(HasRole):
    """Any signed-in user who belongs to an organisation."""

    roles = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
