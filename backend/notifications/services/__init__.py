"""Telling people: notifications are created by the apps whose events they report (through the
typed `notifications_*` services), listed in the interface, and e-mailed after commit to those
who want them.

This app sits below the domain apps (it imports accounts, audit and common only), so its callers
pass what the message needs, never their own models. One module per audience and concern:
`base` (creating a notification, e-mailed after commit), `startups` and `regulators` (what the
owning apps call when something happens), `reading` (read marks and preferences) and `emails`
(sending the e-mails). Public names are re-exported here.
"""

from backend.notifications.services.base import (
    EMAIL_BATCH,
    KINDS,
    SEND_EMAILS_TASK,
    Message,
    notification_create,
)
from backend.notifications.services.emails import (
    notifications_send_emails,
)
from backend.notifications.services.reading import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from backend.notifications.services.regulators import (
    notifications_case_assigned,
    notifications_review_requested,
    notifications_sla_due_soon,
)
from backend.notifications.services.startups import (
    ALLOWANCE_THRESHOLDS,
    VerdictChangeNotice,
    notifications_allowance_crossed,
    notifications_decision_taken,
    notifications_request_created,
    notifications_verdicts_changed,
)

__all__ = [
    "ALLOWANCE_THRESHOLDS",
    "EMAIL_BATCH",
    "KINDS",
    "SEND_EMAILS_TASK",
    "Message",
    "VerdictChangeNotice",
    "notification_create",
    "notification_mark_read",
    "notification_preferences_set",
    "notifications_allowance_crossed",
    "notifications_case_assigned",
    "notifications_decision_taken",
    "notifications_mark_all_read",
    "notifications_request_created",
    "notifications_review_requested",
    "notifications_send_emails",
    "notifications_sla_due_soon",
    "notifications_verdicts_changed",
]
