"""Evidence reads. Advocates get aggregates under disclosure control and never a row; regulators
get exact aggregates and the participant drill-down. Packs and exports are their organisation's.

An advocate's request is one slice of the period's published cube: a whole calendar year and at
most one filter on a published dimension, so every figure any request can show was protected
together with every other one (see `backend.evidence.cube`).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from backend.common.domain_errors import InvalidInput, NotAllowed
from backend.common.roles import Role
from backend.common.tenancy import scoped, sees
from backend.evidence import frames
from backend.evidence.aggregates import calendar_year, evidence_aggregate
from backend.evidence.conf import disclosure_params, stale_allowance
from backend.evidence.disclosure import DisclosureParams, mad_text
from backend.evidence.measures import FILTERS, PAIRS, participant_table
from backend.evidence.models import EvidenceExport, EvidencePack
from backend.evidence.packs.rules import rule_sources
from backend.evidence.present import Filter, measures_payload
from backend.evidence.reading import evidence_cubes, evidence_frames, whole_year

EVIDENCE_ROLES = (Role.ADVOCATE, Role.REGULATOR)
M = TypeVar("M", bound=Model)
NOT_PUBLISHED = ("cohort", "sector", "region")
# Every filter of the measures but the period, in the order a form shows them.
ALL_FILTERS = tuple(
    f.name for f in fields(frames.EvidenceFilters) if not f.name.startswith("date_")
)


def _refused(pointer: str, code: str, detail: str) -> InvalidInput:
    return InvalidInput(
        code=code,
        detail=detail,
        errors=[{"pointer": f"/{pointer}", "code": code, "detail": detail}],
    )


def published_filter(filters: frames.EvidenceFilters) -> Filter:
    """The one published filter of an advocate's request (None: none); refused otherwise: the
    period must be a whole calendar year and at most one published dimension may be filtered."""
    start, end = filters.date_from, filters.date_to
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        raise _refused(
            "date_from",
            "period_not_published",
            "Advocates' evidence covers whole calendar years (1 January to 31 December), so "
            "that no two periods can be subtracted to reveal a small group.",
        )
    for name in NOT_PUBLISHED:
        if getattr(filters, name) is not None:
            raise _refused(
                name,
                "filter_not_published",
                f"The {name} is not a published dimension of the advocates' evidence.",
            )
    chosen = [
        (name, getattr(filters, name)) for name in FILTERS if getattr(filters, name) is not None
    ]
    if len(chosen) > 1:
        raise _refused(
            chosen[1][0],
            "one_filter_at_a_time",
            "Advocates' evidence takes one filter at a time: every published figure is "
            "protected together with all the others only in that shape.",
        )
    if not chosen:
        return None
    name, value = chosen[0]
    if name == "labelled":
        value = "true" if value else "false"
    return name, str(value)


def filtering(params: DisclosureParams | None) -> dict[str, Any]:
    """The filters the viewer may use, so a form offers those and no other: an advocate one
    published dimension at a time over a whole calendar year, a regulator any of them together
    over any period."""
    if params is None:
        return {"filters": list(ALL_FILTERS), "whole_years": False, "one_at_a_time": False}
    return {"filters": list(FILTERS), "whole_years": True, "one_at_a_time": True}


def viewer_disclosure(viewer: Any) -> DisclosureParams | None:
    """The disclosure parameters applying to the viewer (None: a regulator sees exact cells);
    other roles are refused."""
    if sees(viewer, (Role.REGULATOR,)):
        return None
    if sees(viewer, (Role.ADVOCATE,)):
        return disclosure_params()
    raise NotAllowed(
        code="permission_denied",
        detail="Evidence is for advocates and regulators.",
    )


def evidence_measures(*, viewer: Any, filters: frames.EvidenceFilters) -> dict[str, Any]:
    """Impact measures as the viewer may see them, with the disclosure parameters applied."""
    params = viewer_disclosure(viewer)
    where = published_filter(filters) if params is not None else None
    # A whole year (an advocate's always is) is a slice of the year's stored cubes; anything
    # else a regulator asks for is computed from the declarations.
    year = calendar_year(whole_year(filters) if params is not None else filters)
    if year is not None:
        loaded = evidence_aggregate(year=year, params=params, stale_for=stale_allowance())
        cubes, versions = loaded.cubes, loaded.versions
        as_of, current = loaded.computed_at, loaded.current
    else:
        as_of, current = timezone.now(), True
        cubes, versions = evidence_cubes(filters=filters, cutoff=as_of, params=params)
    payload = measures_payload(cubes, where=where, params=params)
    # When the figures were counted, and whether later changes are still being counted.
    payload["figures_as_of"], payload["up_to_date"] = as_of, current
    # Every limit behind these figures comes from a rule: say where it comes from (citation and
    # confidence tag), here rather than in the payload so export files and pack hashes stay put.
    payload["rules"] = rule_sources(versions)
    payload["filtering"] = filtering(params)
    return payload


def evidence_participants(*, viewer: Any, filters: frames.EvidenceFilters) -> list[dict[str, Any]]:
    """Regulators' participant-level drill-down; advocates are refused any row-level data."""
    if not sees(viewer, (Role.REGULATOR,)):
        raise NotAllowed(
            code="row_level_refused",
            detail="Participant-level data is for regulators only; advocates see aggregates.",
        )
    built, _ = evidence_frames(filters=filters, cutoff=timezone.now(), with_usage=False)
    table = participant_table(built.declarations, built.participants)
    out = []
    for r in table.to_dict("records"):
        row: dict[str, Any] = {
            "participant": {"id": r["participant_id"], "name": r["name"]},
            "cluster": r["cluster"],
            "sector": r["sector"],
            "region": r["region"],
            "declarations": int(r["total_declarations"]),
            "mad": mad_text(r["total_mad_minor"]),
        }
        for pair in (*PAIRS, "unlocked_law", "unlocked_illustrative"):
            row[pair] = {
                "declarations": int(r[f"{pair}_declarations"]),
                "mad": mad_text(r[f"{pair}_mad_minor"]),
            }
        out.append(row)
    return out


def _own(queryset: QuerySet[M], viewer: Any) -> QuerySet[M]:
    """Packs and exports belong to the organisation that made them, whatever its role."""
    return scoped(queryset, viewer=viewer, owner="organisation_id", every=(), own=EVIDENCE_ROLES)


def evidence_pack_list(*, viewer: Any) -> QuerySet[EvidencePack]:
    """The viewer's organisation's packs, newest first."""
    return _own(EvidencePack.objects.all(), viewer).order_by("-created_at", "-id")


def evidence_pack_get(*, viewer: Any, pack_id: Any) -> EvidencePack:
    """One pack of the viewer's organisation (404 otherwise)."""
    return get_object_or_404(evidence_pack_list(viewer=viewer), pk=pack_id)


def evidence_export_list(*, viewer: Any) -> QuerySet[EvidenceExport]:
    """The viewer's organisation's exports, newest first."""
    return _own(EvidenceExport.objects.select_related("pack"), viewer).order_by(
        "-created_at", "-id"
    )


def evidence_export_get(*, viewer: Any, export_id: Any) -> EvidenceExport:
    """One export of the viewer's organisation (404 otherwise)."""
    return get_object_or_404(evidence_export_list(viewer=viewer), pk=export_id)
