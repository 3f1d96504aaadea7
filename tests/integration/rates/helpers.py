"""Building rate payloads from the recorded files (never edited: odd cases are derived here)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from backend.rates.services.storage import IngestResult, rate_payload_ingest

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "rates"
BAM_25 = "bam_CoursVirement_2026-03-25.json"
BAM_26 = "bam_CoursVirement_2026-03-26.json"
ECB_RECENT = "ecb_sdmx_EXR_D_2026-02-17_2026-03-18.csv"
ECB_HISTORY = "ecb_sdmx_EXR_D_2025-01-01_2026-03-18.csv"
ECB_XML = "eurofxref-daily_2022-07-08.xml"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def bam_redated(name: str, on: date, *, scale: dict[str, Decimal] | None = None) -> bytes:
    """A recorded BAM answer moved to another publication date (values optionally scaled)."""
    records = json.loads(read(name), parse_float=Decimal)
    for record in records:
        record["date"] = f"{on.isoformat()}T12:30:00"
        if scale and record["libDevise"] in scale:
            record["moyen"] = record["moyen"] * scale[record["libDevise"]]
    return json.dumps(records, default=str).encode()


def ingest(payload_format: str, body: bytes, *, origin: str = "file") -> IngestResult:
    with transaction.atomic():
        return rate_payload_ingest(payload_format=payload_format, body=body, origin=origin)
