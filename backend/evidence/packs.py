"""Evidence pack manifests and the pack's data files, a pure function of the manifest and the
stored data it names (the generation timestamp lives on the model, never in the files)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings

from backend.evidence import frames
from backend.evidence.disclosure import DisclosureParams
from backend.evidence.exports.charts import chart_pngs
from backend.evidence.exports.report import pdf_bytes
from backend.evidence.exports.tabular import csv_bytes, table_records
from backend.evidence.exports.workbook import ZIP_EPOCH, xlsx_bytes
from backend.evidence.present import measures_payload
from backend.rates.models import Conversion
from backend.rule_engine import ENGINE_VERSION
from backend.rulebooks.models import RulebookVersion
from backend.screening.versions import version_info

PACKAGE = "fx-sandbox-tracker"
GIT_TIMEOUT_SECONDS = 2
MANIFEST_FORMAT = 1
CSV_NAME = "measures.csv"
XLSX_NAME = "evidence.xlsx"
PDF_NAME = "report.pdf"
CHARTS_DIR = "charts/"


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes a hash is taken of."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    """Hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


@cache
def code_version() -> str:
    """The package version plus the git commit when the source tree has one, else "unknown"."""
    try:
        package = version(PACKAGE)
    except PackageNotFoundError:
        package = "unknown"
    git = shutil.which("git")
    try:
        if git is None:
            raise OSError("git is not installed")
        commit = subprocess.run(  # noqa: S603 (a fixed argv, no user input)
            [git, "rev-parse", "HEAD"],
            cwd=Path(settings.BASE_DIR),
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return f"{package}+{commit or 'unknown'}"


def _rate_snapshot(scope: Any) -> dict[str, Any]:
    # Rate rows are append-only (a correction is a new row), so their ids name their values.
    through = Conversion.rate_rows.through
    ids = sorted(
        set(
            through.objects.filter(conversion__declaration__in=scope).values_list(
                "raterow_id", flat=True
            )
        )
    )
    return {"rows": len(ids), "hash": sha256(",".join(str(i) for i in ids).encode())}


def manifest_build(
    *,
    filters: frames.EvidenceFilters,
    audience: str,
    params: DisclosureParams | None,
    cutoff: datetime,
) -> dict[str, Any]:
    """Everything needed to rebuild the pack's data files."""
    scope = frames.declaration_scope(filters, cutoff)
    return {
        "format": MANIFEST_FORMAT,
        "audience": audience,
        "filters": filters.as_dict(),
        "cutoff": cutoff.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "rulebook_versions": frames.versions_in_scope(scope, filters),
        "rate_snapshot": _rate_snapshot(scope),
        "engine_version": ENGINE_VERSION,
        "code_version": code_version(),
        "disclosure": params.as_dict() if params else None,
    }


def manifest_cutoff(manifest: dict[str, Any]) -> datetime:
    """The manifest's cutoff as an aware datetime."""
    return datetime.fromisoformat(manifest["cutoff"].replace("Z", "+00:00"))


def rulebook_rules(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rule of the manifest's versions with its citation and confidence tag."""
    versions = RulebookVersion.objects.select_related("rulebook").in_bulk(
        [v["id"] for v in manifest["rulebook_versions"]]
    )
    out = []
    for entry in manifest["rulebook_versions"]:
        found = versions.get(entry["id"])  # in_bulk keys are UUIDs on some backends
        if found is None:
            found = next(v for k, v in versions.items() if str(k) == entry["id"])
        info = version_info(found)
        for rule in info.rulebook.rules:
            out.append(
                {
                    "version": f"{info.rulebook_name} v{info.number} ({info.kind})",
                    "rule_id": rule.id,
                    "title": rule.title_en,
                    "citation": rule.citation.label(),
                    "confidence": str(rule.confidence),
                }
            )
    return out


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    return out.getvalue()


def pack_files(
    manifest: dict[str, Any], progress: Callable[[int], None] | None = None
) -> dict[str, bytes]:
    """The pack's data files, by name: CSV, XLSX, PDF, PNG charts and the manifest itself."""
    from backend.evidence.selectors import evidence_cubes, published_filter

    step = progress or (lambda _: None)
    filters = frames.EvidenceFilters.from_dict(manifest["filters"])
    cutoff = manifest_cutoff(manifest)
    disclosure = manifest["disclosure"]
    params = DisclosureParams(**disclosure) if disclosure else None
    cubes, _ = evidence_cubes(filters=filters, cutoff=cutoff, params=params)
    step(40)
    where = published_filter(filters) if params is not None else None
    payload = measures_payload(cubes, where=where, params=params)
    rules = rulebook_rules(manifest)
    charts = chart_pngs(payload)
    step(60)
    files = {
        CSV_NAME: csv_bytes(table_records(payload)),
        XLSX_NAME: xlsx_bytes(payload, manifest, rules, cutoff.replace(tzinfo=None)),
    }
    step(75)
    files[PDF_NAME] = pdf_bytes(payload, manifest, rules, charts)
    files.update({CHARTS_DIR + name: data for name, data in charts.items()})
    files["manifest.json"] = canonical_json(manifest)
    step(90)
    return files


def format_file(files: dict[str, bytes], fmt: str) -> tuple[bytes, str]:
    """The downloadable bytes and file name of one export format."""
    if fmt == "csv":
        return files[CSV_NAME], CSV_NAME
    if fmt == "xlsx":
        return files[XLSX_NAME], XLSX_NAME
    if fmt == "pdf":
        return files[PDF_NAME], PDF_NAME
    if fmt == "png":
        charts = {k: v for k, v in files.items() if k.startswith(CHARTS_DIR)}
        return _zip(charts), "charts.zip"
    return _zip(files), "evidence-pack.zip"


def file_hashes(files: dict[str, bytes]) -> dict[str, str]:
    """SHA-256 of each data file."""
    return {name: sha256(data) for name, data in sorted(files.items())}
