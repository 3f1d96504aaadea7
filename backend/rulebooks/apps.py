from django.apps import AppConfig


class RulebooksConfig(AppConfig):
    """Rulebooks, their versions and lifecycle, and the sandbox cohorts that trial a proposal."""

    name = "backend.rulebooks"
    label = "rulebooks"
