"""The evidence of a period computed from the stored declarations and verdicts: the measures'
frames read as of a cut-off, then the cubes built (and, for advocates, protected)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.evidence import frames
from backend.evidence.compute import Cubes, Frames, cubes_build, cubes_protect
from backend.evidence.disclosure import DisclosureParams
from backend.evidence.reviews import reviews_frame


def whole_year(filters: frames.EvidenceFilters) -> frames.EvidenceFilters:
    """The filters' calendar year of `date_to`, unfiltered (the advocates' published cube)."""
    return frames.EvidenceFilters(date_from=filters.date_from, date_to=filters.date_to)


def evidence_frames(
    *, filters: frames.EvidenceFilters, cutoff: datetime, with_usage: bool = True
) -> tuple[Frames, list[dict[str, Any]]]:
    """The measures' frames for the filters over declarations recorded by `cutoff`, and the
    rulebook versions that gave their verdicts."""
    scope = frames.declaration_scope(filters, cutoff)
    versions = frames.versions_in_scope(scope, filters)
    rows = frames.evidence_read(
        filters, cutoff, frames.version_refs(versions), with_usage=with_usage
    )
    built = Frames(
        declarations=frames.declarations_frame(rows),
        participants=frames.participants_frame(scope),
        usage=frames.usage_frame(rows, filters) if with_usage else None,
        reviews=reviews_frame(scope),
    )
    return built, versions


def evidence_cubes(
    *, filters: frames.EvidenceFilters, cutoff: datetime, params: DisclosureParams | None
) -> tuple[Cubes, list[dict[str, Any]]]:
    """The evidence of the filters as a viewer with `params` may see it: the whole year's
    published cube, protected (advocates), or exact cubes of exactly the filters (regulators)."""
    read = whole_year(filters) if params is not None else filters
    built, versions = evidence_frames(filters=read, cutoff=cutoff)
    cubes = cubes_build(
        built, date_from=filters.date_from, date_to=filters.date_to, published=params is not None
    )
    if params is not None:
        cubes_protect(cubes, params.rules)
    return cubes, versions
