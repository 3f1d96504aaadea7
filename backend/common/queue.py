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


# Longer argument lists are summarised in task logs and monitoring (a message may carry a
# thousand declaration ids; Celery would otherwise render every one).
REPR_ITEMS = 3


def _short_repr(kwargs: dict[str, Any]) -> str:
    """The task's keyword arguments as logs show them, long lists cut to their first items."""
    parts = []
    for key, value in kwargs.items():
        if isinstance(value, list | tuple) and len(value) > REPR_ITEMS:
            shown = ", ".join(repr(v) for v in value[:REPR_ITEMS])
            parts.append(f"{key!r}: [{shown}, … {len(value)} in all]")
        else:
            parts.append(f"{key!r}: {value!r}")
    return "{" + ", ".join(parts) + "}"


def send_task_now(name: str, *, kwargs: dict[str, Any] | None = None) -> None:
    """Send a task immediately; a broker failure is logged, never raised into the request.

    Work that must happen is recorded in the database first, and a periodic sweep re-sends what is
    still pending, so a broker outage delays work but loses none.
    """
    kwargs = kwargs or {}
    try:
        producer().send_task(name, kwargs=kwargs, kwargsrepr=_short_repr(kwargs))
    except Exception:
        logger.exception("could not enqueue %s; the periodic sweep will retry", name)


def enqueue_on_commit(name: str, *, kwargs: dict[str, Any] | None = None) -> None:
    """Send a task once the surrounding transaction has committed (immediately outside one)."""
    transaction.on_commit(lambda: send_task_now(name, kwargs=kwargs))
