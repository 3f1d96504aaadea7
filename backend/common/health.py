"""Health of the moving parts: database, broker, and the worker's heartbeat."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from backend.common.models import WorkerHeartbeat
from backend.common.queue import producer

HEARTBEAT_NAME = "worker"
BROKER_CHECK_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class HealthReport:
    """What /api/v1/health/ answers."""

    status: str
    database: str
    broker: str
    last_heartbeat: datetime | None
    heartbeat_age_seconds: float | None


def heartbeat_record(*, hostname: str = "") -> WorkerHeartbeat:
    """Record that a worker is consuming the queue now (called by a periodic task)."""
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        name=HEARTBEAT_NAME, defaults={"beat_at": timezone.now(), "hostname": hostname[:255]}
    )
    return beat


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _broker_status() -> str:
    try:
        with producer().connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_CHECK_TIMEOUT_SECONDS)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def health_check() -> HealthReport:
    """Check each part; the system is `ok` only when all answer and the heartbeat is fresh."""
    database = _database_status()
    broker = _broker_status()
    beat_at: datetime | None = None
    age: float | None = None
    if database == "ok":
        beat = WorkerHeartbeat.objects.filter(name=HEARTBEAT_NAME).first()
        if beat is not None:
            beat_at = beat.beat_at
            age = max(0.0, (timezone.now() - beat.beat_at).total_seconds())
    fresh = age is not None and age <= settings.WORKER_HEARTBEAT_STALE_SECONDS
    status = "ok" if database == "ok" and broker == "ok" and fresh else "degraded"
    return HealthReport(
        status=status,
        database=database,
        broker=broker,
        last_heartbeat=beat_at,
        heartbeat_age_seconds=age,
    )
