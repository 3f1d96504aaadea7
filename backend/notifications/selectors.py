"""Notification reads: a person only ever reads their own."""

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.notifications.models import Notification, NotificationPreference


def notification_list(*, viewer: User, unread: bool = False) -> QuerySet[Notification]:
    """The viewer's notifications, newest first."""
    found = Notification.objects.filter(recipient=viewer)
    if unread:
        found = found.filter(read_at=None)
    return found.order_by("-created_at", "-id")


def notification_unread_count(*, viewer: User) -> int:
    """How many of the viewer's notifications are unread (the badge)."""
    return Notification.objects.filter(recipient=viewer, read_at=None).count()


def notification_preferences_get(*, viewer: User) -> NotificationPreference:
    """The viewer's preferences (the defaults, unsaved, until they change one)."""
    found = NotificationPreference.objects.filter(user=viewer).first()
    return found or NotificationPreference(user=viewer)
