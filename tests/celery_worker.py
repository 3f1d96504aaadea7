"""The command line of a real `celery worker` for this project, for tests and benchmarks."""

import subprocess
import sys

STOP_TIMEOUT_SECONDS = 20


def worker_command(*options: str) -> list[str]:
    """`celery worker` on the project's app without gossip and mingle (no other workers to meet),
    with `options` (pool, concurrency, log level...)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "workers.app",
        "worker",
        "--without-gossip",
        "--without-mingle",
        *options,
    ]


def stop_worker(process: subprocess.Popen) -> None:
    """Stop a worker process: SIGTERM (a warm shutdown), SIGKILL if it has not gone in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
