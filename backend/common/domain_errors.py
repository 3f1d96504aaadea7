"""What services and selectors refuse, in the domain's words: one small hierarchy, no HTTP.

A refusal carries a stable `code`, a `detail` for people, per-field `errors` (JSON pointers into
the input) and `extra` members a client can act on (the allowed transitions, the current ETag).
Which status answers each kind is decided in one place only: the API's exception handler
(`backend.common.errors`), which turns every refusal into problem details.
"""

from __future__ import annotations

from typing import Any, Self

FieldError = dict[str, str]  # {"pointer", "code", "detail"}


class DomainError(Exception):
    """A refusal: nothing was changed."""

    def __init__(
        self,
        *,
        code: str,
        detail: str,
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.errors = errors or []
        self.extra = extra or {}

    @classmethod
    def at(cls, pointer: str, *, code: str, detail: str) -> Self:
        """A refusal of one field, its code and detail repeated for the field."""
        return cls(code=code, detail=detail, errors=[field_error(pointer, code, detail)])


def field_error(pointer: str, code: str, detail: str) -> FieldError:
    """One entry of a refusal's `errors`."""
    return {"pointer": pointer, "code": code, "detail": detail}


class InvalidInput(DomainError):
    """The input breaks a rule of the domain (a required text is blank, a choice is unknown)."""


class NotFound(DomainError):
    """No such object within the caller's reach (another organisation's included)."""


class NotAllowed(DomainError):
    """The caller's role may not do or see this."""


class Conflict(DomainError):
    """The object's current state refuses the change (a transition not allowed from here)."""


class Unprocessable(DomainError):
    """Well-formed input that names something this request cannot use (a reused key)."""


class PreconditionRequired(DomainError):
    """The change must name the version of the object it was based on."""


class PreconditionFailed(DomainError):
    """The object changed since the version the change was based on."""


class TooLarge(DomainError):
    """The input is larger than accepted."""


class UnsupportedType(DomainError):
    """The input's content is of a type not accepted."""
