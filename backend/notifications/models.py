"""What the product tells people: in-app notifications, and which of them each person also wants
by e-mail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.common.models import UUIDModel


class NotificationKind(models.TextChoices):
    """Why someone is told something (the message and link are built from the kind)."""

    # To a startup's members
    REQUEST_CREATED = "request_created", "A regulator asks for something"
    DECISION_TAKEN = "decision_taken", "A regulator decided on a payment"
    VERDICT_CHANGED = "verdict_changed", "A payment's verdict changed"
    ALLOWANCE_CROSSED = "allowance_crossed", "An annual allowance passed 80 % or 100 %"
    # To regulators
    CASE_ASSIGNED = "case_assigned", "A case was assigned to you"
    REVIEW_REQUESTED = "review_requested", "A draft awaits your review"
    SLA_DUE_SOON = "sla_due_soon", "A case's due date is near"


class Notification(UUIDModel):
    """One message to one person, read or not; `params` fill the message in either language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    params = models.JSONField(default=dict)
    # Where the person acts on it: a path of the web interface.
    link = models.CharField(max_length=300, blank=True)
    # The same event told twice is told once (e.g. a due-date warning per case and due date).
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # E-mail: wanted when the notification was made (the person's choice then), sent once.
    email_wanted = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent"),
            models.Index(
                fields=["recipient"], name="notif_recipient_unread", condition=Q(read_at=None)
            ),
            models.Index(
                fields=["created_at"],
                name="notif_email_pending",
                condition=Q(email_wanted=True, emailed_at=None),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notif_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """A person's choices: the language of their e-mails and which kinds they get by e-mail
    (every kind by default: a kind absent from `email_off` is sent)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        max_length=2, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    email_off = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"
