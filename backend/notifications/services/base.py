"""Creating notifications: the message, the recipients' e-mail preferences, and who is told."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from backend.accounts.models import Organisation, User
from backend.common.queue import enqueue_on_commit
from backend.common.roles import Role
from backend.notifications.models import Notification, NotificationKind, NotificationPreference

SEND_EMAILS_TASK = "notifications.send_emails"


# E-mails sent per task run: a burst (a re-screening telling many startups) drains over runs.
EMAIL_BATCH = 200


KINDS: tuple[str, ...] = tuple(NotificationKind.values)


@dataclass(frozen=True)
class Message:
    """What to tell: the kind, the values its wording needs, and where to act on it."""

    kind: str
    params: dict[str, Any]
    link: str = ""
    dedupe_key: str = ""


def _preferences(users: Sequence[User]) -> dict[Any, NotificationPreference]:
    found = NotificationPreference.objects.filter(user__in=users)
    return {p.user_id: p for p in found}


def _wants_email(preference: NotificationPreference | None, kind: str) -> bool:
    return preference is None or kind not in preference.email_off


def notification_create(*, recipients: Iterable[User], message: Message) -> list[Notification]:
    """Tell each recipient once (a second notification with the same dedupe key is dropped);
    e-mails go after commit to those whose preferences ask for this kind."""
    users = [u for u in recipients if u.is_active]
    if not users:
        return []
    preferences = _preferences(users)
    now = timezone.now()
    rows = [
        Notification(
            recipient=user,
            kind=message.kind,
            params=message.params,
            link=message.link[:300],
            dedupe_key=message.dedupe_key[:200],
            created_at=now,
            email_wanted=bool(user.email) and _wants_email(preferences.get(user.pk), message.kind),
        )
        for user in users
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=bool(message.dedupe_key))
    if any(row.email_wanted for row in rows):
        enqueue_on_commit(SEND_EMAILS_TASK)
    return created


def _startup_members(organisation: Organisation | Any) -> list[User]:
    return list(
        User.objects.filter(
            membership__organisation_id=getattr(organisation, "pk", organisation),
            membership__role=Role.STARTUP,
            is_active=True,
        ).order_by("username")
    )


def _regulators(*, excluding: Any = None) -> list[User]:
    users = User.objects.filter(membership__role=Role.REGULATOR, is_active=True)
    if excluding is not None:
        users = users.exclude(pk=getattr(excluding, "pk", excluding))
    return list(users.order_by("username"))


def _declaration_link(declaration_id: Any) -> str:
    return f"/startup/declarations?declaration={declaration_id}"


def _case_link(case_id: Any) -> str:
    return f"/regulator/cases?case={case_id}"
