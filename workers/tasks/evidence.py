"""Evidence tasks: build an export's file. Idempotent (a finished export is left alone), so
`acks_late` redelivery is safe."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="evidence.build_export",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def build_export(export_id: str) -> None:
    """Build one export of an evidence pack."""
    from backend.evidence.services import evidence_export_build

    evidence_export_build(export_id=export_id)


@shared_task(
    name="evidence.refresh",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def refresh() -> None:
    """Compute again the dashboard's stored evidence that a change has made out of date."""
    from backend.evidence.aggregates import evidence_aggregates_refresh

    evidence_aggregates_refresh()
