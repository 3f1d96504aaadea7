"""Declare the demonstration payments (idempotent; refused in production; needs load_demo)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backend.declarations.demo import demo_declarations_load


class Command(BaseCommand):
    help = "Declare the fictional demo payments through the real service (safe to re-run)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Demo data is never loaded with production settings (FXS_ENV=production)."
            )
        loaded = demo_declarations_load()
        self.stdout.write(
            f"demo declarations: {loaded.created} declared now, {loaded.existing} already there "
            "(the worker converts and screens them)"
        )
