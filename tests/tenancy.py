"""The tenancy registry: how the cross-organisation walk builds an object for each API route.

Every API route whose URL carries an object id must register a builder here (from any test module
imported by `tests/integration/test_tenancy.py`). The walk fails for a route with no builder, so a
new endpoint cannot escape the check.

A builder receives the owning user (a startup member of organisation A) and returns the URL kwargs
plus the id string that must never appear in another organisation's answers.
"""

from collections.abc import Callable
from dataclasses import dataclass

from backend.accounts.models import User


@dataclass(frozen=True)
class Owned:
    """An object owned by organisation A, addressed by a route."""

    url_kwargs: dict[str, str]
    object_id: str


@dataclass(frozen=True)
class Builder:
    """How to build an owned object, and which roles may legitimately see foreign ones."""

    build: Callable[[User], Owned]
    visible_to: frozenset[str]
    methods: tuple[str, ...]


BUILDERS: dict[str, Builder] = {}
# List routes whose answers must be checked for foreign ids: route name -> builder of an owned row.
LIST_BUILDERS: dict[str, Builder] = {}


def owned_route(
    *route_names: str, visible_to: tuple[str, ...] = (), methods: tuple[str, ...] = ("get",)
) -> Callable[[Callable[[User], Owned]], Callable[[User], Owned]]:
    """Register a builder for detail/action routes (`api:<name>`)."""

    def register(build: Callable[[User], Owned]) -> Callable[[User], Owned]:
        for name in route_names:
            BUILDERS[name] = Builder(build=build, visible_to=frozenset(visible_to), methods=methods)
        return build

    return register


def listed_in(
    *route_names: str, visible_to: tuple[str, ...] = ()
) -> Callable[[Callable[[User], Owned]], Callable[[User], Owned]]:
    """Register a builder whose object other organisations must not see in these lists."""

    def register(build: Callable[[User], Owned]) -> Callable[[User], Owned]:
        for name in route_names:
            LIST_BUILDERS[name] = Builder(
                build=build, visible_to=frozenset(visible_to), methods=("get",)
            )
        return build

    return register
