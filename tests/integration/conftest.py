"""A real Celery worker process for the tests whose behaviour depends on the broker and worker."""

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from backend.common.queue import producer
from tests.celery_worker import stop_worker, worker_command

ROOT = Path(__file__).resolve().parents[2]
WORKER_READY_TIMEOUT_SECONDS = 60


def _test_database_url() -> str:
    """The URL of the database the tests run on, for the worker process to share."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}{host}:{settings.get('PORT') or 5432}/{settings['NAME']}"


def wait_until(predicate: Callable[[], bool], *, timeout: float, message: str) -> None:
    """Poll until `predicate()` holds, or fail with `message`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(message)


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path) -> Iterator[subprocess.Popen]:
    """A real `celery worker` on the configured broker, sharing the test database.

    The queue is purged first so messages left by earlier tests are not replayed here.
    """
    producer().control.purge()
    env = dict(os.environ, DATABASE_URL=_test_database_url())
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        worker_command(
            "--loglevel", "INFO", "--concurrency", "1", "--pool", "solo", "--without-heartbeat"
        ),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(
            lambda: b"ready." in log_path.read_bytes() or process.poll() is not None,
            timeout=WORKER_READY_TIMEOUT_SECONDS,
            message="the worker did not become ready",
        )
        assert process.poll() is None, log_path.read_text(errors="replace")
        process.log_path = log_path  # type: ignore[attr-defined]
        yield process
    finally:
        stop_worker(process)
        log.close()
