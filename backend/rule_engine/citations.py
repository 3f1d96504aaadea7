"""Citation policy: every value says where it comes from, in a way a lawyer can follow.

The JSON Schema checks the shape of a citation; these checks tie it to the confidence tag:

- ``official`` (read in the regulator's own text): the instrument and its article or section;
- ``press`` and ``secondary`` (a publication reporting the rule): the publication, the date it
  was published and its URL;
- ``illustrative`` (a demonstration value): the proposal document that puts it forward, never an
  official instrument, and no article, section or publication date that would make it look read
  in one.

A proposed rulebook may keep a value of the rules in force with its tag; a value it changes (or
a rule the rules in force do not have) is a proposal, so it cannot be tagged ``official`` or
``press``: `proposal_tag_errors` compares it with the rulebook in force.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from backend.rule_engine.problems import SchemaError

# Names under which the regulator's own texts are cited (compared case-insensitively, as
# prefixes): an illustrative value must never be attributed to one of them.
OFFICIAL_INSTRUMENTS = (
    "igoc",
    "instruction générale des opérations de change",
    "instruction generale des operations de change",
    "office des changes",
)
# Tags whose values are presented as law in force (DESIGN.md, decision 12).
LAW_TAGS = ("official", "press")
PUBLICATION_TAGS = ("press", "secondary")
WEB_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_official_instrument(instrument: str) -> bool:
    """Whether an instrument name designates one of the regulator's own texts."""
    name = instrument.strip().casefold()
    return any(name.startswith(prefix) for prefix in OFFICIAL_INSTRUMENTS)


def _rule_citation_errors(i: int, rule: Mapping[str, Any]) -> list[SchemaError]:
    citation: Mapping[str, Any] = rule.get("citation") or {}
    tag = rule.get("confidence")
    at = f"/rules/{i}/citation"
    out: list[SchemaError] = []
    if tag == "official" and _blank(citation.get("article")) and _blank(citation.get("section")):
        out.append(
            SchemaError(
                f"{at}/article",
                "an official value cites the article (or the section) of its instrument",
                "official_needs_article",
            )
        )
    if tag in PUBLICATION_TAGS:
        wanted = {
            "source": "the publication that reported it",
            "published_on": "the date it was published",
            "source_url": "the URL where it can be read",
        }
        for key, what in wanted.items():
            if _blank(citation.get(key)):
                out.append(
                    SchemaError(f"{at}/{key}", f"a {tag} value cites {what}", "publication_needs")
                )
        url = citation.get("source_url")
        if not _blank(url) and not WEB_URL.match(str(url)):
            out.append(
                SchemaError(
                    f"{at}/source_url", "the URL must start with http:// or https://", "not_url"
                )
            )
    if tag == "illustrative":
        if is_official_instrument(str(citation.get("instrument", ""))):
            out.append(
                SchemaError(
                    f"{at}/instrument",
                    "an illustrative value cites the proposal document that puts it forward, "
                    "never an official instrument",
                    "illustrative_cites_official",
                )
            )
        for key in ("article", "section", "published_on"):
            if not _blank(citation.get(key)):
                out.append(
                    SchemaError(
                        f"{at}/{key}",
                        "an illustrative value is read in no official text or publication: "
                        f"remove {key!r} (explain the context in the note)",
                        "illustrative_not_read",
                    )
                )
    return out


def citation_errors(doc: Mapping[str, Any]) -> list[SchemaError]:
    """Every citation that does not match its rule's confidence tag (schema-valid input)."""
    out: list[SchemaError] = []
    for i, rule in enumerate(doc.get("rules", [])):
        out.extend(_rule_citation_errors(i, rule))
    return out


def _value(rule: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a rule decides: its kind, scope and parameters (not its wording or citation)."""
    return (rule.get("kind"), rule.get("scope") or {}, rule.get("params"))


def proposal_tag_errors(
    proposed: Mapping[str, Any], in_force: Mapping[str, Any] | None
) -> list[SchemaError]:
    """In a proposed rulebook, the law tags (official, press) on values that are not the
    rules in force's: a changed value, or a rule the rules in force do not have, is a proposal.

    Without a rulebook in force to compare with, no law tag can be verified, so every one is
    refused."""
    if proposed.get("rulebook", {}).get("kind") != "proposed":
        return []
    current = {r["id"]: r for r in (in_force or {}).get("rules", [])}
    name = (in_force or {}).get("rulebook", {}).get("name")
    out: list[SchemaError] = []
    for i, rule in enumerate(proposed.get("rules", [])):
        tag = rule.get("confidence")
        if tag not in LAW_TAGS:
            continue
        same = current.get(rule["id"])
        if same is None:
            where = f"{name!r}" if name else "the rules in force"
            out.append(
                SchemaError(
                    f"/rules/{i}/confidence",
                    f"{rule['id']} is not a rule of {where}: a proposed rule is illustrative, "
                    f"not {tag}",
                    "proposal_new_rule_tag",
                )
            )
        elif _value(same) != _value(rule):
            out.append(
                SchemaError(
                    f"/rules/{i}/confidence",
                    f"this value differs from the rule in force ({name!r}): a changed value is "
                    f"illustrative, not {tag}",
                    "proposal_changed_tag",
                )
            )
    return out
