"""Review tasks: warn of cases falling due, mark overdue cases (both idempotent)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="reviews.mark_overdue",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def mark_overdue() -> None:
    """Warn assignees of cases due soon; mark cases past their SLA overdue and email them."""
    from backend.reviews.services.overdue import cases_mark_overdue, cases_warn_due_soon

    cases_warn_due_soon()
    cases_mark_overdue()
