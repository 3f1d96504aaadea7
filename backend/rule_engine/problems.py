"""The errors of a rulebook document, located by JSON pointers (RFC 6901)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SchemaError:
    """One problem in a rulebook document, located by a JSON pointer.

    `code` says what kind of problem it is (`required`, `not_money`, `duplicate_id`…), stable for
    an interface to explain in its reader's language; `message` says it in English. Two errors
    are the same error when they say the same thing at the same place, whatever their code.
    """

    path: str
    message: str
    code: str = field(default="invalid", compare=False)


class RulebookInvalid(ValueError):
    """Raised by parse_rulebook when the document does not validate."""

    def __init__(self, errors: list[SchemaError]) -> None:
        super().__init__("; ".join(f"{e.path or '/'}: {e.message}" for e in errors))
        self.errors = errors
