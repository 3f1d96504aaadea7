"""A user's own notifications: marking them read, and choosing which e-mails to get."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.common.domain_errors import InvalidInput, NotFound
from backend.notifications.models import Notification, NotificationPreference
from backend.notifications.services.base import KINDS


def notification_mark_read(*, user: User, notification_id: Any) -> Notification:
    """Mark one of the user's notifications read (another person's is a 404)."""
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise NotFound(code="not_found", detail="No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; how many were."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(
    *, user: User, language: str, email_off: Sequence[str]
) -> NotificationPreference:
    """Set the user's e-mail language and the kinds they do not want by e-mail (audited)."""
    unknown = sorted(set(email_off) - set(KINDS))
    if unknown:
        raise InvalidInput(
            code="unknown_kind",
            detail="Unknown notification kind.",
            errors=[{"pointer": "/email", "code": "unknown_kind", "detail": ", ".join(unknown)}],
        )
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    before = {"language": preference.language, "email_off": list(preference.email_off)}
    preference.language = language
    preference.email_off = sorted(set(email_off))
    preference.save()
    audit_record(
        actor=user,
        action="notification_preferences.update",
        obj=preference,
        before=before,
        after={"language": preference.language, "email_off": preference.email_off},
    )
    return preference
