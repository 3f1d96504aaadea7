"""The dashboard's evidence served from stored cubes, kept up to date.

Every figure a whole-year request can show (an advocate's with any one published filter, a
regulator's without a filter) is a slice of the year's cubes. They are computed from every
declaration once, stored with the mark of the audit trail they were read at, and sliced per
request; a worker computes them again within a minute of a change (`evidence.refresh`). A
dashboard request that finds them out of date is answered from them while they are younger than
`EVIDENCE_STALE_SECONDS`, saying so (`Loaded.current` false, with the time they were computed at),
so a busy hour of declarations does not make every reader wait for a whole year's computation;
older, or for anything that is not the dashboard, the request computes them itself. Stored cubes
are bytes of the same arrays the computation gives: the figures are those of the full
computation at the time they carry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from threading import Lock
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.evidence.aggregates.freshness import Mark, audit_mark, is_current
from backend.evidence.aggregates.stored import cubes_bytes, cubes_from_bytes
from backend.evidence.compute import Cubes
from backend.evidence.conf import disclosure_params
from backend.evidence.cube.axes import TOTAL
from backend.evidence.disclosure import DisclosureParams
from backend.evidence.frames import EvidenceFilters
from backend.evidence.models import EvidenceAggregate
from backend.evidence.reading import evidence_cubes

EXACT = "exact"
# The years the worker keeps computed without being asked: the current one and the last.
YEARS_KEPT = 2


def variant_of(params: DisclosureParams | None) -> str:
    """Which cubes a viewer with `params` reads: exact, or protected with that threshold."""
    if params is None:
        return EXACT
    dominance = "" if params.dominance else ",no-dominance"
    return f"published:k={params.min_participants}{dominance}"


def calendar_year(filters: EvidenceFilters) -> int | None:
    """The year when the filters are one whole calendar year and nothing else, else None."""
    start, end = filters.date_from, filters.date_to
    if start != date(start.year, 1, 1) or end != date(start.year, 12, 31):
        return None
    return start.year if filters == EvidenceFilters(date_from=start, date_to=end) else None


def _year_filters(year: int) -> EvidenceFilters:
    return EvidenceFilters(date_from=date(year, 1, 1), date_to=date(year, 12, 31))


@dataclass(frozen=True)
class Loaded:
    """Cubes in this process's memory, and which stored row they came from."""

    token: tuple[int, datetime]
    cubes: Cubes
    versions: list[dict[str, Any]]
    # False: changes made since `computed_at` are not counted yet (the worker is computing them).
    current: bool = True

    @property
    def computed_at(self) -> datetime:
        return self.token[1]


# Per (year, variant): the last cubes this process loaded or computed. They are only read
# (sliced) once built, so requests share them.
_loaded: dict[tuple[int, str], Loaded] = {}
_loaded_lock = Lock()


def _remember(year: int, variant: str, loaded: Loaded) -> Loaded:
    with _loaded_lock:
        _loaded[(year, variant)] = loaded
    return loaded


def _store(
    *,
    year: int,
    variant: str,
    mark: Mark,
    computed_at: datetime,
    seconds: float,
    data: bytes,
    declarations: int,
) -> EvidenceAggregate:
    fields = {
        "audit_high": mark.high,
        "audit_since": mark.since,
        "audit_window": mark.window,
        "computed_at": computed_at,
        "seconds": seconds,
        "declarations": declarations,
        "data": data,
    }
    try:
        with transaction.atomic():
            return EvidenceAggregate.objects.create(year=year, variant=variant, **fields)
    except IntegrityError:
        pass  # computed meanwhile by another process: keep the later of the two
    with transaction.atomic():
        row = EvidenceAggregate.objects.select_for_update().get(year=year, variant=variant)
        if (row.audit_high, row.computed_at) <= (mark.high, computed_at):
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
        return row


def _declarations(cubes: Cubes) -> int:
    cube = cubes.declarations
    return int(cube.count[cube.index[()][cube.axis.labels.index((TOTAL, TOTAL))]])


def evidence_aggregate_compute(*, year: int, params: DisclosureParams | None) -> Loaded:
    """Compute the year's cubes from every declaration now, store and return them."""
    variant = variant_of(params)
    mark = audit_mark()  # before the read: a change during it makes the result out of date
    computed_at = timezone.now()
    started = time.perf_counter()
    cubes, versions = evidence_cubes(filters=_year_filters(year), cutoff=computed_at, params=params)
    seconds = time.perf_counter() - started
    row = _store(
        year=year,
        variant=variant,
        mark=mark,
        computed_at=computed_at,
        seconds=seconds,
        data=cubes_bytes(cubes, versions),
        declarations=_declarations(cubes),
    )
    loaded = Loaded((row.pk, computed_at), cubes, versions)
    return _remember(year, variant, loaded)


def evidence_aggregate(
    *, year: int, params: DisclosureParams | None, stale_for: timedelta | None = None
) -> Loaded:
    """The year's cubes as stored when they are up to date, else computed now; with
    `stale_for`, out-of-date cubes computed less than that long ago are returned as they are,
    marked not current (the worker's refresh computes them again)."""
    variant = variant_of(params)
    row = (
        EvidenceAggregate.objects.filter(year=year, variant=variant)
        .values("pk", "audit_high", "audit_since", "audit_window", "computed_at")
        .first()
    )
    if row is None:
        return evidence_aggregate_compute(year=year, params=params)
    mark = Mark(high=row["audit_high"], since=row["audit_since"], window=row["audit_window"])
    current = is_current(mark, row["computed_at"])
    if not current and (stale_for is None or timezone.now() - row["computed_at"] > stale_for):
        return evidence_aggregate_compute(year=year, params=params)
    token = (row["pk"], row["computed_at"])
    loaded = _loaded.get((year, variant))
    if loaded is None or loaded.token != token:
        data = EvidenceAggregate.objects.filter(pk=row["pk"]).values_list("data", flat=True).first()
        if data is None:  # replaced since: compute rather than chase it
            return evidence_aggregate_compute(year=year, params=params)
        cubes, versions = cubes_from_bytes(bytes(data))
        loaded = _remember(year, variant, Loaded(token, cubes, versions))
    return loaded if current else replace(loaded, current=False)


def evidence_aggregates_refresh() -> list[tuple[int, str]]:
    """Compute again the stored cubes that are out of date, and those of the years kept that
    are missing, for the disclosure in force (rows of an older threshold are dropped); returns
    the (year, variant) computed."""
    params = disclosure_params()
    current = {EXACT: None, variant_of(params): params}
    EvidenceAggregate.objects.exclude(variant__in=list(current)).delete()
    this_year = timezone.localdate().year
    wanted = {(y, v) for y in range(this_year - YEARS_KEPT + 1, this_year + 1) for v in current}
    rows = {
        (r["year"], r["variant"]): r
        for r in EvidenceAggregate.objects.values(
            "year", "variant", "audit_high", "audit_since", "audit_window", "computed_at"
        )
    }
    done = []
    for year, variant in sorted(wanted | set(rows)):
        row = rows.get((year, variant))
        if row is not None:
            mark = Mark(row["audit_high"], row["audit_since"], row["audit_window"])
            if is_current(mark, row["computed_at"]):
                continue
        evidence_aggregate_compute(year=year, params=current[variant])
        done.append((year, variant))
    return done
