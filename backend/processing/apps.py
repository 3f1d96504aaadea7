from django.apps import AppConfig


class ProcessingConfig(AppConfig):
    """The flow: declare → convert → screen → flag → case, driven by the apps' events."""

    name = "backend.processing"
    label = "processing"
