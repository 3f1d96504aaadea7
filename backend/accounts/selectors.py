"""Account reads, scoped to the viewer."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from backend.accounts.facts import FACT_FIELDS, UNKNOWN_CLUSTER
from backend.accounts.models import (
    ApiToken,
    Organisation,
    ParticipantFact,
    ParticipantProfile,
    User,
)
from backend.common.domain_errors import InvalidInput, field_error
from backend.common.roles import Role
from backend.common.tenancy import scoped


def api_token_list(*, viewer: User) -> QuerySet[ApiToken]:
    """The viewer's own tokens, newest first (nobody sees another user's tokens)."""
    return ApiToken.objects.filter(user=viewer).order_by("-created_at", "-id")


def api_token_get(*, viewer: User, token_id: UUID | str) -> ApiToken:
    """One of the viewer's own tokens, or 404."""
    return get_object_or_404(api_token_list(viewer=viewer), pk=token_id)


def organisations_named(*, ids: Sequence[Any], pointer: str) -> list[Organisation]:
    """The organisations a request body names, in its order; one that does not exist is refused
    at `<pointer>/<index>` (the body names nothing: not a missing address)."""
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=list(ids))}
    for index, pk in enumerate(ids):
        if pk not in found:
            where = f"{pointer}/{index}"
            raise InvalidInput(
                code="does_not_exist",
                detail=f"{where}: no such object.",
                errors=[field_error(where, "does_not_exist", "No such object.")],
            )
    return [found[pk] for pk in ids]


def user_with_membership(*, user_id: UUID | str) -> User:
    """A user with their membership and organisation loaded."""
    return User.objects.select_related("membership__organisation").get(pk=user_id)


def _some_fact_unknown() -> Q:
    """A profile that does not know at least one fact (the SQL twin of `fact_is_known`)."""
    unknown = Q(**{FACT_FIELDS[ParticipantFact.CLUSTER][0]: UNKNOWN_CLUSTER})
    for fields in FACT_FIELDS.values():
        unknown |= Q(**{f"{fields[0]}__isnull": True})
    return unknown


def participant_facts_visible(
    *, viewer: User, unknown_only: bool = False
) -> QuerySet[ParticipantProfile]:
    """Participants whose facts the viewer may read, by name: regulators and admins every one,
    a startup its own, anyone else none; `unknown_only` keeps those with a fact nobody knows."""
    found = scoped(
        ParticipantProfile.objects.select_related("organisation")
        .annotate(sort_name=F("organisation__name"))
        .order_by("sort_name", "organisation_id"),
        viewer=viewer,
        owner="organisation_id",
        every=(Role.REGULATOR, Role.ADMIN),
    )
    return found.filter(_some_fact_unknown()) if unknown_only else found


def participant_facts_get(*, viewer: User, participant_id: UUID | str) -> ParticipantProfile:
    """One participant's facts within the viewer's reach, or 404."""
    return get_object_or_404(participant_facts_visible(viewer=viewer), pk=participant_id)
