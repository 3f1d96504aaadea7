from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Cross-cutting pieces: errors, pagination, permissions, health, the task queue."""

    name = "backend.common"
    label = "common"

    def ready(self) -> None:
        # Datetimes leave in UTC (the API contract) and far dates never get in, for every
        # serializer field including the ones added later.
        from backend.common import wire

        wire.install()
