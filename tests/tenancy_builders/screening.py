"""Screening: flags and headroom belong to a startup; runs, backtests and sweeps are the
regulators' shared material (like rulebooks, see tests/tenancy_builders/rulebooks.py: startups are
refused with 403 before any lookup, so they are "not applicable" on those object routes)."""

from datetime import date
from decimal import Decimal

from backend.accounts.models import User
from backend.common.roles import Role
from backend.screening.models import Flag
from backend.screening.services.analysis import backtest_start, sweep_start
from backend.screening.services.runs import screening_run_start
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening import helpers as h
from tests.tenancy import Owned, listed_in, owned_route

EVERY_ROLE = (Role.STARTUP, Role.REGULATOR, Role.ADVOCATE, Role.ADMIN)
# Regulators' material: every regulator sees it; a startup is refused as for a missing id.
NOT_OWNED_BY_A_STARTUP = (Role.REGULATOR,)


@owned_route("api:flag-detail", visible_to=(Role.REGULATOR,))
@listed_in("api:flags", visible_to=(Role.REGULATOR,))
def flag(owner: User) -> Owned:
    h.in_force()
    h.process(h.declare(owner, "2500000.00", date(2026, 3, 2)))
    made = Flag.objects.get(participant=owner.membership.organisation)
    return Owned(url_kwargs={"flag_id": str(made.pk)}, object_id=str(made.pk))


# A regulator names the participant (without one: 400); another startup gets its own.
@listed_in("api:headroom")
def headroom(owner: User) -> Owned:
    # The answer names the participant: another startup must get its own, never this one.
    h.in_force()
    organisation = owner.membership.organisation
    return Owned(url_kwargs={}, object_id=str(organisation.pk))


@owned_route("api:screening-run-detail", visible_to=NOT_OWNED_BY_A_STARTUP)
def screening_run(owner: User) -> Owned:
    run = screening_run_start(actor=regulator(), reason="tenancy walk")
    return Owned(url_kwargs={"run_id": str(run.pk)}, object_id=str(run.pk))


@owned_route(
    "api:backtest-detail",
    "api:backtest-transitions",
    "api:backtest-export",
    visible_to=NOT_OWNED_BY_A_STARTUP,
)
def backtest(owner: User) -> Owned:
    made = backtest_start(
        actor=regulator(),
        version=h.in_force(),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    return Owned(url_kwargs={"backtest_id": str(made.pk)}, object_id=str(made.pk))


@owned_route("api:sweep-detail", "api:sweep-export", visible_to=NOT_OWNED_BY_A_STARTUP)
def sweep(owner: User) -> Owned:
    made = sweep_start(
        actor=regulator(),
        version=h.in_force(),
        rule_id="CARD_CAP",
        parameter="cap_mad",
        values=[Decimal("1000000.00")],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    return Owned(url_kwargs={"sweep_id": str(made.pk)}, object_id=str(made.pk))


@listed_in("api:screening-runs", "api:backtests", "api:sweeps", owner_sees=False)
def regulators_material(owner: User) -> Owned:
    return Owned(url_kwargs={}, object_id=str(owner.membership.organisation_id))


@listed_in("api:simulations", owner_sees=False, methods=("post",))
def simulation_of_a_startup(owner: User) -> Owned:
    # A simulation stores nothing and answers about the caller's own organisation only: with
    # organisation A's history present, no other caller's answer may name A's declaration.
    h.in_force()
    made = h.declare(owner, "1500000.00", date(2026, 3, 2))
    h.process(made)
    return Owned(url_kwargs={}, object_id=str(made.pk))


@owned_route("api:rulebook-version-coverage", visible_to=(Role.REGULATOR, Role.ADVOCATE))
def rule_coverage(owner: User) -> Owned:
    # Each rule's counts over a version: aggregates for regulators and advocates, nobody else.
    version = h.in_force()
    h.process(h.declare(owner, "2500000.00", date(2026, 3, 2)))
    return Owned(url_kwargs={"version_id": str(version.pk)}, object_id=str(version.pk))
