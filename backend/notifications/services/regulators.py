"""What regulators are told: a case assigned, a draft awaiting review, an SLA about to lapse."""

from datetime import datetime
from uuid import UUID

from django.utils import timezone

from backend.accounts.models import User
from backend.notifications.models import Notification, NotificationKind
from backend.notifications.services.base import (
    Message,
    _case_link,
    _regulators,
    notification_create,
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
