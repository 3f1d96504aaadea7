from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit trail."""

    name = "backend.audit"
    label = "audit"
