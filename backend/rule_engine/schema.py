"""Validate a rulebook document against rulebook.schema.json and parse it into dataclasses.

Errors carry a JSON pointer (RFC 6901) to the offending value, e.g. ``/rules/3/params/cap_mad``,
so the API can return them as problem-details ``errors[].pointer`` unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml
from jsonschema import Draft202012Validator

from backend.rule_engine.citations import citation_errors
from backend.rule_engine.model import (
    AllOf,
    AnyOf,
    CapFloor,
    CapOverride,
    Citation,
    Condition,
    CountryListParams,
    DeadlineParams,
    DocumentThresholdParams,
    EligibilityParams,
    HistoryEntry,
    LocalText,
    Not,
    Params,
    PeriodCapParams,
    PerPaymentCapParams,
    PerPaymentOverride,
    Predicate,
    RateStalenessParams,
    Rule,
    Rulebook,
    Scope,
    StructuringParams,
    TaxLinkedCapParams,
)
from backend.rule_engine.problems import RulebookInvalid, SchemaError

SCHEMA_RESOURCE = "rulebook.schema.json"
MINOR_PER_MAD = 100  # MAD has 2 decimal places (centimes)


@cache
def rulebook_schema() -> dict[str, Any]:
    """The packaged JSON Schema (draft 2020-12) of a rulebook document."""
    text = resources.files("backend.rule_engine").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


@cache
def _validator() -> Draft202012Validator:
    schema = rulebook_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _pointer(parts: Sequence[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _normalise(node: Any, path: list[str | int], errors: list[SchemaError]) -> Any:
    """Turn YAML dates into ISO strings and reject floats (money must be a decimal string)."""
    if isinstance(node, Mapping):
        return {k: _normalise(v, [*path, str(k)], errors) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_normalise(v, [*path, i], errors) for i, v in enumerate(node)]
    if isinstance(node, float):
        errors.append(
            SchemaError(
                _pointer(path),
                "floats are not allowed: write amounts as quoted decimals",
                "float_amount",
            )
        )
        return node
    if isinstance(node, date) and not isinstance(node, datetime):
        return node.isoformat()
    return node


# What a failed JSON Schema keyword means, as a stable code (`SchemaError.code`).
_KEYWORD_CODES = {
    "required": "required",
    "additionalProperties": "unknown_field",
    "enum": "not_allowed",
    "const": "not_allowed",
    "type": "wrong_type",
    "oneOf": "wrong_type",
    "minimum": "out_of_range",
    "maximum": "out_of_range",
    "minItems": "empty",
    "minLength": "empty",
    "minProperties": "empty",
    "maxLength": "too_long",
    "uniqueItems": "repeated",
    "format": "not_url",
}
# A failed pattern is named after the definition it belongs to: an amount, a date, a country…
_PATTERN_CODES = {
    "money_mad": "not_money",
    "date": "not_date",
    "country": "not_country",
    "code": "not_code",
    "decimal_multiple": "not_decimal",
}


def _error_code(err: Any) -> str:
    if err.validator == "pattern":
        defs = rulebook_schema()["$defs"]
        for name, code in _PATTERN_CODES.items():
            if err.schema == defs[name]:
                return code
        return "not_rule_id" if err.absolute_path and err.absolute_path[-1] == "id" else "format"
    return _KEYWORD_CODES.get(str(err.validator), "invalid")


def _is_note(branches: Any) -> bool:
    """Whether a `oneOf` is a note's: a `{fr, en}` object or a string (or null)."""
    return any(
        branch == {"$ref": "#/$defs/note"} or branch.get("required") == ["fr", "en"]
        for branch in branches
        if isinstance(branch, Mapping)
    )


def _branch_errors(err: Any) -> list[Any]:
    """A `oneOf` failed by a value of the right type for one branch (a bilingual note written
    as too long a string): that branch's own errors, so they say what is wrong; otherwise the
    error itself."""
    if err.validator != "oneOf" or not err.context or not _is_note(err.validator_value):
        return [err]
    fitting = [e for e in err.context if e.validator != "type"]
    if not fitting:
        return [err]
    return [leaf for e in fitting for leaf in _branch_errors(e)]


def _schema_errors(doc: Any) -> list[SchemaError]:
    out: list[SchemaError] = []
    for err in (e for found in _validator().iter_errors(doc) for e in _branch_errors(found)):
        parts: list[str | int] = list(err.absolute_path)
        if err.validator == "required" and isinstance(err.instance, Mapping):
            # Point at the missing member itself rather than at its parent object.
            missing = [k for k in err.validator_value if k not in err.instance]
            parts.append(missing[0] if missing else "")
        out.append(SchemaError(_pointer(parts), err.message, _error_code(err)))
    return out


