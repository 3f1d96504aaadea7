"""`check_rulebooks`: every rulebook file validates and cites its values as its tags require."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.rule_engine.plural import plural
from backend.rulebooks.checks import rulebook_files_check
from backend.rulebooks.seed import RULEBOOK_DIR


class Command(BaseCommand):
    help = (
        "Check rulebook files (default: fixtures/rulebooks/*.yaml): schema, citations that match "
        "each confidence tag, and no official or press tag on a proposed value that differs from "
        "the rules in force. Exits non-zero listing every problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Rulebook YAML/JSON files.")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["files"] or sorted(RULEBOOK_DIR.glob("*.yaml"))
        problems = rulebook_files_check(paths=paths)
        if problems:
            raise CommandError(
                plural("en", len(problems), "# problem", "# problems")
                + " in the rulebook files:\n"
                + "\n".join(f"  {p}" for p in problems)
            )
        counted = plural("en", len(paths), "# rulebook file", "# rulebook files")
        self.stdout.write(f"{counted} checked: every citation holds.")
