"""`load_rulebooks`: the shipped rulebooks as published version 1 (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.rulebooks.seed import rulebooks_load_demo, rulebooks_load_shipped


class Command(BaseCommand):
    help = (
        "Load fixtures/rulebooks/*.yaml as published version 1 of each rulebook (safe to re-run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo-cohort",
            action="store_true",
            help="Also create the demo cohort (needs the demo organisations: run load_demo first).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for outcome in rulebooks_load_shipped():
            state = "created" if outcome.created else "already loaded"
            version = outcome.version
            self.stdout.write(
                f"{outcome.file}: {version.rulebook.name} v{version.number} "
                f"effective {version.effective_from.isoformat()} ({state})"
            )
        if options["demo_cohort"]:
            cohort = rulebooks_load_demo()
            window = f"{cohort.starts_on.isoformat()}..{cohort.ends_on.isoformat()}"
            self.stdout.write(
                f"cohort {cohort.name}: {window}, "
                f"{cohort.participants.count()} participants ({cohort.status})"
            )
