"""Importing a saved rate file (command, regulator upload, offline demo).

Storing it publishes "rates published": the processing room re-converts and re-screens what the
new rows change, on the workers.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from backend.rates.models import PayloadOrigin
from backend.rates.services.storage import IngestResult, rate_payload_ingest

# The offline demo's rates: the recorded answers bundled in fixtures/rates/ (see PROVENANCE.md).
DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "rates"
DEMO_FILES: tuple[tuple[str, str], ...] = (
    ("ecb-csv", "ecb_sdmx_EXR_D_2025-01-01_2026-03-18.csv"),
    ("ecb-csv", "ecb_sdmx_EXR_D_2026-02-17_2026-03-18.csv"),
    ("ecb-xml", "eurofxref-daily_2022-07-08.xml"),
    ("bam", "bam_CoursVirement_2026-03-25.json"),
    ("bam", "bam_CoursVirement_2026-03-26.json"),
)


@dataclass(frozen=True)
class ImportOutcome:
    """The stored payload (or the one holding the same rates already, or its quarantine)."""

    result: IngestResult


def rate_file_import(
    *, payload_format: str, body: bytes, filename: str, origin: str, actor: Any = None
) -> ImportOutcome:
    """Store a saved answer through the live parser; what it changes is re-converted after."""
    with transaction.atomic():
        result = rate_payload_ingest(
            payload_format=payload_format,
            body=body,
            origin=origin,
            filename=filename,
            actor=actor,
        )
    return ImportOutcome(result=result)


def rates_load_demo() -> list[tuple[str, ImportOutcome]]:
    """Load every bundled recorded file; a second run stores nothing new."""
    return [
        (
            name,
            rate_file_import(
                payload_format=payload_format,
                body=(DEMO_DIR / name).read_bytes(),
                filename=name,
                origin=PayloadOrigin.FILE,
            ),
        )
        for payload_format, name in DEMO_FILES
    ]
