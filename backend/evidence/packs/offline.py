"""Checking a downloaded pack without a database: every file listed in the manifest with the
SHA-256 it has, none missing, none added, and every file derived from the figures rebuilt from
the pack's own `measures.json`, `rules.json` and manifest to the same bytes (when the installed
chart, report and workbook libraries are the versions that built it)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from backend.evidence.packs.files import MEASURES_NAME, RULES_NAME, derived_files
from backend.evidence.packs.manifest import MANIFEST_NAME, library_versions, sha256

# A pack holds a dozen files of a few megabytes at most: anything far beyond is refused unread
# (a zip bomb decompresses to gigabytes).
MAX_ENTRIES = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
FILE_OK = "ok"
FILE_CHANGED = "changed"
FILE_MISSING = "missing"
FILE_UNLISTED = "unlisted"
# Why a file is no pack at all: too large, not a zip, no manifest, a manifest that cannot be read.
TOO_LARGE = "too_large"
NOT_ZIP = "not_zip"
NO_MANIFEST = "no_manifest"
BAD_MANIFEST = "bad_manifest"
UNREADABLE = (TOO_LARGE, NOT_ZIP, NO_MANIFEST, BAD_MANIFEST)
REBUILT_SAME = "rebuilt identical"
REBUILT_DIFFERENT = "rebuilt different"


@dataclass
class FileCheck:
    """One file of the pack: its expected and actual SHA-256 and what the check found."""

    name: str
    expected: str | None
    actual: str | None
    state: str
    rebuilt: str | None = None  # REBUILT_* when the file was rebuilt from the pack's data

    @property
    def ok(self) -> bool:
        return self.state == FILE_OK and self.rebuilt in (None, REBUILT_SAME)


@dataclass
class PackCheck:
    """The outcome of checking a pack file."""

    manifest: dict[str, Any] | None
    manifest_sha256: str | None
    files: list[FileCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rebuild_skipped: str | None = None
    # The same two in French, for the command's French output (the API answers in English).
    problems_fr: list[str] = field(default_factory=list)
    rebuild_skipped_fr: str | None = None
    # Why the file could not be read as a pack at all (one of UNREADABLE), None when it could.
    unreadable: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and all(f.ok for f in self.files)


def _rebuild(files: dict[str, bytes], manifest: dict[str, Any], check: PackCheck) -> None:
    installed = library_versions()
    if manifest.get("libraries") != installed:
        check.rebuild_skipped = (
            "the pack was built with other library versions "
            f"({manifest.get('libraries')}; installed {installed}): hashes checked only"
        )
        check.rebuild_skipped_fr = (
            "le dossier a été construit avec d'autres versions des bibliothèques "
            f"({manifest.get('libraries')} ; installées : {installed}) : empreintes seules "
            "vérifiées"
        )
        return
    payload = json.loads(files[MEASURES_NAME])
    rules = json.loads(files[RULES_NAME])
    body = {k: v for k, v in manifest.items() if k != "files"}
    rebuilt = derived_files(payload, body, rules)
    by_name = {f.name: f for f in check.files}
    for name, data in rebuilt.items():
        found = by_name.get(name)
        if found is None:
            check.problems.append(f"{name} is derived from the figures but not in the pack")
            check.problems_fr.append(f"{name} découle des chiffres mais manque au dossier")
            continue
        same = found.actual is not None and sha256(data) == found.actual
        found.rebuilt = REBUILT_SAME if same else REBUILT_DIFFERENT


def pack_check(data: bytes) -> PackCheck:
    """Check a pack zip's integrity against its manifest, then rebuild what can be rebuilt."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
            return PackCheck(
                None,
                None,
                problems=["too large to be an evidence pack"],
                problems_fr=["trop volumineux pour être un dossier de preuves"],
                unreadable=TOO_LARGE,
            )
        files = {info.filename: archive.read(info) for info in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return PackCheck(
            None,
            None,
            problems=[f"not a readable zip file: {exc}"],
            problems_fr=[f"pas un fichier zip lisible : {exc}"],
            unreadable=NOT_ZIP,
        )
    raw = files.pop(MANIFEST_NAME, None)
    if raw is None:
        return PackCheck(
            None,
            None,
            problems=["the zip holds no manifest.json"],
            problems_fr=["le zip ne contient pas de manifest.json"],
            unreadable=NO_MANIFEST,
        )
    try:
        manifest = json.loads(raw)
        listed: dict[str, str] = dict(manifest["files"])
    except (ValueError, KeyError, TypeError) as exc:
        return PackCheck(
            None,
            sha256(raw),
            problems=[f"the manifest cannot be read: {exc}"],
            problems_fr=[f"le manifeste est illisible : {exc}"],
            unreadable=BAD_MANIFEST,
        )
    check = PackCheck(manifest, sha256(raw))
    for name in sorted(set(listed) | set(files)):
        expected, content = listed.get(name), files.get(name)
        actual = sha256(content) if content is not None else None
        if expected is None:
            state = FILE_UNLISTED
        elif actual is None:
            state = FILE_MISSING
        else:
            state = FILE_OK if actual == expected else FILE_CHANGED
        check.files.append(FileCheck(name, expected, actual, state))
    intact = all(f.state == FILE_OK for f in check.files)
    if intact and {MEASURES_NAME, RULES_NAME} <= set(files):
        _rebuild(files, manifest, check)
    elif not intact:
        check.rebuild_skipped = "a file differs from the manifest: nothing rebuilt"
        check.rebuild_skipped_fr = "un fichier diffère du manifeste : rien n'est reconstruit"
    return check


# The command's words per language; a file's state is padded to the longest of its language.
CHECK_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "pack": "dossier {pack} (empreinte SHA-256 du manifeste {sha})",
        "problem": "problème : {text}",
        "skipped": "reconstruction non faite : {text}",
        FILE_OK: "conforme",
        FILE_CHANGED: "modifié",
        FILE_MISSING: "manquant",
        FILE_UNLISTED: "non listé",
        REBUILT_SAME: "reconstruit à l'identique",
        REBUILT_DIFFERENT: "reconstruit différent",
        "verified": "DOSSIER VÉRIFIÉ",
        "not_verified": "LE DOSSIER NE SE VÉRIFIE PAS",
    },
    "en": {
        "pack": "pack {pack} (manifest sha256 {sha})",
        "problem": "problem: {text}",
        "skipped": "rebuild skipped: {text}",
        FILE_OK: FILE_OK,
        FILE_CHANGED: FILE_CHANGED,
        FILE_MISSING: FILE_MISSING,
        FILE_UNLISTED: FILE_UNLISTED,
        REBUILT_SAME: REBUILT_SAME,
        REBUILT_DIFFERENT: REBUILT_DIFFERENT,
        "verified": "PACK VERIFIED",
        "not_verified": "PACK DOES NOT VERIFY",
    },
}
STATES = (FILE_OK, FILE_CHANGED, FILE_MISSING, FILE_UNLISTED)


def check_lines(check: PackCheck, language: str = "en") -> list[str]:
    """The check as lines for people (the command's output), in French or in English."""
    words = CHECK_WORDS[language]
    french = language == "fr"
    lines = []
    if check.manifest is not None:
        pack, sha = check.manifest.get("pack"), check.manifest_sha256
        lines.append(words["pack"].format(pack=pack, sha=sha))
    problems = check.problems_fr if french else check.problems
    lines += [words["problem"].format(text=p) for p in problems]
    width = max(8, *(len(words[s]) for s in STATES))
    for f in check.files:
        rebuilt = f"{' ;' if french else ';'} {words[f.rebuilt]}" if f.rebuilt else ""
        lines.append(f"{words[f.state]:<{width}} {f.name}{rebuilt}")
    skipped = check.rebuild_skipped_fr if french else check.rebuild_skipped
    if skipped:
        lines.append(words["skipped"].format(text=skipped))
    lines.append(words["verified"] if check.ok else words["not_verified"])
    return lines
