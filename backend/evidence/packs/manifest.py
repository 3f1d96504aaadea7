"""A pack's manifest: what its figures rest on and the SHA-256 of every file it holds.

The manifest names the filters and audience, the cut-off, the disclosure parameters, the rulebook
versions (with their content hashes and one hash of the set), the rate rows behind the
conversions (one hash of the set), the engine, code and library versions, the hash of the frozen
inputs and, per file of the pack, its SHA-256. Its own hash is the pack's identity.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings

PACKAGE = "fx-sandbox-tracker"
GIT_TIMEOUT_SECONDS = 2
# 3: the methodology names the rate used and counts the conversions per method.
# 4: the per-rule coverage report of every rulebook version, frozen at the cut-off.
# 5: charts at a readable size (150 dpi, 9 points and more), whole-number ticks, allowances named
#    by their rule's title; "aucun" for no filter in French.
# 6: every file wholly in French and in English: rules.json names each rule and rulebook in both
#    languages, the workbook has a sheet per table in each language, the report a French and an
#    English part (`exports.labels.BILINGUAL_FORMAT`).
MANIFEST_FORMAT = 6
MANIFEST_NAME = "manifest.json"
# The libraries whose output bytes a rebuild depends on (charts, workbook, report, tables).
LIBRARIES = ("matplotlib", "reportlab", "openpyxl", "numpy", "pandas")


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


@cache
def library_versions() -> dict[str, str]:
    """The installed version of each library the files' bytes depend on."""
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "unknown"
    return out


def utc_text(moment: datetime) -> str:
    """An aware datetime as ISO 8601 UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def cutoff_of(manifest: dict[str, Any]) -> datetime:
    """The manifest's cut-off as an aware datetime."""
    return datetime.fromisoformat(manifest["cutoff"].replace("Z", "+00:00"))


def manifest_body(
    *,
    pack_id: str,
    audience: str,
    filters: dict[str, Any],
    disclosure: dict[str, Any] | None,
    cutoff: datetime,
    versions: list[dict[str, Any]],
    rate_set: dict[str, Any],
    engine_version: str,
    inputs: dict[str, Any],
    coverage: list[dict[str, Any]],
) -> dict[str, Any]:
    """Everything the manifest says but the files' hashes; `coverage` is the per-rule coverage
    report of each rulebook version over the period, as frozen at the cut-off."""
    return {
        "format": MANIFEST_FORMAT,
        "pack": pack_id,
        "audience": audience,
        "filters": filters,
        "cutoff": utc_text(cutoff),
        "disclosure": disclosure,
        "rulebook_versions": versions,
        "rulebook_versions_hash": sha256(canonical_json(versions)),
        "rate_set": rate_set,
        "engine_version": engine_version,
        "code_version": code_version(),
        "libraries": library_versions(),
        "inputs": inputs,
        "coverage_report": coverage,
    }


def with_files(body: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    """The manifest: its body and the SHA-256 of every other file of the pack."""
    return {**body, "files": {name: sha256(data) for name, data in sorted(files.items())}}
