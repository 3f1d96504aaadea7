"""The Celery application: configured from Django settings, tasks found in `workers.tasks`."""

import os

from celery import Celery
from celery.signals import worker_init

from workers.schedule import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

app = Celery("fxs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = BEAT_SCHEDULE
app.conf.include = [
    "workers.tasks.platform",
    "workers.tasks.rates",
    "workers.tasks.processing",
    "workers.tasks.declarations",
    "workers.tasks.screening",
    "workers.tasks.reviews",
    "workers.tasks.evidence",
    "workers.tasks.notifications",
]


@worker_init.connect
def warm_pool(**_: object) -> None:
    """The worker loads the publication calendars before its pool starts (its processes inherit
    them), rather than in each process's first task while someone waits for a verdict. Runs after
    Celery's Django set-up (connected later); touches no database connection."""
    from backend.config.warm import warm_calendars

    warm_calendars()
