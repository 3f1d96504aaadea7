from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    """Declarations, their versions, documents, bulk imports and idempotency keys."""

    name = "backend.declarations"
    label = "declarations"
