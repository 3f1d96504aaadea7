"""A readable diff between two rulebook versions: per rule id, added/removed/changed fields.

A changed rule lists each leaf field that differs with its path, before and after, e.g.
``params.cap_mad: 2000000.00 → 4000000.00``. Lists of plain values (categories, countries)
compare as one value; lists of objects (overrides, history) compare item by item; a member
present on one side only is reported once, whole.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.rulebooks.models import RulebookVersion

ABSENT = "(absent)"
# Top-level document fields compared as the version's metadata (the rules are compared by id).
METADATA_FIELDS = ("rulebook", "version")


@dataclass(frozen=True)
class FieldChange:
    """One leaf field that differs; None stands for a field absent on that side."""

    path: str
    before: Any
    after: Any
    before_present: bool = True
    after_present: bool = True

    def text(self) -> str:
        """``params.cap_mad: 2000000.00 → 4000000.00``."""
        before = render(self.before) if self.before_present else ABSENT
        after = render(self.after) if self.after_present else ABSENT
        return f"{self.path}: {before} → {after}"

    def as_dict(self) -> dict[str, Any]:
        """JSON shape of the change."""
        return {
            "path": self.path,
            "before": self.before if self.before_present else None,
            "after": self.after if self.after_present else None,
            "change": "added"
            if not self.before_present
            else "removed"
            if not self.after_present
            else "changed",
            "text": self.text(),
        }


def render(value: Any) -> str:
    """A value as a reader expects it: decimals as written, lists in brackets, null as null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {render(v)}" for k, v in value.items()) + "}"
    return str(value)


def _is_object_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, Mapping | list) for v in value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _compare(before: Any, after: Any, path: str, out: list[FieldChange]) -> None:
    """Recurse into objects and lists of objects; a member on one side only is one change."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in [*before, *(k for k in after if k not in before)]:
            child = _join(path, str(key))
            if key in before and key in after:
                _compare(before[key], after[key], child, out)
            elif key in before:
                out.append(FieldChange(child, before[key], None, after_present=False))
            else:
                out.append(FieldChange(child, None, after[key], before_present=False))
        return
    if _is_object_list(before) and _is_object_list(after):
        for index in range(max(len(before), len(after))):
            child = f"{path}[{index}]"
            if index < len(before) and index < len(after):
                _compare(before[index], after[index], child, out)
            elif index < len(before):
                out.append(FieldChange(child, before[index], None, after_present=False))
            else:
                out.append(FieldChange(child, None, after[index], before_present=False))
        return
    if before != after:
        out.append(FieldChange(path, before, after))


def field_changes(before: Any, after: Any, *, prefix: str = "") -> list[FieldChange]:
    """Differences between two nodes, in the order their fields appear."""
    out: list[FieldChange] = []
    _compare(before, after, prefix, out)
    return out


def _title(rule: Mapping[str, Any]) -> dict[str, str]:
    title = rule.get("title") or {}
    return {"fr": str(title.get("fr", "")), "en": str(title.get("en", ""))}


def document_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Compare two valid documents: metadata changes, then rules in the order they appear."""
    metadata = [
        c
        for name in METADATA_FIELDS
        for c in field_changes(before.get(name, {}), after.get(name, {}), prefix=name)
    ]
    old_rules = {r["id"]: r for r in before.get("rules", [])}
    new_rules = {r["id"]: r for r in after.get("rules", [])}
    rules: list[dict[str, Any]] = []
    lines = [f"~ {c.text()}" for c in metadata]
    unchanged = 0
    for rule_id, rule in new_rules.items():
        if rule_id not in old_rules:
            rules.append(
                {"rule_id": rule_id, "change": "added", "title": _title(rule), "fields": []}
            )
            lines.append(f"+ {rule_id} ({rule['kind']})")
            continue
        changes = field_changes(
            {k: v for k, v in old_rules[rule_id].items() if k != "id"},
            {k: v for k, v in rule.items() if k != "id"},
        )
        if not changes:
            unchanged += 1
            continue
        rules.append(
            {
                "rule_id": rule_id,
                "change": "changed",
                "title": _title(rule),
                "fields": [c.as_dict() for c in changes],
            }
        )
        lines.extend(f"~ {rule_id} {c.text()}" for c in changes)
    for rule_id, rule in old_rules.items():
        if rule_id not in new_rules:
            rules.append(
                {"rule_id": rule_id, "change": "removed", "title": _title(rule), "fields": []}
            )
            lines.append(f"- {rule_id} ({rule['kind']})")
    counts = {
        "added": sum(1 for r in rules if r["change"] == "added"),
        "removed": sum(1 for r in rules if r["change"] == "removed"),
        "changed": sum(1 for r in rules if r["change"] == "changed"),
        "unchanged": unchanged,
    }
    return {
        "metadata": [c.as_dict() for c in metadata],
        "rules": rules,
        "summary": counts,
        "lines": lines,
    }


def version_summary(version: RulebookVersion) -> dict[str, Any]:
    """The metadata of a version shown above its diff."""
    return {
        "id": str(version.pk),
        "rulebook": {
            "id": str(version.rulebook_id),
            "name": version.rulebook.name,
            "kind": version.rulebook.kind,
        },
        "number": version.number,
        "status": version.status,
        "effective_from": version.effective_from.isoformat(),
        "content_hash": version.content_hash,
        "published_at": version.published_at.isoformat() if version.published_at else None,
    }


def rulebook_version_diff(*, version: RulebookVersion, against: RulebookVersion) -> dict[str, Any]:
    """What changed from ``against`` (before) to ``version`` (after), with their metadata."""
    return {
        "before": version_summary(against),
        "after": version_summary(version),
        **document_diff(against.document, version.document),
    }
