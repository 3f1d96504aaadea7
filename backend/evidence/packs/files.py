"""The files of a pack, a pure function of its published figures (`measures.json`), the rules
they rest on (`rules.json`) and its manifest: so a rebuild gives the same bytes, and a
downloaded pack can be rebuilt from itself without a database."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from backend.evidence.exports.charts import chart_pngs
from backend.evidence.exports.report import pdf_bytes
from backend.evidence.exports.tabular import csv_bytes
from backend.evidence.exports.workbook import ZIP_EPOCH, xlsx_bytes
from backend.evidence.packs.manifest import (
    MANIFEST_NAME,
    canonical_json,
    cutoff_of,
    with_files,
)

MEASURES_NAME = "measures.json"
RULES_NAME = "rules.json"
CSV_NAME = "measures.csv"
XLSX_NAME = "evidence.xlsx"
PDF_NAME = "report.pdf"
CHARTS_DIR = "charts/"
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "pdf": "pdf", "png": "zip", "pack": "zip"}


def derived_files(
    payload: dict[str, Any], body: dict[str, Any], rules: list[dict[str, Any]]
) -> dict[str, bytes]:
    """The CSV, XLSX, PDF and PNG charts, from the figures, the manifest's body and the rules."""
    charts = chart_pngs(payload, body, rules)
    files = {
        CSV_NAME: csv_bytes(payload, body, rules),
        XLSX_NAME: xlsx_bytes(payload, body, rules, cutoff_of(body).replace(tzinfo=None)),
        PDF_NAME: pdf_bytes(payload, body, rules, charts),
    }
    files.update({CHARTS_DIR + name: data for name, data in charts.items()})
    return files


def pack_files(
    payload: dict[str, Any], body: dict[str, Any], rules: list[dict[str, Any]]
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every file of the pack, by name, and its manifest (which lists their hashes). The figures
    and rules go through their JSON form first, exactly as a check rebuilds them from the pack."""
    payload, rules = json.loads(canonical_json(payload)), json.loads(canonical_json(rules))
    files = {
        MEASURES_NAME: canonical_json(payload),
        RULES_NAME: canonical_json(rules),
        **derived_files(payload, body, rules),
    }
    manifest = with_files(body, files)
    files[MANIFEST_NAME] = canonical_json(manifest)
    return files, manifest


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of the files, sorted, every entry stamped with the same fixed time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    return out.getvalue()


def file_stem(manifest: dict[str, Any]) -> str:
    """A download name's stem: what it is, the period, the filters and the edition — published
    (suppressed and rounded) or the regulator's exact figures
    (``impact-evidence-2026-cluster-MNC-published``)."""
    filters = manifest["filters"]
    start, end = filters["date_from"], filters["date_to"]
    if start[5:] == "01-01" and end[5:] == "12-31" and start[:4] == end[:4]:
        period = start[:4]
    else:
        period = f"{start}_{end}"
    chosen = [
        f"{key}-{value}"
        for key, value in sorted(filters.items())
        if value is not None and not key.startswith("date")
    ]
    edition = "published" if manifest.get("disclosure") else "regulator-exact"
    parts = ["impact-evidence", period, *(chosen or ["all"]), edition]
    safe = "-".join(parts)
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in safe)


def format_file(files: dict[str, bytes], fmt: str, manifest: dict[str, Any]) -> tuple[bytes, str]:
    """The downloadable bytes and file name of one export format."""
    stem = file_stem(manifest)
    # Every file is written in French then English (the charts once in each): ``fr-en``.
    if fmt == "csv":
        return files[CSV_NAME], f"{stem}-fr-en.csv"
    if fmt == "xlsx":
        return files[XLSX_NAME], f"{stem}-fr-en.xlsx"
    if fmt == "pdf":
        return files[PDF_NAME], f"{stem}-report-fr-en.pdf"
    if fmt == "png":
        charts = {k: v for k, v in files.items() if k.startswith(CHARTS_DIR)}
        return zip_bytes(charts), f"{stem}-charts-fr-en.zip"
    return zip_bytes(files), f"{stem}-pack-fr-en.zip"
