"""Enqueue background work by task name, after the current transaction commits.

The backend never imports the workers package: it only knows task names. The producer app is
configured from the same settings as the worker, so both talk to the same broker.
"""

import logging
from functools import cache
from typing import Any

from celery import Celery
from django.db import transaction

logger = logging.getLogger(__name__)


@cache
def producer() -> Celery:
    """The Celery app used to send tasks (no task is registered on it)."""
    app = Celery("fxs-producer")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    return app


def send_task_now(name: str, *, kwargs: dict[str, Any] | None = None) -> None:
    """Send a task immediately; a broker failure is logged, never raised into the request.

    Work that must happen is recorded in the database first, and a periodic sweep re-sends what is
    still pending, so a broker outage delays work but loses none.
    """
    try:
        producer().send_task(name, kwargs=kwargs or {})
    except Exception:
        logger.exception("could not enqueue %s; the periodic sweep will retry", name)


def enqueue_on_commit(name: str, *, kwargs: dict[str, Any] | None = None) -> None:
    """Send a task once the surrounding transaction has committed (immediately outside one)."""
    transaction.on_commit(lambda: send_task_now(name, kwargs=kwargs))
