"""A real Celery worker for the benchmarks that time work through the broker.

Import after `benchmarks.workdir.django_in_workdir` (it reads the configured database and broker).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from backend.common.queue import producer
from tests.celery_worker import worker_command

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """The benchmark's database as a URL, for the processes it starts."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return os.environ["DATABASE_URL"]


def start_worker(workdir: Path) -> subprocess.Popen[bytes]:
    """A real `celery worker` (prefork, two processes, as the run command starts it) on the
    configured broker, its queue purged of the setup's messages first; ready when it answers a
    ping (the broker delivers to it). Its log is `worker.log` in `workdir`."""
    producer().control.purge()
    log_path = workdir / "worker.log"
    process = subprocess.Popen(
        worker_command("--loglevel", "WARNING", "--concurrency", "2"),
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=database_url()),
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the worker exited: {log_path.read_text(errors='replace')[-2000:]}")
        if producer().control.ping(timeout=0.5):
            return process
    sys.exit("the worker did not answer within 60 s")
