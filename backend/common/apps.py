from datetime import UTC, tzinfo

from django.apps import AppConfig


def _utc(field: object) -> tzinfo:
    return UTC


class CommonConfig(AppConfig):
    """Cross-cutting pieces: errors, pagination, permissions, health, the task queue."""

    name = "backend.common"
    label = "common"

    def ready(self) -> None:
        # Datetimes travel in UTC (API contract). DRF converts to the *current* time zone
        # (Africa/Casablanca, which the app keeps for "today" and schedules) before formatting,
        # so every DateTimeField, declared or generated, would otherwise carry local wall time.
        # Setting it here, once, covers every serializer, including the ones added later.
        from rest_framework import fields

        fields.DateTimeField.default_timezone = _utc  # type: ignore[method-assign,assignment]
