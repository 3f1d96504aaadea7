"""Models shared by every app."""

import uuid

from django.db import models


class UUIDModel(models.Model):
    """A model whose public id is a UUID (ids are never sequential on the wire)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The last time a named worker process proved it was consuming the queue."""

    name = models.CharField(max_length=100, primary_key=True)
    beat_at = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at.isoformat()}"
