"""Rulebook documents as stored: parsed from YAML/JSON text, JSON-safe, hashed, checked.

Validation itself is the engine's (`validate_rulebook`); this module only adapts its errors to the
API, where the document sits under ``/document`` (or its text under ``/source``).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from backend.common.domain_errors import InvalidInput
from backend.rule_engine import load_rulebook_yaml, proposal_tag_errors, validate_rulebook
from backend.rule_engine.plural import plural

DOCUMENT_POINTER = "/document"
SOURCE_POINTER = "/source"
INVALID_DOCUMENT = "rulebook_invalid"


@dataclass(frozen=True)
class DocumentError:
    """One problem in a submitted document, with a pointer into the request body."""

    pointer: str
    code: str
    detail: str

    def as_problem_error(self) -> dict[str, str]:
        """The `errors[]` entry of a problem-details answer."""
        return {"pointer": self.pointer, "code": self.code, "detail": self.detail}


def _json_default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def document_to_json(document: Any) -> Any:
    """The document with YAML dates turned into ISO strings, as a JSONField stores it."""
    return json.loads(json.dumps(document, default=_json_default))


def document_hash(document: Any) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces): equal content, equal hash."""
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# The order people read a document in; PostgreSQL's jsonb keeps keys in an order of its own.
DOCUMENT_ORDER = ("rulebook", "version", "rules")
RULE_ORDER = (
    "id",
    "kind",
    "title",
    "scope",
    "params",
    "severity",
    "citation",
    "confidence",
    "history",
    "notes",
)


def _ordered(node: Any, order: tuple[str, ...]) -> Any:
    if not isinstance(node, dict):
        return node
    known = [key for key in order if key in node]
    return {key: node[key] for key in [*known, *(k for k in node if k not in order)]}


def document_to_yaml(document: Any) -> str:
    """Readable YAML of a stored document: header, version, then each rule with its id and
    kind first (other keys as stored; strings stay quoted)."""
    readable = _ordered(document, DOCUMENT_ORDER)
    if isinstance(readable, dict) and isinstance(readable.get("rules"), list):
        readable["rules"] = [_ordered(rule, RULE_ORDER) for rule in readable["rules"]]
    return yaml.safe_dump(readable, allow_unicode=True, sort_keys=False, width=100)


def document_parse_source(text: str) -> tuple[Any, list[DocumentError]]:
    """Parse YAML (or JSON, a subset of it) text; a syntax error points at `/source`."""
    try:
        return load_rulebook_yaml(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [DocumentError(SOURCE_POINTER, "syntax_error", f"{problem}{where}")]


def document_errors(
    document: Any,
    *,
    expected_name: str | None = None,
    expected_kind: str | None = None,
    in_force_document: Any = None,
) -> list[DocumentError]:
    """Every problem in a document, pointing into the request body (empty when valid).

    Beyond the engine's schema and citation policy, a version must describe the rulebook it
    belongs to, and a proposal may tag official or press only the values it keeps from
    `in_force_document` (the rules in force on its effective date).
    """
    errors = [
        DocumentError(f"{DOCUMENT_POINTER}{e.path}", e.code, e.message)
        for e in validate_rulebook(document)
    ]
    if errors:
        return errors
    header = document["rulebook"]
    if expected_kind is not None and header["kind"] != expected_kind:
        errors.append(
            DocumentError(
                f"{DOCUMENT_POINTER}/rulebook/kind",
                "kind_mismatch",
                f"this rulebook is {expected_kind!r}; the document says {header['kind']!r}",
            )
        )
    if expected_name is not None and header["name"] != expected_name:
        errors.append(
            DocumentError(
                f"{DOCUMENT_POINTER}/rulebook/name",
                "name_mismatch",
                f"this rulebook is named {expected_name!r}; the document says {header['name']!r}",
            )
        )
    if errors:
        return errors
    return [
        DocumentError(f"{DOCUMENT_POINTER}{e.path}", "tag_not_in_force", e.message)
        for e in proposal_tag_errors(document, in_force_document)
    ]


def invalid_document_problem(errors: list[DocumentError]) -> InvalidInput:
    """The refusal listing every error with its pointer."""
    summary = "; ".join(f"{e.pointer}: {e.detail}" for e in errors[:5])
    counted = plural("en", len(errors), "# error", "# errors")
    return InvalidInput(
        code=INVALID_DOCUMENT,
        detail=f"The rulebook document is not valid ({counted}): {summary}",
        errors=[e.as_problem_error() for e in errors],
    )


def document_effective_from(document: Any) -> date:
    """The effective date a (valid, JSON-safe) document states."""
    return date.fromisoformat(str(document["version"]["effective_from"]))
