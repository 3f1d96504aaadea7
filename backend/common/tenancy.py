"""Tenancy in one visible place: which rows of a queryset each role may see.

Every selector hands its queryset to `scoped` before any lookup, saying which roles see every row,
which see only their own organisation's (and through which field a row belongs to one); anyone
else sees nothing. A foreign object is therefore missing, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from backend.common.permissions import role_of
from backend.common.roles import Role

M = TypeVar("M", bound=Model)

# The usual split: regulators oversee every participant, a startup sees its own.
EVERY_ROW: tuple[str, ...] = (Role.REGULATOR,)
OWN_ROWS: tuple[str, ...] = (Role.STARTUP,)


def viewer_organisation_id(viewer: Any) -> Any:
    """The id of the viewer's organisation (None without a membership)."""
    membership = getattr(viewer, "membership", None)
    return membership.organisation_id if membership is not None else None


def sees(viewer: Any, roles: Collection[str]) -> bool:
    """Whether the viewer's role is one of `roles`."""
    return role_of(viewer) in roles


def scoped(
    queryset: QuerySet[M],
    *,
    viewer: Any,
    owner: str | None = None,
    every: Collection[str] = EVERY_ROW,
    own: Collection[str] = OWN_ROWS,
) -> QuerySet[M]:
    """The rows of `queryset` the viewer may see: all of them for a role in `every`; those whose
    `owner` field (a path to an organisation id, e.g. ``case__participant_id``) is the viewer's
    organisation for a role in `own`; none for any other role."""
    role = role_of(viewer)
    if role in every:
        return queryset
    if role in own and owner is not None:
        return queryset.filter(**{owner: viewer_organisation_id(viewer)})
    return queryset.none()
