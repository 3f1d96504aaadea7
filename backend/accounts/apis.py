"""Session sign-in, the current user, and API tokens."""

from typing import Any

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts import selectors, services
from backend.accounts.facts import participant_facts_update
from backend.accounts.models import ParticipantProfile
from backend.accounts.serializers import (
    IssuedTokenOutputSerializer,
    LoginInputSerializer,
    MeOutputSerializer,
    ParticipantFactsInputSerializer,
    ParticipantFactsOutputSerializer,
    ParticipantFilterSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
)
from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import HasRole, IsMember
from backend.common.roles import Role


class LoginApi(APIView):
    """Sign in with a username and password; answers the signed-in user and sets the session."""

    authentication_classes: list[Any] = []  # a stale session must not block signing in again
    permission_classes = [AllowAny]
    # No rate throttle: failures are limited per username and per address by the lock-out
    # policy (backend.accounts.signin), and successful sign-ins are not limited at all.
    throttle_classes: list[Any] = []

    @extend_schema(request=LoginInputSerializer, responses={200: MeOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = LoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.auth_login(request=request._request, **serializer.validated_data)
        return Response(MeOutputSerializer(user).data)


class LogoutApi(APIView):
    """End the session."""

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Signed out")})
    def post(self, request: Request) -> Response:
        services.auth_logout(request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class MeApi(APIView):
    """The signed-in user, their role and organisation (also hands the browser its CSRF cookie)."""

    permission_classes = [IsMember]

    @extend_schema(responses={200: MeOutputSerializer})
    def get(self, request: Request) -> Response:
        user = selectors.user_with_membership(user_id=str(request.user.pk))
        return Response(MeOutputSerializer(user).data)


class TokenListCreateApi(APIView):
    """The caller's API tokens; creating one shows the raw token once."""

    permission_classes = [IsMember]

    @extend_schema(responses={200: paginated(TokenOutputSerializer)})
    def get(self, request: Request) -> Response:
        tokens = selectors.api_token_list(viewer=request.user)  # type: ignore[arg-type]
        return paginated_response(
            queryset=tokens, serializer_class=TokenOutputSerializer, request=request, view=self
        )

    @extend_schema(request=TokenInputSerializer, responses={201: IssuedTokenOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = services.api_token_create(user=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        data = dict(TokenOutputSerializer(issued.token).data)
        data["token"] = issued.raw
        return Response(data, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class TokenRevokeApi(APIView):
    """Revoke one of the caller's tokens."""

    permission_classes = [IsMember]

    @extend_schema(request=None, responses={200: TokenOutputSerializer})
    def post(self, request: Request, token_id: str) -> Response:
        token = selectors.api_token_get(viewer=request.user, token_id=token_id)  # type: ignore[arg-type]
        token = services.api_token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
        return Response(TokenOutputSerializer(token).data)


class IsRegulatorOrAdmin(HasRole):
    roles = (Role.REGULATOR, Role.ADMIN)


def _facts_data(profile: ParticipantProfile) -> dict[str, Any]:
    return dict(ParticipantFactsOutputSerializer(profile).data)


class ParticipantListApi(APIView):
    """Participants and the facts rules read about them (known, unknown, with sources), by
    name (`?unknown=true`: only those with a fact nobody knows)."""

    permission_classes = [IsMember]
    ordering = ("sort_name",)  # organisation names are unique

    @extend_schema(
        parameters=[ParticipantFilterSerializer],
        responses={200: paginated(ParticipantFactsOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        filters = ParticipantFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        profiles = selectors.participant_facts_visible(
            viewer=request.user,  # type: ignore[arg-type]
            unknown_only=filters.validated_data["unknown"],
        )
        return paginated_response(
            queryset=profiles,
            serializer_class=ParticipantFactsOutputSerializer,
            request=request,
            view=self,
        )


class ParticipantFactsApi(APIView):
    """One participant's facts; regulators and admins change them (audited; the participant is
    then screened again on them)."""

    def get_permissions(self) -> list[Any]:
        return [IsMember()] if self.request.method == "GET" else [IsRegulatorOrAdmin()]

    def _profile(self, request: Request, participant_id: str) -> ParticipantProfile:
        return selectors.participant_facts_get(viewer=request.user, participant_id=participant_id)  # type: ignore[arg-type]

    @extend_schema(responses={200: ParticipantFactsOutputSerializer})
    def get(self, request: Request, participant_id: str) -> Response:
        return Response(_facts_data(self._profile(request, participant_id)))

    @extend_schema(
        request=ParticipantFactsInputSerializer,
        responses={200: ParticipantFactsOutputSerializer},
    )
    def patch(self, request: Request, participant_id: str) -> Response:
        profile = self._profile(request, participant_id)
        serializer = ParticipantFactsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sources = data.pop("sources", {})
        updated = participant_facts_update(
            actor=request.user, profile=profile, values=data, sources=sources
        )
        return Response(_facts_data(updated))
