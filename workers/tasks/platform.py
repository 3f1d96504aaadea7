"""Platform tasks: the worker heartbeat."""

import socket

from celery import shared_task


@shared_task(name="platform.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Record that this worker is alive (an upsert: safe to run twice)."""
    from backend.common.health import heartbeat_record

    heartbeat_record(hostname=socket.gethostname())
