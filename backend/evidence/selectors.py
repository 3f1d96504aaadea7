"""Evidence reads. Advocates get aggregates under disclosure control and never a row; regulators
get exact aggregates and the participant drill-down. Packs and exports are their organisation's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from backend.common.errors import Problem
from backend.common.permissions import role_of
from backend.common.roles import Role
from backend.evidence import frames
from backend.evidence.conf import disclosure_params
from backend.evidence.disclosure import DisclosureParams, disclose, exact, mad_text
from backend.evidence.measures import PAIRS, Measures, impact_measures, participant_table
from backend.evidence.models import EvidenceExport, EvidencePack
from backend.evidence.packs import rulebook_rules
from backend.evidence.present import measures_payload
from backend.evidence.reviews import reviews_frame

EVIDENCE_ROLES = (Role.ADVOCATE, Role.REGULATOR)


def measures_compute(
    *,
    filters: frames.EvidenceFilters,
    cutoff: datetime,
    with_usage: bool = True,
    versions: list[dict[str, Any]] | None = None,
) -> Measures:
    """Exact measures for the filters over declarations recorded by `cutoff` (`versions`: their
    `versions_in_scope`, when already known)."""
    scope = frames.declaration_scope(filters, cutoff)
    if versions is None:
        versions = frames.versions_in_scope(scope, filters)
    rows = frames.evidence_read(
        filters, cutoff, frames.version_refs(versions), with_usage=with_usage
    )
    return impact_measures(
        declarations=frames.declarations_frame(rows),
        participants=frames.participants_frame(scope),
        usage=frames.usage_frame(rows, filters) if with_usage else None,
        reviews=reviews_frame(scope),
    )


def shown_measures(measures: Measures, params: DisclosureParams | None) -> Measures:
    """Disclosed for an advocate's parameters, exact for a regulator (params None)."""
    return exact(measures) if params is None else disclose(measures, params)


def viewer_disclosure(viewer: Any) -> DisclosureParams | None:
    """The disclosure parameters applying to the viewer (None: a regulator sees exact cells);
    other roles are refused."""
    role = role_of(viewer)
    if role == Role.REGULATOR:
        return None
    if role == Role.ADVOCATE:
        return disclosure_params()
    raise Problem(
        status_code=403,
        code="permission_denied",
        detail="Evidence is for advocates and regulators.",
    )


def evidence_measures(*, viewer: Any, filters: frames.EvidenceFilters) -> dict[str, Any]:
    """Impact measures as the viewer may see them, with the disclosure parameters applied."""
    params = viewer_disclosure(viewer)
    cutoff = timezone.now()
    versions = frames.versions_in_scope(frames.declaration_scope(filters, cutoff), filters)
    measures = measures_compute(filters=filters, cutoff=cutoff, versions=versions)
    payload = measures_payload(
        shown_measures(measures, params), disclosure=params.as_dict() if params else None
    )
    # Every limit behind these figures comes from a rule: say where it comes from (citation and
    # confidence tag), here rather than in the payload so export files and pack hashes stay put.
    payload["rules"] = rulebook_rules({"rulebook_versions": versions})
    return payload


def evidence_participants(*, viewer: Any, filters: frames.EvidenceFilters) -> list[dict[str, Any]]:
    """Regulators' participant-level drill-down; advocates are refused any row-level data."""
    if role_of(viewer) != Role.REGULATOR:
        raise Problem(
            status_code=403,
            code="row_level_refused",
            detail="Participant-level data is for regulators only; advocates see aggregates.",
        )
    cutoff = timezone.now()
    scope = frames.declaration_scope(filters, cutoff)
    versions = frames.version_refs(frames.versions_in_scope(scope, filters))
    rows = frames.evidence_read(filters, cutoff, versions, with_usage=False)
    table = participant_table(frames.declarations_frame(rows), frames.participants_frame(scope))
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
        for pair in PAIRS:
            row[pair] = {
                "declarations": int(r[f"{pair}_declarations"]),
                "mad": mad_text(r[f"{pair}_mad_minor"]),
            }
        out.append(row)
    return out


def _organisation_id(viewer: Any) -> Any:
    if role_of(viewer) not in EVIDENCE_ROLES:
        return None
    return viewer.membership.organisation_id


def evidence_pack_list(*, viewer: Any) -> QuerySet[EvidencePack]:
    """The viewer's organisation's packs, newest first."""
    return EvidencePack.objects.filter(organisation_id=_organisation_id(viewer)).order_by(
        "-created_at", "-id"
    )


def evidence_pack_get(*, viewer: Any, pack_id: Any) -> EvidencePack:
    """One pack of the viewer's organisation (404 otherwise)."""
    return get_object_or_404(evidence_pack_list(viewer=viewer), pk=pack_id)


def evidence_export_list(*, viewer: Any) -> QuerySet[EvidenceExport]:
    """The viewer's organisation's exports, newest first."""
    return (
        EvidenceExport.objects.select_related("pack")
        .filter(organisation_id=_organisation_id(viewer))
        .order_by("-created_at", "-id")
    )


def evidence_export_get(*, viewer: Any, export_id: Any) -> EvidenceExport:
    """One export of the viewer's organisation (404 otherwise)."""
    return get_object_or_404(evidence_export_list(viewer=viewer), pk=export_id)