def _semantic_errors(doc: Mapping[str, Any]) -> list[SchemaError]:
    """Checks a JSON Schema cannot express: unique ids, coherent parameter combinations."""
    out: list[SchemaError] = []
    seen: dict[str, int] = {}
    for i, rule in enumerate(doc["rules"]):
        rid = rule["id"]
        if rid in seen:
            out.append(
                SchemaError(
                    f"/rules/{i}/id",
                    f"duplicate rule id {rid!r} (see /rules/{seen[rid]})",
                    "duplicate_id",
                )
            )
        seen.setdefault(rid, i)
        params = rule["params"]
        base = f"/rules/{i}/params"
        if rule["kind"] == "per_payment_cap":
            wanted = "cap_mad" if params["measure"] == "amount" else "max_share_bp"
            other = "max_share_bp" if wanted == "cap_mad" else "cap_mad"
            if other in params:
                out.append(
                    SchemaError(
                        f"{base}/{other}",
                        f"not used with measure {params['measure']!r}",
                        "unused_for_measure",
                    )
                )
            for j, ov in enumerate(params.get("overrides", [])):
                if wanted not in ov or other in ov:
                    out.append(
                        SchemaError(
                            f"{base}/overrides/{j}",
                            f"an override must set {wanted!r} only",
                            "override_for_measure",
                        )
                    )
        elif rule["kind"] == "country_list":
            both = set(params.get("deny", [])) & set(params.get("review", []))
            if both:
                out.append(
                    SchemaError(
                        f"{base}/review",
                        f"countries both denied and reviewed: {sorted(both)}",
                        "denied_and_reviewed",
                    )
                )
        elif rule["kind"] == "deadline" and params["start"] == params["end"]:
            out.append(SchemaError(f"{base}/end", "end must differ from start", "same_dates"))
    return out


def _structure_errors(doc: Any) -> tuple[Any, list[SchemaError]]:
    """The JSON-safe document and the problems of its structure (schema and semantics)."""
    errors: list[SchemaError] = []
    normalised = _normalise(doc, [], errors)
    errors.extend(_schema_errors(normalised))
    if not errors:
        errors.extend(_semantic_errors(normalised))
    return normalised, errors


def validate_rulebook(doc: Any) -> list[SchemaError]:
    """All problems in a rulebook document (empty list when valid), ordered by pointer: its
    structure, then whether each citation matches its confidence tag (citations.py)."""
    normalised, errors = _structure_errors(doc)
    if not errors:
        errors.extend(citation_errors(normalised))
    return sorted(set(errors), key=lambda e: (e.path, e.message))


def load_rulebook_yaml(text: str) -> Any:
    """Parse YAML text (safe loader) into a document ready for validate_rulebook."""
    return yaml.safe_load(text)


# ---- parsing into dataclasses (only after validation) ----


def mad_to_minor(value: str) -> int:
    """A validated MAD decimal string to centimes."""
    return int(Decimal(value) * MINOR_PER_MAD)


