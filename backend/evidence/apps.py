from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Impact measures, disclosure control, exports and reproducible evidence packs."""

    name = "backend.evidence"
    label = "evidence"
    default_auto_field = "django.db.models.BigAutoField"
