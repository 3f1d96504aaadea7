"""Telling people: notifications are created by the apps whose events they report (through the
typed `notifications_*` services below), listed in the interface, and e-mailed after commit to
those who want them.

This app sits below the domain apps (it imports accounts, audit and common only), so its callers
pass what the message needs, never their own models.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Organisation, User
from backend.audit.services import audit_record
from backend.common.domain_errors import InvalidInput, NotFound
from backend.common.queue import enqueue_on_commit
from backend.common.roles import Role
from backend.notifications.messages import email_text
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


# --- What the owning apps call -----------------------------------------------------------------


def notifications_request_created(
    *,
    organisation: Organisation,
    declaration_id: UUID,
    reference: str,
    request_kind: str,
    message: str,
    request_id: UUID,
) -> list[Notification]:
    """A regulator asked a startup for documents or an explanation: tell its members."""
    return notification_create(
        recipients=_startup_members(organisation),
        message=Message(
            kind=NotificationKind.REQUEST_CREATED,
            params={
                "reference": reference,
                "request_kind": request_kind,
                "message": message[:500],
                "declaration": str(declaration_id),
            },
            link=_declaration_link(declaration_id),
            dedupe_key=f"request:{request_id}",
        ),
    )


def notifications_decision_taken(
    *,
    organisation: Organisation,
    declaration_id: UUID,
    reference: str,
    outcome: str,
    rationale: str,
    decided_by: str,
    case_id: UUID,
    decided_at: datetime,
) -> list[Notification]:
    """A regulator decided on a case holding the startup's payment: tell its members."""
    return notification_create(
        recipients=_startup_members(organisation),
        message=Message(
            kind=NotificationKind.DECISION_TAKEN,
            params={
                "reference": reference,
                "outcome": outcome,
                "rationale": rationale[:1000],
                "decided_by": decided_by,
                "declaration": str(declaration_id),
            },
            link=_declaration_link(declaration_id),
            dedupe_key=f"decision:{case_id}:{decided_at.isoformat()}",
        ),
    )


@dataclass(frozen=True)
class VerdictChangeNotice:
    """One payment's verdict under one rulebook, before and after a re-screening."""

    organisation_id: Any
    declaration_id: UUID | str
    reference: str
    rulebook_name_fr: str
    rulebook_name_en: str
    before: str
    after: str


def _verdict_message(notice: VerdictChangeNotice) -> Message:
    return Message(
        kind=NotificationKind.VERDICT_CHANGED,
        params={
            "reference": notice.reference,
            "rulebook_fr": notice.rulebook_name_fr,
            "rulebook_en": notice.rulebook_name_en,
            "before": notice.before,
            "after": notice.after,
            "declaration": str(notice.declaration_id),
        },
        link=_declaration_link(notice.declaration_id),
        dedupe_key=(f"verdict:{notice.declaration_id}:{notice.rulebook_name_en}:{notice.after}")[
            :200
        ],
    )


