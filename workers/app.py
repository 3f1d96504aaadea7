"""The Celery application: configured from Django settings, tasks found in `workers.tasks`."""

import os

from celery import Celery

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
