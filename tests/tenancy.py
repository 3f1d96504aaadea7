"""The tenancy registry: how the cross-organisation walk builds an object for each API route.

Every API route must register a builder here (from a module in `tests/tenancy_builders/`, one per
app): `owned_route` for a route whose URL carries an object id, `listed_in` for a list (or any
route without an id). The walk in `tests/integration/test_tenancy.py` fails for a route with
no builder, so a new endpoint cannot escape the check.

A builder receives the owning user (a startup member of organisation A) and returns the URL
kwargs plus an id string that tells organisation A's data apart: the object itself, or, for
material no startup owns (rates, rulebooks, evidence), organisation A's own id. Every role of
another organisation then requests the route:

- a role in `visible_to` legitimately sees the object (a regulator sees every participant): it
  must get it (a read answers 200 and names the id; a write is not a 404);
- any other role must get exactly what a missing object gets (404 for a startup, 403 or 404 for
  the others) and never see the id; a refused write must leave the database unchanged.

For a list, the answer's content is checked the same way: only the viewer's rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from backend.accounts.models import User


@dataclass(frozen=True)
class Owned:
    """What organisation A owns behind a route: its URL kwargs and the id to look for."""

    url_kwargs: dict[str, str]
    object_id: str


@dataclass(frozen=True)
class Builder:
    """How to build an owned object, who else legitimately sees it, and how it is requested."""

    build: Callable[[User], Owned]
    visible_to: frozenset[str]
    methods: tuple[str, ...]
    owner_sees: bool = True


BUILDERS: dict[str, Builder] = {}
# List routes (and every other route without an object id): route name -> builder of A's data.
LIST_BUILDERS: dict[str, Builder] = {}

HOW_TO_ADD = (
    "register a builder for it in tests/tenancy_builders/<app>.py: decorate a function that "
    "makes organisation A's object (it receives A's startup user and returns "
    "Owned(url_kwargs=..., object_id=...)) with @owned_route('api:<name>', visible_to=(...), "
    "methods=(...)) for a route with an id, or @listed_in('api:<name>', visible_to=(...)) for a "
    "list; visible_to names the roles of other organisations that may see A's object"
)


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
    *route_names: str,
    visible_to: tuple[str, ...] = (),
    owner_sees: bool = True,
    methods: tuple[str, ...] = ("get",),
) -> Callable[[Callable[[User], Owned]], Callable[[User], Owned]]:
    """Register a builder whose object other organisations' lists must show only to
    `visible_to`; `owner_sees=False` for material the owning startup is not shown either."""

    def register(build: Callable[[User], Owned]) -> Callable[[User], Owned]:
        for name in route_names:
            LIST_BUILDERS[name] = Builder(
                build=build,
                visible_to=frozenset(visible_to),
                methods=methods,
                owner_sees=owner_sees,
            )
        return build

    return register
