"""Health: database, broker, and the worker heartbeat sent by a real worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.common.health import HEARTBEAT_NAME
from backend.common.models import WorkerHeartbeat
from backend.common.queue import send_task_now
from tests.integration.conftest import wait_until


@pytest.mark.django_db
def test_no_heartbeat_is_degraded(api_client):
    response = api_client.get("/api/v1/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker"]["last_heartbeat"] is None


@pytest.mark.django_db
def test_stale_heartbeat_is_degraded(api_client, settings):
    stale = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS + 5)
    WorkerHeartbeat.objects.create(name=HEARTBEAT_NAME, beat_at=stale)
    body = api_client.get("/api/v1/health/").json()
    assert body["status"] == "degraded"
    assert body["worker"]["age_seconds"] >= settings.WORKER_HEARTBEAT_STALE_SECONDS


@pytest.mark.django_db
def test_fresh_heartbeat_is_ok(api_client):
    WorkerHeartbeat.objects.create(name=HEARTBEAT_NAME, beat_at=timezone.now())
    body = api_client.get("/api/v1/health/").json()
    assert body["status"] == "ok"


@pytest.mark.worker
def test_a_real_worker_beats_through_the_broker(celery_worker_process, api_client):
    # Given a real worker on the configured broker, when the heartbeat task is sent by name,
    send_task_now("platform.heartbeat")
    # then the worker records it and health reports ok with that heartbeat.
    wait_until(
        lambda: WorkerHeartbeat.objects.filter(name=HEARTBEAT_NAME).exists(),
        timeout=30,
        message="no heartbeat recorded by the worker",
    )
    body = api_client.get("/api/v1/health/").json()
    assert body["status"] == "ok"
    assert body["worker"]["age_seconds"] < 30


def test_beat_schedule_sends_the_heartbeat_every_30_seconds():
    from workers.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["worker-heartbeat"] == {"task": "platform.heartbeat", "schedule": 30.0}
