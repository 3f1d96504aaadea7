"""The errors of a rulebook document, located by JSON pointers (RFC 6901)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SchemaError:
    """One problem in a rulebook document, located by a JSON pointer."""

    path: str
    message: str


class RulebookInvalid(ValueError):
    """Raised by parse_rulebook when the document does not validate."""

    def __init__(self, errors: list[SchemaError]) -> None:
        super().__init__("; ".join(f"{e.path or '/'}: {e.message}" for e in errors))
        self.errors = errors
