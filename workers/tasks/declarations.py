"""Declaration tasks: bulk imports run here, off the request."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="declarations.run_import",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def run_import(import_id: str) -> None:
    """Validate and load one uploaded file (resumes safely if redelivered)."""
    from backend.declarations.services.imports import declaration_import_run

    declaration_import_run(import_id=import_id)
