"""Screening tasks: re-screening chunks, stalled-run resume, backtests and sweeps. Each is
idempotent, so `acks_late` redelivery is safe."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="screening.rescreen_chunk",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def rescreen_chunk(chunk_id: int) -> None:
    """Screen one chunk of a re-screening run (a done chunk is skipped)."""
    from backend.screening.services.runs import screening_run_chunk

    screening_run_chunk(chunk_id=chunk_id)


@shared_task(name="screening.resume_runs", ignore_result=True)
def resume_runs() -> None:
    """Re-send chunks of runs that stalled (a worker died mid-chunk)."""
    from backend.screening.services.runs import screening_runs_resume

    screening_runs_resume()


@shared_task(
    name="screening.run_backtest",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def run_backtest(backtest_id: str) -> None:
    """Run a backtest (restarts cleanly if redelivered; a finished one is left alone)."""
    from backend.screening.services.analysis import backtest_run

    backtest_run(backtest_id=backtest_id)


@shared_task(
    name="screening.run_sweep",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def run_sweep(sweep_id: str) -> None:
    """Run a parameter sweep (restarts cleanly if redelivered)."""
    from backend.screening.services.analysis import sweep_run

    sweep_run(sweep_id=sweep_id)


@shared_task(
    name="screening.deadlines_passed",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def deadlines_passed() -> None:
    """Re-screen the receipts still expected whose due date just passed (idempotent)."""
    from backend.screening.services.deadlines import screening_deadlines_passed

    screening_deadlines_passed()
