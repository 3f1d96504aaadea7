"""Notification endpoints: a person's own list, its unread count, reading, and e-mail choices."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.notifications import selectors, services
from backend.notifications.models import NotificationKind, NotificationPreference
from backend.notifications.serializers import (
    MarkedReadOutputSerializer,
    NotificationFilterSerializer,
    NotificationOutputSerializer,
    PreferencesSerializer,
    UnreadCountOutputSerializer,
)


class NotificationListApi(APIView):
    """The caller's notifications, newest first (`?unread=true`: only the unread ones)."""

    permission_classes = [IsAuthenticated]
    ordering = ("-created_at", "-id")

    @extend_schema(
        parameters=[NotificationFilterSerializer],
        responses={200: paginated(NotificationOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        filters = NotificationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.notification_list(
            viewer=request.user,  # type: ignore[arg-type]
            unread=filters.validated_data["unread"],
        )
        return paginated_response(
            queryset=queryset,
            serializer_class=NotificationOutputSerializer,
            request=request,
            view=self,
        )


class NotificationUnreadCountApi(APIView):
    """How many of the caller's notifications are unread: the badge, polled cheaply."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UnreadCountOutputSerializer})
    def get(self, request: Request) -> Response:
        count = selectors.notification_unread_count(viewer=request.user)  # type: ignore[arg-type]
        return Response({"unread": count})


class NotificationReadApi(APIView):
    """Mark one of the caller's notifications read."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: NotificationOutputSerializer})
    def post(self, request: Request, notification_id: str) -> Response:
        notification = services.notification_mark_read(
            user=request.user,  # type: ignore[arg-type]
            notification_id=notification_id,
        )
        return Response(NotificationOutputSerializer(notification).data)


class NotificationReadAllApi(APIView):
    """Mark every unread notification of the caller read."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: MarkedReadOutputSerializer})
    def post(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
        return Response({"marked": marked})


def _preferences_data(preference: NotificationPreference) -> dict[str, Any]:
    return {
        "language": preference.language,
        "email": {kind: kind not in preference.email_off for kind in NotificationKind.values},
    }


class NotificationPreferencesApi(APIView):
    """The caller's e-mail language and which kinds of notification are also e-mailed."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PreferencesSerializer})
    def get(self, request: Request) -> Response:
        preference = selectors.notification_preferences_get(viewer=request.user)  # type: ignore[arg-type]
        return Response(_preferences_data(preference))

    @extend_schema(request=PreferencesSerializer, responses={200: PreferencesSerializer})
    def put(self, request: Request) -> Response:
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        current = selectors.notification_preferences_get(viewer=request.user)  # type: ignore[arg-type]
        wanted = {kind: kind not in current.email_off for kind in NotificationKind.values}
        wanted.update(serializer.validated_data["email"])
        preference = services.notification_preferences_set(
            user=request.user,  # type: ignore[arg-type]
            language=serializer.validated_data["language"],
            email_off=[kind for kind, on in wanted.items() if not on],
        )
        return Response(_preferences_data(preference))
