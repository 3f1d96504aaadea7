"""Provider health: last attempt, success and error, and the next run, one row per provider."""

from datetime import datetime

from django.db import transaction

from backend.rates.models import ProviderHealth

# The stored error text is for a regulator to read, not a trace.
ERROR_TEXT_LIMIT = 500


def provider_health_attempt(*, source: str, at: datetime) -> ProviderHealth:
    """Record that a fetch of `source` started."""
    with transaction.atomic():
        health, _ = ProviderHealth.objects.select_for_update().get_or_create(source=source)
        health.last_attempt_at = at
        health.save(update_fields=["last_attempt_at"])
        return health


def provider_health_success(
    *, source: str, at: datetime, next_run_at: datetime | None
) -> ProviderHealth:
    """Record a successful fetch (the last error stays visible with its time)."""
    with transaction.atomic():
        health, _ = ProviderHealth.objects.select_for_update().get_or_create(source=source)
        health.last_success_at = at
        health.consecutive_failures = 0
        health.next_run_at = next_run_at
        health.save()
        return health


def provider_health_failure(
    *, source: str, at: datetime, error: str, next_run_at: datetime | None
) -> ProviderHealth:
    """Record a failed fetch and when it will be tried again."""
    with transaction.atomic():
        health, _ = ProviderHealth.objects.select_for_update().get_or_create(source=source)
        health.last_error_at = at
        health.last_error = error[:ERROR_TEXT_LIMIT]
        health.consecutive_failures += 1
        health.next_run_at = next_run_at
        health.save()
        return health
