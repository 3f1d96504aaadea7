"""`verify_pack FILE.zip [--language fr|en]`: check a downloaded evidence pack offline, without
a database, saying what it found in French or in English (by default the server's language)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.evidence.packs.offline import check_lines, pack_check

LANGUAGES = ("fr", "en")
FAILURES = {
    "fr": {"no_file": "{path} n'est pas un fichier", "fails": "le dossier ne se vérifie pas"},
    "en": {"no_file": "{path} is not a file", "fails": "the pack does not verify"},
}


def default_language() -> str:
    """The server's language when it is French or English, else English."""
    code = str(getattr(settings, "LANGUAGE_CODE", "en")).split("-")[0].lower()
    return code if code in LANGUAGES else "en"


class Command(BaseCommand):
    help = (
        "Check an evidence pack file offline: every file against the SHA-256 in its manifest, "
        "nothing missing or added, and the CSV, XLSX, PDF and charts rebuilt from the pack's own "
        "figures to the same bytes. Needs no database. / Vérifie un dossier de preuves hors "
        "ligne : chaque fichier contre l'empreinte de son manifeste, rien de manquant ni "
        "d'ajouté, et chaque fichier reconstruit à l'identique depuis les chiffres du dossier."
    )
    # Offline: no system checks, no migration check, so no database connection is ever made.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The pack's zip file.")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=None,
            help="Write the results in French (fr) or English (en); by default the server's "
            "language (LANGUAGE_CODE), else English.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        language = options["language"] or default_language()
        failures = FAILURES[language]
        if not path.is_file():
            raise CommandError(failures["no_file"].format(path=path))
        check = pack_check(path.read_bytes())
        for line in check_lines(check, language):
            self.stdout.write(line)
        if not check.ok:
            raise CommandError(failures["fails"])
