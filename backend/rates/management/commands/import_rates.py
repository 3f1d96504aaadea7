"""`import_rates --source bam|ecb-xml|ecb-csv --file PATH`: load a saved answer of a source."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.rates.models import PayloadOrigin
from backend.rates.providers import PARSERS
from backend.rates.services.imports import rate_file_import


class Command(BaseCommand):
    help = "Load a saved rate answer through the same parser as the live fetcher."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", required=True, choices=sorted(PARSERS))
        parser.add_argument("--file", required=True, type=Path)

    def handle(self, *args: Any, source: str, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        outcome = rate_file_import(
            payload_format=source,
            body=file.read_bytes(),
            filename=file.name,
            origin=PayloadOrigin.FILE,
        )
        payload = outcome.result.payload
        if outcome.result.quarantined:
            raise CommandError(f"quarantined ({payload.reason}): {payload.detail}")
        if outcome.result.duplicate:
            self.stdout.write(f"{file.name}: already stored, nothing to do")
            return
        self.stdout.write(
            f"{file.name}: {payload.rows_new} new, {payload.rows_revised} revised, "
            f"{payload.rows_unchanged} unchanged rates ({payload.first_date} to "
            f"{payload.last_date})"
        )
        self.stdout.write(
            "the workers re-convert and re-screen the declarations these rates change"
        )
