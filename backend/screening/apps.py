from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """Evaluations, findings, verdict changes, flags, re-screening runs, backtests and sweeps."""

    name = "backend.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"
