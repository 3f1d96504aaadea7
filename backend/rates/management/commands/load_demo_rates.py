"""`load_demo_rates`: load the bundled recorded rate files (idempotent; no network)."""

from typing import Any

from django.core.management.base import BaseCommand

from backend.rates.services.imports import DEMO_FILES, rates_load_demo


class Command(BaseCommand):
    help = "Load the recorded BAM and ECB answers bundled in fixtures/rates/ (safe to re-run)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, outcome in rates_load_demo():
            state = "already stored" if outcome.result.duplicate else "stored"
            if outcome.result.quarantined:
                state = f"quarantined ({outcome.result.payload.reason})"
            self.stdout.write(f"{name}: {state}")
        self.stdout.write(f"{len(DEMO_FILES)} bundled rate files checked")
