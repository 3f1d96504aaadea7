"""Account services: sign-in, tokens, memberships; each audits in its own transaction."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from backend.accounts.models import ApiToken, Membership, Organisation, User
from backend.accounts.signin import USERNAME_ATTRIBUTE
from backend.accounts.tokens import VISIBLE_PREFIX_LENGTH, token_digest, token_generate
from backend.audit.services import audit_record
from backend.common.domain_errors import InvalidInput
from backend.common.roles import ROLE_FOR_KIND, Role


def _organisation_of(user: Any) -> Organisation | None:
    membership = getattr(user, "membership", None)
    return membership.organisation if membership is not None else None


def auth_login(*, request: HttpRequest, username: str, password: str) -> User:
    """Sign a user in with a session; one generic message for every failure. Failures are
    counted and audited by the sign-in lock-out policy (`backend.accounts.signin`), which
    answers 429 in place of this refusal once the username or address is locked."""
    # The lock-out policy reads the username from here: a JSON body is not in request.POST.
    setattr(request, USERNAME_ATTRIBUTE, username)
    user = authenticate(request, username=username, password=password)
    if isinstance(user, User) and getattr(user, "membership", None) is None:
        # Right password, but no role here (e.g. an admin without membership): still a failure.
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    if not isinstance(user, User) or getattr(user, "membership", None) is None:
        raise InvalidInput(
            code="invalid_credentials",
            detail="Unknown username or wrong password.",
        )
    with transaction.atomic():
        login(request, user)
        audit_record(actor=user, action="auth.login", obj=user, organisation=_organisation_of(user))
    return user


@transaction.atomic
def auth_logout(*, request: HttpRequest) -> None:
    """End the session."""
    user = request.user
    if user.is_authenticated:
        audit_record(
            actor=user, action="auth.logout", obj=user, organisation=_organisation_of(user)
        )
    logout(request)


@dataclass(frozen=True)
class IssuedToken:
    """A token just created: the raw value exists only here, once."""

    token: ApiToken
    raw: str


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_in_days: int | None = None) -> IssuedToken:
    """Issue a bearer token for a machine client acting as `user`."""
    days = expires_in_days if expires_in_days is not None else settings.API_TOKEN_DEFAULT_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise InvalidInput.at(
            "/expires_in_days",
            code="out_of_range",
            detail=f"Must be between 1 and {settings.API_TOKEN_MAX_DAYS} days.",
        )
    raw = token_generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:VISIBLE_PREFIX_LENGTH],
        digest=token_digest(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        action="api_token.create",
        obj=token,
        organisation=_organisation_of(user),
        after={"name": name, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke a token; revoking twice is a no-op."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="api_token.revoke",
            obj=token,
            organisation=_organisation_of(user),
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def _membership_state(membership: Membership | None) -> dict[str, Any] | None:
    if membership is None:
        return None
    return {"organisation": str(membership.organisation_id), "role": membership.role}


def membership_role_problem(*, organisation: Organisation, role: str) -> str | None:
    """Why `role` cannot be granted in `organisation`, or None: the admin's form asks the same."""
    if role not in Role.values:
        return f"Unknown role {role!r}."
    expected = ROLE_FOR_KIND.get(organisation.kind)
    if role != Role.ADMIN and role != expected:
        return f"A {organisation.kind} organisation grants the role {expected}, not {role}."
    return None


@transaction.atomic
def membership_set(*, actor: Any, user: User, organisation: Organisation, role: str) -> Membership:
    """Put a user in an organisation with a role (create or change), audited with before/after."""
    problem = membership_role_problem(organisation=organisation, role=role)
    if problem is not None:
        raise InvalidInput.at("/role", code="role_not_allowed", detail=problem)
    membership = Membership.objects.select_for_update().filter(user=user).first()
    before = _membership_state(membership)
    if membership is None:
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        action = "membership.create"
    else:
        membership.organisation = organisation
        membership.role = role
        membership.save(update_fields=["organisation", "role"])
        action = "membership.change"
    after = _membership_state(membership)
    if before != after:
        audit_record(
            actor=actor,
            action=action,
            obj=membership,
            organisation=organisation,
            before=before,
            after=after,
        )
    return membership
