"""What a flag says of its breach (severity, explanations, measured figure against the limit),
taken from the finding of its declaration, and kept equal to it while the flag stays open.

A payment declared back-dated into an allowance year changes the running total of every later
payment of the year: their findings are rewritten, and so are the details of their open flags,
in one set-based update of the flags whose details changed (none when nothing did).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db.models import QuerySet

from backend.common.bulk import frame_read, raw_update
from backend.screening.columns import optional_dates, optional_ints, texts, texts_or_empty
from backend.screening.facts import IN_CHUNK
from backend.screening.models import Flag, FlagStatus
from backend.screening.services.screening.frames import _field_prep
from backend.screening.versions import VersionResult

Key = tuple[str, str, str]  # declaration, version, rule
TEXT_FIELDS = ("rule_kind", "severity", "confidence", "explanation_fr", "explanation_en", "unit")
INT_FIELDS = ("measured_minor", "limit_minor")
DATE_FIELDS = ("window_start", "window_end")
DETAIL_FIELDS = (*TEXT_FIELDS, *INT_FIELDS, *DATE_FIELDS)


def breach_details(results: list[VersionResult], keys: set[Key]) -> dict[Key, dict[str, Any]]:
    """The flag details of these breach keys, from the findings just made (a heavy
    participant's year finds thousands of breaches: only the wanted declarations are read)."""
    wanted = {d for d, _, _ in keys}
    out: dict[Key, dict[str, Any]] = {}
    if not keys:
        return out
    for result in results:
        f = result.findings
        f = f[np.array([d in wanted for d in texts(f, "declaration_id")], dtype=bool)]
        f = f[f["outcome"] == "breach"]
        version_id = result.version.id
        columns = {
            **{name: texts(f, name) for name in TEXT_FIELDS},
            **{name: optional_ints(f, name) for name in INT_FIELDS},
            **{name: optional_dates(f, name) for name in DATE_FIELDS},
        }
        rows = zip(texts(f, "declaration_id"), texts(f, "rule_id"), *columns.values(), strict=True)
        for row in rows:
            key = (str(row[0]), version_id, str(row[1]))
            if key in keys:
                out[key] = dict(zip(columns, row[2:], strict=True))
    return out


def _stored_details(window: QuerySet[Flag], pks: set[str]) -> dict[str, dict[str, Any]]:
    """The details the open flags with these ids now show, by flag id, in one set-based read:
    of these ids when they are few, else of the window's open flags (most of them are wanted
    when a back-dated payment moves the later totals)."""
    if not pks:
        return {}
    wanted = window.filter(pk__in=list(pks)) if len(pks) <= IN_CHUNK else window
    stored = frame_read(wanted.filter(status=FlagStatus.OPEN), ("id", *DETAIL_FIELDS))
    columns = {
        **{name: texts_or_empty(stored, name) for name in TEXT_FIELDS},
        **{name: optional_ints(stored, name) for name in INT_FIELDS},
        **{name: optional_dates(stored, name) for name in DATE_FIELDS},
    }
    return {
        str(row[0]): dict(zip(columns, row[1:], strict=True))
        for row in zip(texts(stored, "id"), *columns.values(), strict=True)
        if str(row[0]) in pks
    }


def flags_details_refresh(
    results: list[VersionResult], window: QuerySet[Flag], open_flags: Iterable[tuple[Key, str]]
) -> int:
    """Write the findings' details into the open flags (key, flag id) of the window (the flags
    of the participants' screened years) whose details differ: one set-based update for them
    all, of the fields that changed; the number of flags updated.

    Not audited flag by flag: the screening that rewrote the findings is on the audit trail, and
    a reopened flag's changed details are not audited either."""
    pk_of = dict(open_flags)
    fresh = breach_details(results, set(pk_of))
    stored = _stored_details(window, {pk_of[key] for key in fresh})
    changed: list[tuple[str, dict[str, Any]]] = []
    names: set[str] = set()
    for key, details in fresh.items():
        now = stored.get(pk_of[key])
        if now is None:
            continue  # closed meanwhile
        differing = {name for name, value in details.items() if now[name] != value}
        if differing:
            names |= differing
            changed.append((pk_of[key], details))
    if not changed:
        return 0
    fields = [name for name in DETAIL_FIELDS if name in names]
    preps = {name: _field_prep(Flag, name) for name in ("id", *fields)}
    rows = [
        (preps["id"](pk), *(preps[name](details[name]) for name in fields))
        for pk, details in changed
    ]
    return raw_update(Flag, fields, rows)
