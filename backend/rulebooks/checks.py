"""The check of rulebook files (`check_rulebooks`): each file's structure and citations, and
no law tag on a proposed value that differs from the rules in force it is compared with."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backend.rule_engine import (
    RulebookInvalid,
    parse_rulebook,
    proposal_tag_errors,
    validate_rulebook,
)
from backend.rulebooks.documents import document_parse_source, document_to_json


@dataclass(frozen=True)
class FileProblem:
    """One problem of one rulebook file, located by a JSON pointer into its document."""

    file: str
    pointer: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.pointer or '/'}: {self.detail}"


@dataclass(frozen=True)
class _Loaded:
    path: Path
    document: Any


def _effective(document: Any) -> date:
    return date.fromisoformat(str(document["version"]["effective_from"]))


def in_force_for(proposed: Any, in_force: Sequence[Any]) -> Any | None:
    """The rules in force a proposal is compared with: the latest in-force document effective
    on or before the proposal's effective date (None when there is none)."""
    earlier = [d for d in in_force if _effective(d) <= _effective(proposed)]
    return max(earlier, key=_effective) if earlier else None


def rulebook_files_check(*, paths: Sequence[Path]) -> list[FileProblem]:
    """Every problem of these files (empty when they all pass)."""
    problems: list[FileProblem] = []
    loaded: list[_Loaded] = []
    for path in paths:
        document, syntax = document_parse_source(path.read_text(encoding="utf-8"))
        problems += [FileProblem(path.name, "", e.detail) for e in syntax]
        if syntax:
            continue
        document = document_to_json(document)
        errors = validate_rulebook(document)
        problems += [FileProblem(path.name, e.path, e.message) for e in errors]
        try:
            parse_rulebook(document)
        except RulebookInvalid:
            continue  # its structure is reported above; nothing to compare
        # A sound structure with citation problems still says what is in force.
        loaded.append(_Loaded(path, document))
    in_force = [f.document for f in loaded if f.document["rulebook"]["kind"] == "in_force"]
    for f in loaded:
        if f.document["rulebook"]["kind"] != "proposed":
            continue
        errors = proposal_tag_errors(f.document, in_force_for(f.document, in_force))
        problems += [FileProblem(f.path.name, e.path, e.message) for e in errors]
    return problems
