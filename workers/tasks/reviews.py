"""Review tasks: mark overdue cases (idempotent)."""

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
    """Mark cases past their SLA overdue and email their assignees."""
    from backend.reviews.services.overdue import cases_mark_overdue

    cases_mark_overdue()