def notifications_verdicts_changed(*, notices: Sequence[VerdictChangeNotice]) -> int:
    """Payments' verdicts changed (re-screening, late rate, new version): tell the members of
    each startup, in one insert for the whole batch; returns how many notifications were made.
    Called by the processing room after a screening."""
    if not notices:
        return 0
    organisations = {str(n.organisation_id) for n in notices}
    members: dict[str, list[User]] = {}
    for user in User.objects.filter(
        membership__organisation_id__in=organisations,
        membership__role=Role.STARTUP,
        is_active=True,
    ).select_related("membership", "notification_preference"):
        members.setdefault(str(user.membership.organisation_id), []).append(user)
    now = timezone.now()
    rows = []
    for notice in notices:
        message = _verdict_message(notice)
        for user in members.get(str(notice.organisation_id), []):
            preference = getattr(user, "notification_preference", None)
            rows.append(
                Notification(
                    recipient=user,
                    kind=message.kind,
                    params=message.params,
                    link=message.link,
                    dedupe_key=message.dedupe_key,
                    created_at=now,
                    email_wanted=bool(user.email) and _wants_email(preference, message.kind),
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2_000)
    if any(row.email_wanted for row in rows):
        enqueue_on_commit(SEND_EMAILS_TASK)
    return len(rows)


ALLOWANCE_THRESHOLDS = (80, 100)


def notifications_allowance_crossed(
    *,
    organisation: Organisation,
    rulebook_kind: str,
    rulebook_name_fr: str,
    rulebook_name_en: str,
    rule_id: str,
    rule_title_fr: str,
    rule_title_en: str,
    period_start: Any,
    threshold: int,
    used: str,
    limit: str,
) -> list[Notification]:
    """A participant's use of an annual allowance passed `threshold` % (80 or 100): tell its
    members once per allowance, period and threshold. Called by the processing room after a
    screening, with the headroom before and after it."""
    if threshold not in ALLOWANCE_THRESHOLDS:
        raise ValueError(f"threshold must be one of {ALLOWANCE_THRESHOLDS}")
    key = f"allowance:{rulebook_kind}:{rule_id}:{period_start}"
    recipients = _startup_members(organisation)
    # Whoever was told of a higher threshold of the same allowance is not told of a lower one
    # (a payment re-converted lower leaves the allowance used, not newly approached).
    higher = [f"{key}:{t}" for t in ALLOWANCE_THRESHOLDS if t > threshold]
    if higher:
        told = set(
            Notification.objects.filter(
                recipient__in=recipients, dedupe_key__in=higher
            ).values_list("recipient_id", flat=True)
        )
        recipients = [user for user in recipients if user.pk not in told]
    return notification_create(
        recipients=recipients,
        message=Message(
            kind=NotificationKind.ALLOWANCE_CROSSED,
            params={
                "rule_id": rule_id,
                "rule_fr": rule_title_fr,
                "rule_en": rule_title_en,
                "rulebook_kind": rulebook_kind,
                "rulebook_fr": rulebook_name_fr,
                "rulebook_en": rulebook_name_en,
                "threshold": threshold,
                "used": used,
                "limit": limit,
            },
            link="/startup/headroom",
            dedupe_key=f"{key}:{threshold}",
        ),
    )


def notifications_case_assigned(
    *, assignee: User, case_id: UUID, reference: str, participant: str, due_at: datetime | None
) -> list[Notification]:
    """A case was assigned to a regulator (by hand, in bulk or automatically)."""
    return notification_create(
        recipients=[assignee],
        message=Message(
            kind=NotificationKind.CASE_ASSIGNED,
            params={
                "reference": reference,
                "participant": participant,
                "due": due_at.isoformat() if due_at else "",
                "case": str(case_id),
            },
            link=_case_link(case_id),
            dedupe_key=f"assigned:{case_id}:{assignee.pk}:{timezone.now().isoformat()}",
        ),
    )


def notifications_review_requested(
    *,
    requested_by: User,
    reviewer: User | None,
    version_id: UUID,
    rulebook_name_fr: str,
    rulebook_name_en: str,
    number: int,
) -> list[Notification]:
    """A draft awaits a second regulator's review: tell `reviewer`, or every other regulator."""
    recipients = [reviewer] if reviewer is not None else _regulators(excluding=requested_by)
    return notification_create(
        recipients=[r for r in recipients if r.pk != requested_by.pk],
        message=Message(
            kind=NotificationKind.REVIEW_REQUESTED,
            params={
                "rulebook_fr": rulebook_name_fr,
                "rulebook_en": rulebook_name_en,
                "number": number,
                "requested_by": requested_by.get_username(),
                "version": str(version_id),
            },
            link=f"/regulator/rulebooks?version={version_id}",
            dedupe_key=f"review:{version_id}:{timezone.now().isoformat()}",
        ),
    )


def notifications_sla_due_soon(
    *, assignee: User, case_id: UUID, reference: str, participant: str, due_at: datetime
) -> list[Notification]:
    """A case's due date is near: tell its assignee once per case and due date."""
    return notification_create(
        recipients=[assignee],
        message=Message(
            kind=NotificationKind.SLA_DUE_SOON,
            params={
                "reference": reference,
                "participant": participant,
                "due": due_at.isoformat(),
                "case": str(case_id),
            },
            link=_case_link(case_id),
            dedupe_key=f"sla:{case_id}:{due_at.isoformat()}",
        ),
    )


# --- The reader's actions ----------------------------------------------------------------------


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


# --- E-mail ------------------------------------------------------------------------------------


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
