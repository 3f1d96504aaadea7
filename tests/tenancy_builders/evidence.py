"""Evidence: packs and exports belong to the advocacy or regulator organisation that made them,
never to a startup (startups are refused with 403 before any lookup, so they are "not
applicable" on these routes, as for the regulators' material in screening.py). Measures hold no
owned row: advocates get suppressed aggregates and the drill-down is for regulators, both checked
in tests/integration/evidence/."""

from datetime import date

from django.db import transaction

from backend.accounts.models import User
from backend.common.roles import Role
from backend.evidence.frames import EvidenceFilters
from backend.evidence.services import evidence_export_start, evidence_pack_create
from tests.factories import make_user
from tests.integration.declarations.helpers import make_declaration
from tests.tenancy import Owned, listed_in, owned_route

EVERY_ROLE = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
# A pack or export belongs to the organisation that made it: no other organisation sees it, and a
# startup is refused the route as for a missing id.
NOT_OWNED_BY_A_STARTUP: tuple[str, ...] = ()
FILTERS = EvidenceFilters(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))


def _pack():
    with transaction.atomic():
        return evidence_pack_create(actor=make_user(role=Role.ADVOCATE), filters=FILTERS)


@owned_route("api:evidence-pack-detail", visible_to=NOT_OWNED_BY_A_STARTUP)
def pack(owner: User) -> Owned:
    made = _pack()
    return Owned(url_kwargs={"pack_id": str(made.pk)}, object_id=str(made.pk))


@owned_route("api:evidence-pack-verify", visible_to=NOT_OWNED_BY_A_STARTUP, methods=("post",))
def pack_verify(owner: User) -> Owned:
    made = _pack()
    return Owned(url_kwargs={"pack_id": str(made.pk)}, object_id=str(made.pk))


@owned_route(
    "api:evidence-export-detail", "api:evidence-export-download", visible_to=NOT_OWNED_BY_A_STARTUP
)
def export(owner: User) -> Owned:
    made = _pack()
    job = evidence_export_start(actor=made.created_by, pack=made, fmt="csv")
    return Owned(url_kwargs={"export_id": str(job.pk)}, object_id=str(job.pk))


@listed_in(
    "api:impact-measures",
    "api:impact-participants",
    "api:evidence-packs",
    "api:evidence-exports",
    "api:evidence-pack-checks",
    owner_sees=False,
)
def evidence_about_a_startup(owner: User) -> Owned:
    # Evidence is about startups' payments but names none of them to anyone else.
    made = make_declaration(owner, reference="TENANCY-EVIDENCE")
    return Owned(url_kwargs={}, object_id=str(made.pk))
