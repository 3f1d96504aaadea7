"""The beat schedule, in code: each entry says what it does and why at that cadence."""

from typing import Any

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Proves a worker is consuming the queue; /api/v1/health/ calls it stale after 90 s
    # (three missed beats), so one slow beat never flips the health to degraded.
    "worker-heartbeat": {"task": "platform.heartbeat", "schedule": 30.0},
}
