"""Sending the e-mails the notifications asked for, in batches, through the mail backend."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from backend.notifications.messages import email_text
from backend.notifications.models import Notification
from backend.notifications.services.base import EMAIL_BATCH, _wants_email


def _public_link(link: str) -> str:
    return f"{settings.FXS_PUBLIC_URL.rstrip('/')}{link}" if link else ""


def notifications_send_emails(*, limit: int = EMAIL_BATCH) -> int:
    """Send the e-mails still owed, oldest first, through the configured mail backend; each is
    marked sent once the backend accepted it, so a failure is retried by the next run and a sent
    one is never repeated. Returns how many were sent."""
    pending = list(
        Notification.objects.filter(email_wanted=True, emailed_at=None)
        .select_related("recipient__notification_preference")
        .order_by("created_at", "id")[:limit]
    )
    sent = 0
    for notification in pending:
        recipient = notification.recipient
        preference = getattr(recipient, "notification_preference", None)
        language = preference.language if preference is not None else "fr"
        if not recipient.email or not _wants_email(preference, notification.kind):
            # The address was removed or the choice changed since: owed no more.
            Notification.objects.filter(pk=notification.pk).update(email_wanted=False)
            continue
        subject, body = email_text(
            kind=notification.kind,
            params=notification.params,
            language=language,
            link=_public_link(notification.link),
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
