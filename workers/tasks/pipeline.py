"""Pipeline tasks: convert and screen declarations by id; re-send what stays pending."""

from datetime import timedelta

from celery import shared_task
from django.db import OperationalError

# A declaration still pending this long was probably lost on the way (broker outage, crash).
PENDING_GRACE = timedelta(minutes=5)


@shared_task(
    name="pipeline.process_declarations",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def process_declarations(declaration_ids: list[str]) -> None:
    """Convert and screen these declarations (skips any no longer pending: safe to redeliver)."""
    from backend.declarations.pipeline import declarations_process

    declarations_process(declaration_ids=declaration_ids)


@shared_task(name="pipeline.sweep_pending", ignore_result=True)
def sweep_pending() -> None:
    """Re-send declarations still pending after the grace period."""
    from backend.declarations.pipeline import declarations_sweep_pending

    declarations_sweep_pending(older_than=PENDING_GRACE)
