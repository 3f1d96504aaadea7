from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Cross-cutting pieces: errors, pagination, permissions, health, the task queue."""

    name = "backend.common"
    label = "common"