def parse_condition(node: Mapping[str, Any]) -> Condition:
    """A condition object; several keys in one object combine as all_of."""
    parts: list[Condition] = []
    for key, value in node.items():
        if key == "all_of":
            parts.append(AllOf(tuple(parse_condition(v) for v in value)))
        elif key == "any_of":
            parts.append(AnyOf(tuple(parse_condition(v) for v in value)))
        elif key == "not":
            parts.append(Not(parse_condition(value)))
        else:
            parts.append(Predicate(key, tuple(value) if isinstance(value, list) else value))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _opt_tuple(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _parse_params(kind: str, p: Mapping[str, Any]) -> Params:
    if kind == "period_cap":
        return PeriodCapParams(
            cap_minor=mad_to_minor(p["cap_mad"]),
            period=p.get("period", "calendar_year"),
            cap_overrides=tuple(
                CapOverride(parse_condition(o["when"]), mad_to_minor(o["cap_mad"]))
                for o in p.get("cap_overrides", [])
            ),
            floors=tuple(
                CapFloor(parse_condition(f["when"]), mad_to_minor(f["floor_mad"]))
                for f in p.get("floors", [])
            ),
        )
    if kind == "tax_linked_cap":
        return TaxLinkedCapParams(
            cap_minor=mad_to_minor(p["cap_mad"]),
            tax_multiple=Decimal(p["tax_multiple"]),
            period=p.get("period", "calendar_year"),
        )
    if kind == "per_payment_cap":
        key = "cap_mad" if p["measure"] == "amount" else "max_share_bp"

        def conv(v: Any) -> int:
            return mad_to_minor(v) if key == "cap_mad" else int(v)

        return PerPaymentCapParams(
            measure=p["measure"],
            limit=conv(p[key]),
            overrides=tuple(
                PerPaymentOverride(parse_condition(o["when"]), conv(o[key]))
                for o in p.get("overrides", [])
            ),
        )
    if kind == "document_threshold":
        return DocumentThresholdParams(
            threshold_minor=mad_to_minor(p["threshold_mad"]),
            required_documents=tuple(p["required_documents"]),
            missing_outcome=p.get("missing_outcome", "breach"),
        )
    if kind == "country_list":
        return CountryListParams(
            deny=tuple(p.get("deny", [])),
            review=tuple(p.get("review", [])),
            allow=_opt_tuple(p.get("allow")),
            list_name=p.get("list_name", ""),
            unknown_outcome=p.get("unknown_outcome", "needs_review"),
        )
    if kind == "structuring":
        return StructuringParams(
            threshold_minor=mad_to_minor(p["threshold_mad"]),
            low_bp=p["low_bp"],
            min_count=p["min_count"],
            window_days=p["window_days"],
            outcome=p.get("outcome", "needs_review"),
        )
    if kind == "deadline":
        return DeadlineParams(
            start=p["start"],
            end=p["end"],
            max_days=p["max_days"],
            missing_start_outcome=p.get("missing_start_outcome", "needs_review"),
        )
    if kind == "eligibility":
        return EligibilityParams(
            requires=parse_condition(p["requires"]),
            failure_outcome=p.get("failure_outcome", "breach"),
        )
    return RateStalenessParams(
        max_lag_days=p["max_lag_days"],
        stale_outcome=p.get("stale_outcome", "needs_review"),
        estimate_outcome=p.get("estimate_outcome", "needs_review"),
    )


def _parse_rule(r: Mapping[str, Any]) -> Rule:
    s = r.get("scope") or {}
    c = r["citation"]
    return Rule(
        id=r["id"],
        kind=r["kind"],
        title_fr=r["title"]["fr"],
        title_en=r["title"]["en"],
        scope=Scope(
            categories=_opt_tuple(s.get("categories")),
            channels=_opt_tuple(s.get("channels")),
            directions=_opt_tuple(s.get("directions")),
            countries=_opt_tuple(s.get("countries")),
            participant=parse_condition(s["participant"]) if s.get("participant") else None,
        ),
        params=_parse_params(r["kind"], r["params"]),
        severity=r["severity"],
        citation=Citation(
            instrument=c["instrument"],
            edition=c.get("edition"),
            article=c.get("article"),
            source=c.get("source"),
            source_url=c.get("source_url"),
            note=LocalText.of(c["note"]) if c.get("note") is not None else None,
            section=c.get("section"),
            published_on=c.get("published_on"),
        ),
        confidence=r["confidence"],
        history=tuple(
            HistoryEntry(h["edition"], h["value"], h["confidence"], h.get("note", ""))
            for h in r.get("history", [])
        ),
        notes=LocalText.of(r.get("notes")),
    )


def parse_rulebook(doc: Any) -> Rulebook:
    """Check the structure of a rulebook document and parse it; raises RulebookInvalid with
    every error.

    The citation policy is enforced where a document is accepted (`validate_rulebook`: drafts,
    publication, the shipped files), not here: a version published under an earlier policy must
    still screen and replay exactly as it did."""
    _, errors = _structure_errors(doc)
    if errors:
        raise RulebookInvalid(sorted(set(errors), key=lambda e: (e.path, e.message)))
    d = _normalise(doc, [], [])
    title = d["rulebook"].get("title") or {}
    return Rulebook(
        name=d["rulebook"]["name"],
        title_fr=title.get("fr", d["rulebook"]["name"]),
        title_en=title.get("en", d["rulebook"]["name"]),
        kind=d["rulebook"]["kind"],
        effective_from=date.fromisoformat(d["version"]["effective_from"]),
        notes=LocalText.of(d["version"].get("notes")),
        rules=tuple(_parse_rule(r) for r in d["rules"]),
    )
