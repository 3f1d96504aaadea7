"""Notification tasks: send the e-mails owed (idempotent: each is marked sent once accepted)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="notifications.send_emails",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_emails() -> None:
    """Send the notification e-mails still owed, a batch at a time."""
    from backend.notifications.services import notifications_send_emails

    notifications_send_emails()
