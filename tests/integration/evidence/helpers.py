"""Evidence test data through the real services and pipeline: the test rulebooks (card cap
2,000,000 MAD in force, 4,000,000 MAD proposed), a 2026 cohort and MAD payments."""

import copy
from datetime import date
from typing import Any

from backend.accounts.models import User
from backend.common.roles import Role
from backend.evidence.models import EvidenceExport
from backend.evidence.services import evidence_export_build
from tests.factories import make_organisation, make_user
from tests.integration.screening import helpers as h

# A document threshold tagged illustrative: above it, a service paid without a contract is a
# breach under a value that is not the law's (100,000 MAD in force, 250,000 proposed).
THRESHOLD_RULE: dict[str, Any] = {
    "id": "DOC_THRESHOLD",
    "kind": "document_threshold",
    "title": {"fr": "Contrat au-delà d'un seuil", "en": "Contract above a threshold"},
    "scope": {"categories": ["FREELANCE_DEV"], "directions": ["outgoing"]},
    "params": {
        "threshold_mad": "100000.00",
        "required_documents": ["contract"],
        "missing_outcome": "breach",
    },
    "severity": "medium",
    "citation": {"instrument": "Sandbox demonstration", "note": "illustrative threshold"},
    "confidence": "illustrative",
}


def startup(**profile: Any) -> User:
    """A startup member of a fresh organisation with this profile."""
    return make_user(role=Role.STARTUP, organisation=make_organisation(**profile))


def _with_threshold(kind: str, name: str, cap_mad: str, threshold_mad: str):
    doc = h.document(name=name, kind=kind, cap_mad=cap_mad)
    rule = copy.deepcopy(THRESHOLD_RULE)
    rule["params"]["threshold_mad"] = threshold_mad
    doc["rules"].append(rule)
    return h.publish(doc)


def world(
    *,
    trialled: int,
    unlocked: int,
    compliant: int,
    illustrative: int = 0,
    outsiders: int = 1,
    sector: str = "Logiciel",
) -> dict:
    """`trialled` cohort members of the MNC cluster (the first `unlocked` declare 2,500,000 MAD by
    card: blocked now by the press-sourced card cap, allowed under the proposal; the next
    `illustrative` pay 150,000 MAD by transfer for contract work without a contract: blocked
    now only by the illustrative 100,000 MAD threshold, allowed under the proposal's 250,000;
    the next `compliant` declare 1,000 MAD) and `outsiders` startups outside the cohort and any
    cluster, declaring 500 MAD each (the first is returned as `outsider`)."""
    _with_threshold("in_force", "Test rules in force", "2000000.00", "100000.00")
    proposal = _with_threshold("proposed", "Test proposal", "4000000.00", "250000.00")
    members = [startup(sector=sector, cluster="MNC") for _ in range(trialled)]
    others = [startup(sector="Fintech", cluster="NONE") for _ in range(outsiders)]
    h.cohort(proposal, [u.membership.organisation for u in members])
    made = []
    for user in members[:unlocked]:
        made.append(h.declare(user, "2500000.00", date(2026, 3, 2)))
    for user in members[unlocked : unlocked + illustrative]:
        made.append(
            h.declare(
                user, "150000.00", date(2026, 3, 9), channel="transfer", category="FREELANCE_DEV"
            )
        )
    for user in members[unlocked + illustrative : unlocked + illustrative + compliant]:
        made.append(h.declare(user, "1000.00", date(2026, 4, 6)))
    made += [h.declare(other, "500.00", date(2026, 4, 7)) for other in others]
    h.process(*made)
    return {"members": members, "outsider": others[0], "declarations": made}


FILTERS_2026 = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


def build(export_id: Any) -> EvidenceExport:
    """Run the export task's service, as the worker does."""
    return evidence_export_build(export_id=export_id)
