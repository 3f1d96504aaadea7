"""Building a pack on the server: freeze its inputs at the cut-off, compute its figures from them,
write its files and manifest; later, rebuild the same files from the frozen inputs alone and say
what changed in the live data since."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import numpy as np
import pandas as pd
from django.utils import timezone

from backend.evidence import frames
from backend.evidence.compute import Frames, cubes_build, cubes_protect
from backend.evidence.disclosure import DisclosureParams
from backend.evidence.packs.files import pack_files
from backend.evidence.packs.frozen import DECLARATIONS, frames_bytes
from backend.evidence.packs.manifest import manifest_body, sha256
from backend.evidence.packs.rules import rulebook_rules
from backend.evidence.present import Filter, measures_payload
from backend.evidence.reading import evidence_frames
from backend.rates.models import Conversion
from backend.rule_engine import ENGINE_VERSION
from backend.rulebooks.models import RulebookVersion
from backend.screening.rule_coverage import CoverageScope, coverage_report

# What a rebuild keeps of the manifest a pack was built with: its wording and its versions.
BUILT_WITH = ("format", "code_version", "libraries")
PUBLISHED_FILTERS = ("cluster", "category", "channel", "country", "labelled")


def published_where(filters: frames.EvidenceFilters) -> Filter:
    """The one filter of an advocate's pack (already checked when the pack was created)."""
    for name in PUBLISHED_FILTERS:
        value = getattr(filters, name)
        if value is not None:
            return name, ("true" if value else "false") if name == "labelled" else str(value)
    return None


def read_filters(filters: frames.EvidenceFilters, advocate: bool) -> frames.EvidenceFilters:
    """What a pack reads: an advocate's whole year (its figures are protected with every other
    published one), a regulator's exact filters."""
    if advocate:
        return frames.EvidenceFilters(date_from=filters.date_from, date_to=filters.date_to)
    return filters


def rate_set(scope: Any) -> dict[str, Any]:
    """The rate rows behind the conversions in scope: how many, and one hash of their ids."""
    # Rate rows are append-only (a correction is a new row), so their ids name their values.
    through = Conversion.rate_rows.through
    ids = sorted(
        {
            str(i)
            for i in through.objects.filter(conversion__declaration__in=scope).values_list(
                "raterow_id", flat=True
            )
        }
    )
    return {"rows": len(ids), "hash": sha256(",".join(ids).encode())}


@dataclass(frozen=True)
class Frozen:
    """A pack's inputs as read at its cut-off."""

    frames: Frames
    data: bytes
    versions: list[dict[str, Any]]
    rate_set: dict[str, Any]
    # The per-rule coverage report of each version over the period (see `coverage_read`).
    coverage: list[dict[str, Any]] = field(default_factory=list)


def coverage_read(
    versions: list[dict[str, Any]],
    filters: frames.EvidenceFilters,
    cutoff: datetime,
    *,
    advocate: bool,
) -> list[dict[str, Any]]:
    """Each version's per-rule coverage over the pack's period, every participant: what each
    rule evaluated, and what it lacked where it could not. An advocate's pack says each rule's
    status and the facts it lacked, its counts withheld (as the API answers advocates)."""
    found = RulebookVersion.objects.select_related("rulebook").in_bulk([v["id"] for v in versions])
    as_of = timezone.localdate(cutoff)
    return [
        coverage_report(
            CoverageScope(
                version=found[UUID(str(v["id"]))],
                date_from=filters.date_from,
                date_to=filters.date_to,
            ),
            counts=not advocate,
            as_of=as_of,
        )
        for v in versions
    ]


def inputs_read(filters: frames.EvidenceFilters, cutoff: datetime, *, advocate: bool) -> Frozen:
    """Read the pack's inputs now, as of `cutoff`."""
    read = read_filters(filters, advocate)
    built, versions = evidence_frames(filters=read, cutoff=cutoff)
    scope = frames.declaration_scope(read, cutoff)
    coverage = coverage_read(versions, filters, cutoff, advocate=advocate)
    return Frozen(built, frames_bytes(built), versions, rate_set(scope), coverage)


def inputs_summary(frozen: Frozen) -> dict[str, Any]:
    """The manifest's account of the inputs: their hash and size."""
    return {
        "sha256": sha256(frozen.data),
        "declarations": len(frozen.frames.declarations),
        "participants": len(frozen.frames.participants),
        "allowances": 0 if frozen.frames.usage is None else len(frozen.frames.usage),
        "decided_cases": len(frozen.frames.reviews),
    }


def pack_payload(
    built: Frames, filters: frames.EvidenceFilters, disclosure: dict[str, Any] | None
) -> dict[str, Any]:
    """The pack's figures from its inputs, as the measures endpoint computes them."""
    params = DisclosureParams(**disclosure) if disclosure else None
    cubes = cubes_build(
        built, date_from=filters.date_from, date_to=filters.date_to, published=params is not None
    )
    if params is not None:
        cubes_protect(cubes, params.rules)
    where = published_where(filters) if params is not None else None
    return measures_payload(cubes, where=where, params=params)


def pack_build_files(
    *,
    pack_id: str,
    audience: str,
    filters: frames.EvidenceFilters,
    disclosure: dict[str, Any] | None,
    cutoff: datetime,
    frozen: Frozen,
    built_with: dict[str, Any] | None = None,
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every file of the pack and its manifest, from the frozen inputs; a rebuild passes the
    manifest the pack was built with (`built_with`), whose format and code and library versions
    it keeps, so that a pack built by earlier code rebuilds to the same bytes."""
    body = manifest_body(
        pack_id=pack_id,
        audience=audience,
        filters=filters.as_dict(),
        disclosure=disclosure,
        cutoff=cutoff,
        versions=frozen.versions,
        rate_set=frozen.rate_set,
        engine_version=ENGINE_VERSION,
        inputs=inputs_summary(frozen),
        coverage=frozen.coverage,
    )
    if built_with is not None:
        body.update({k: built_with[k] for k in BUILT_WITH if k in built_with})
    payload = pack_payload(frozen.frames, filters, disclosure)
    return pack_files(payload, body, rulebook_rules(frozen.versions, body["format"]))


# Every column of a frozen declaration but its id.
COMPARED = DECLARATIONS[1:]


def _keyed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame[["declaration_id", *columns]].copy()
    out["declaration_id"] = out["declaration_id"].astype(str)
    for column in columns:
        text = out[column].astype(object)
        out[column] = text.where(text.notna(), "").astype(str)
    return out.set_index("declaration_id")


def changes_since(frozen: Frames, current: Frames) -> dict[str, Any]:
    """What differs between the frozen inputs and the same read of the live data now."""
    # A pack frozen before a column was recorded is compared on the columns it has.
    columns = [c for c in COMPARED if c in frozen.declarations and c in current.declarations]
    before = _keyed(frozen.declarations, columns)
    after = _keyed(current.declarations, columns)
    common = before.index.intersection(after.index)
    changed = (before.loc[common] != after.loc[common]).any(axis=1)
    verdicts = ["in_force", "proposed", "in_force_law"]
    verdict_changed = (before.loc[common, verdicts] != after.loc[common, verdicts]).any(axis=1)
    out = {
        "declarations_added": len(after.index.difference(before.index)),
        "declarations_removed": len(before.index.difference(after.index)),
        "declarations_changed": int(changed.sum()),
        "verdicts_changed": int(verdict_changed.sum()),
    }
    out["differs"] = bool(np.any(list(out.values())))
    return out
