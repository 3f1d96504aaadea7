"""`verify_pack FILE.zip`: check a downloaded evidence pack offline, without a database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.evidence.packs.offline import check_lines, pack_check


class Command(BaseCommand):
    help = (
        "Check an evidence pack file offline: every file against the SHA-256 in its manifest, "
        "nothing missing or added, and the CSV, XLSX, PDF and charts rebuilt from the pack's own "
        "figures to the same bytes. Needs no database."
    )
    # Offline: no system checks, no migration check, so no database connection is ever made.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The pack's zip file.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        check = pack_check(path.read_bytes())
        for line in check_lines(check):
            self.stdout.write(line)
        if not check.ok:
            raise CommandError("the pack does not verify")
