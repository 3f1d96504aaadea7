"""The command line of a real `celery worker` for this project, for tests and benchmarks."""

import sys


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
