"""The beat schedule, in code: each entry says what it does and why at that cadence."""

from typing import Any

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Proves a worker is consuming the queue; /api/v1/health/ calls it stale after 90 s
    # (three missed beats), so one slow beat never flips the health to degraded.
    "worker-heartbeat": {"task": "platform.heartbeat", "schedule": 30.0},
    # Re-sends declarations still awaiting conversion/screening after 5 minutes (a lost message
    # or a broker outage); every minute so a recovery is picked up quickly, while the 5-minute
    # grace keeps it from racing the normal after-commit hand-off.
    "pipeline-sweep-pending": {"task": "pipeline.sweep_pending", "schedule": 60.0},
}
