"""Datetimes on the wire: every `format: date-time` field of a response schema, compared with the
value the database stores for it.

The response schema of a route comes from the committed `backend/openapi.yaml`; the stored value
is found by the `id` of the object that carries the field (every model's UUID primary key is
unique across tables), or by a lookup named in `STORED_ELSEWHERE` for the few answers whose object
has no id of its own.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

import yaml
from django.apps import apps
from django.db import models

SCHEMA = Path(__file__).resolve().parents[1] / "backend" / "openapi.yaml"
# ISO 8601 in UTC, as API.md says: a date, a time (fraction optional) and `Z`.
UTC_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


@cache
def _schema() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA.read_text())


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def schema_datetime_fields() -> set[str]:
    """`Component.property` for every date-time property of every component schema."""
    found: set[str] = set()

    def walk(component: str, node: dict[str, Any]) -> None:
        for name, prop in node.get("properties", {}).items():
            if prop.get("format") == "date-time":
                found.add(f"{component}.{name}")
        for key in ("allOf", "oneOf", "anyOf"):
            for sub in node.get(key, []):
                walk(component, sub)

    for component, node in _schema()["components"]["schemas"].items():
        walk(component, node)
    return found


def response_schema(path: str, method: str, status: int) -> dict[str, Any] | None:
    """The JSON schema of the answer to `method path` with `status` (None when undocumented)."""
    for template, operations in _schema()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            answer = operations[method]["responses"].get(str(status), {})
            content = answer.get("content", {})
            for media in content.values():
                return media.get("schema")
    return None


@dataclass
class Seen:
    """What one walk over answers found: fields checked, and every mismatch."""

    checked: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def _component(node: dict[str, Any]) -> str:
    ref = node.get("$ref", "")
    return ref.rsplit("/", 1)[1] if ref else ""


def _walk(value: Any, node: dict[str, Any], component: str) -> Iterator[tuple[str, Any, dict]]:
    """(Component.property, value, enclosing object) for every date-time value in `value`."""
    component = _component(node) or component
    node = _resolve(node)
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in node.get(key, []):
            yield from _walk(value, sub, component)
    if isinstance(value, list) and "items" in node:
        for item in value:
            yield from _walk(item, node["items"], component)
    if isinstance(value, dict):
        for name, prop in node.get("properties", {}).items():
            if name not in value or value[name] is None:
                continue
            if _resolve(prop).get("format") == "date-time":
                yield f"{component}.{name}", value[name], value
            else:
                yield from _walk(value[name], prop, component)


@cache
def _models_with(field_name: str) -> tuple[type[models.Model], ...]:
    """Models with a UUID primary key (public ids) and a datetime column of that name."""
    return tuple(
        model
        for model in apps.get_models()
        if isinstance(model._meta.pk, models.UUIDField)
        and any(
            f.name == field_name and isinstance(f, models.DateTimeField)
            for f in model._meta.concrete_fields
        )
    )


def _stored_by_id(field_name: str, object_id: Any) -> list[datetime | None]:
    try:
        key = UUID(str(object_id))
    except ValueError:
        return []
    found: list[datetime | None] = []
    for model in _models_with(field_name):
        found.extend(model._default_manager.filter(pk=key).values_list(field_name, flat=True))
    return found


def _audit_times(event: dict) -> list[datetime | None]:
    from backend.audit.models import AuditEvent

    return list(
        AuditEvent.objects.filter(object_id=event["object_id"], action=event["action"]).values_list(
            "occurred_at", flat=True
        )
    )


# Fields whose object carries no id of its own: the stored values the answer may name (an audit
# entry is one of its object's events with that action).
STORED_ELSEWHERE: dict[str, Callable[[dict], list[datetime | None]]] = {
    "AuditEventOutput.occurred_at": _audit_times,
}


def check_answer(seen: Seen, *, path: str, method: str, status: int, body: Any) -> None:
    """Compare every date-time in `body` with its stored value; record what was checked."""
    schema = response_schema(path, method, status)
    if schema is None:
        return
    for name, wire, holder in _walk(body, schema, ""):
        where = f"{method.upper()} {path} {name}"
        if not isinstance(wire, str) or not UTC_DATETIME.match(wire):
            seen.problems.append(f"{where}: {wire!r} is not ISO 8601 in UTC")
            continue
        served = datetime.fromisoformat(wire.replace("Z", "+00:00"))
        prop = name.split(".", 1)[1]
        if name in STORED_ELSEWHERE:
            candidates = STORED_ELSEWHERE[name](holder)
        elif "id" in holder:
            candidates = _stored_by_id(prop, holder["id"])
            if len(candidates) != 1:
                seen.problems.append(f"{where}: {len(candidates)} rows have id {holder['id']}")
                continue
        else:
            seen.problems.append(f"{where}: no id and no lookup in STORED_ELSEWHERE")
            continue
        stored = [value.astimezone(UTC) for value in candidates if value is not None]
        if served not in stored:
            shown = ", ".join(value.isoformat() for value in stored) or "nothing"
            seen.problems.append(f"{where}: served {wire}, stored {shown}")
            continue
        seen.checked.add(name)
