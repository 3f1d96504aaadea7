"""What startups are told: a regulator's request or decision, changed verdicts, an allowance
crossing a threshold."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.utils import timezone

from backend.accounts.models import Organisation, User
from backend.common.queue import enqueue_on_commit
from backend.common.roles import Role
from backend.notifications.models import Notification, NotificationKind
from backend.notifications.services.base import (
    SEND_EMAILS_TASK,
    Message,
    _declaration_link,
    _startup_members,
    _wants_email,
    notification_create,
)


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
