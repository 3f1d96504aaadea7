"""Evidence test data through the real services and pipeline: the test rulebooks (card cap
2,000,000 MAD in force, 4,000,000 MAD proposed), a 2026 cohort and MAD payments."""

from datetime import date
from typing import Any

from backend.accounts.models import User
from backend.common.roles import Role
from backend.evidence.models import EvidenceExport
from backend.evidence.services import evidence_export_build
from tests.factories import make_organisation, make_user
from tests.integration.screening import helpers as h


def startup(**profile: Any) -> User:
    """A startup member of a fresh organisation with this profile."""
    return make_user(role=Role.STARTUP, organisation=make_organisation(**profile))


def world(*, trialled: int, unlocked: int, compliant: int, sector: str = "Logiciel") -> dict:
    """`trialled` cohort members (the first `unlocked` declare 2,500,000 MAD by card: blocked now,
    allowed under the proposal; the next `compliant` declare 1,000 MAD) and one startup outside
    the cohort declaring 500 MAD."""
    h.in_force()
    proposal = h.proposal()
    members = [startup(sector=sector, cluster="MNC") for _ in range(trialled)]
    outsider = startup(sector="Fintech", cluster="NONE")
    h.cohort(proposal, [u.membership.organisation for u in members])
    made = []
    for user in members[:unlocked]:
        made.append(h.declare(user, "2500000.00", date(2026, 3, 2)))
    for user in members[unlocked : unlocked + compliant]:
        made.append(h.declare(user, "1000.00", date(2026, 4, 6)))
    made.append(h.declare(outsider, "500.00", date(2026, 4, 7)))
    h.process(*made)
    return {"members": members, "outsider": outsider, "declarations": made}


FILTERS_2026 = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


def build(export_id: Any) -> EvidenceExport:
    """Run the export task's service, as the worker does."""
    return evidence_export_build(export_id=export_id)
