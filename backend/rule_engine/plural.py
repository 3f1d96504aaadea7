"""Counted words in French and English, the form chosen by the count as ICU (CLDR) chooses it:
French says the singular for 0 and 1 ("0 règle", "1 règle", "2 règles"), English only for 1
("0 rules", "1 rule", "2 rules"). Never a hand-made "règle(s)"."""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]


def plural_category(language: Language, count: int) -> Literal["one", "other"]:
    """The ICU plural category of a whole count in the language."""
    if language == "fr":
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


def plural(language: Language, count: int, one: str, other: str) -> str:
    """`one` or `other` as the count asks, with `#` replaced by the count (as ICU's `#`)."""
    form = one if plural_category(language, count) == "one" else other
    return form.replace("#", str(count))
