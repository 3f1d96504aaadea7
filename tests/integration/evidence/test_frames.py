"""The measures' reads against screened declarations: one joined read of every verdict, and
allowance usage computed on lean facts that must agree with the engine on the full facts."""

from datetime import date

import pandas as pd
import pytest
from django.utils import timezone

from backend.evidence.frames import (
    EvidenceFilters,
    declaration_scope,
    declarations_frame,
    evidence_read,
    usage_frame,
    version_refs,
    versions_in_scope,
)
from backend.rule_engine import headroom
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import facts_build
from backend.screening.versions import ENGINE_COLUMNS, version_info
from tests.integration.evidence.helpers import startup
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db


def mixed_world() -> dict:
    """Two cohort members and an outsider paying by card and by transfer, in several categories
    and countries, in 2025 and 2026 (the card cap counts card payments only)."""
    h.in_force(cap_mad="30000.00")
    proposal = h.proposal(cap_mad="60000.00")
    alpha, beta = startup(cluster="MNC"), startup(cluster="CAP")
    outsider = startup(cluster="NONE")
    cohort = h.cohort(proposal, [alpha.membership.organisation, beta.membership.organisation])
    made = [
        h.declare(alpha, "20000.00", date(2026, 2, 3)),
        h.declare(alpha, "15000.00", date(2026, 5, 4), category="DIGITAL_ADS", country="US"),
        h.declare(alpha, "9000.00", date(2026, 6, 5), channel="transfer"),
        h.declare(beta, "4000.00", date(2025, 11, 6)),
        h.declare(beta, "1000.00", date(2026, 3, 7), category="DIGITAL_ADS"),
        h.declare(outsider, "50000.00", date(2026, 4, 8)),
    ]
    h.process(*made)
    return {"alpha": alpha, "beta": beta, "outsider": outsider, "cohort": cohort}


def engine_usage(filters: EvidenceFilters, cutoff, participants: dict[str, set[str]]):
    """What the engine's headroom says on the full facts of each version's participants."""
    out = {}
    for version in RulebookVersion.objects.select_related("rulebook"):
        mine = sorted(participants.get(str(version.pk), set()))
        if not mine:
            continue
        bundle = facts_build(
            participant_ids=mine,
            start=date(filters.date_to.year, 1, 1),
            end=filters.date_to,
            taken_at=cutoff,
            probe_on=filters.date_to,
        )
        table = headroom(
            version_info(version).rulebook, bundle.frame[list(ENGINE_COLUMNS)], filters.date_to
        )
        for r in table.to_dict("records"):
            key = (r["participant_id"], version.rulebook.kind, r["rule_id"])
            out[key] = (r["limit_minor"], r["used_minor"])
    return out


def given_verdicts(rows) -> dict[str, set[str]]:
    """Per version, the participants it gave a verdict on a measured declaration."""
    frame = rows.frame
    return {
        ref.id: set(frame.loc[frame["in_period"] & frame[column].notna(), "participant_id"])
        for (column, _, _), ref in zip(rows.verdict_columns(), rows.versions, strict=True)
    }


def read(filters: EvidenceFilters, *, with_usage: bool = True):
    cutoff = timezone.now()
    versions = version_refs(versions_in_scope(declaration_scope(filters, cutoff), filters))
    return cutoff, evidence_read(filters, cutoff, versions, with_usage=with_usage)


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(EvidenceFilters(date(2026, 1, 1), date(2026, 12, 31)), id="year"),
        pytest.param(EvidenceFilters(date(2025, 1, 1), date(2026, 12, 31)), id="two-years"),
        pytest.param(
            EvidenceFilters(date(2026, 1, 1), date(2026, 12, 31), category="DIGITAL_ADS"),
            id="one-category",
        ),
        pytest.param(EvidenceFilters(date(2026, 1, 1), date(2026, 5, 31)), id="to-may"),
    ],
)
def test_allowance_usage_agrees_with_the_engine_on_full_facts(filters):
    # Given screened card and transfer payments in several categories over two years,
    mixed_world()
    # when allowance usage is computed from the measures' one read,
    cutoff, rows = read(filters)
    usage = usage_frame(rows, filters)
    got = {
        (r["participant_id"], r["kind"], r["rule_id"]): (r["limit_minor"], r["used_minor"])
        for r in usage.to_dict("records")
    }
    # then it is the engine's headroom on the full facts of the same participants, the whole
    # year to `date_to` whatever the category filter.
    expected = engine_usage(filters, cutoff, given_verdicts(rows))
    assert got == expected
    assert got


def test_usage_counts_every_payment_of_the_year_whatever_the_filter():
    # Given alpha's card payments of 20,000 (SaaS) and 15,000 MAD (ads) and a transfer,
    world = mixed_world()
    alpha = str(world["alpha"].membership.organisation_id)
    filters = EvidenceFilters(date(2026, 1, 1), date(2026, 12, 31), category="DIGITAL_ADS")
    # when the measures are filtered on ads,
    _, rows = read(filters)
    usage = usage_frame(rows, filters).set_index(["participant_id", "kind"])
    declarations = declarations_frame(rows)
    # then the measures hold the ads payments only, while alpha's card cap counts both card
    # payments (35,000 of 30,000 MAD in force; of 60,000 under the proposal).
    assert sorted(declarations["amount_minor"].tolist()) == [1000_00, 15000_00]
    assert usage.loc[(alpha, "in_force"), ["limit_minor", "used_minor"]].tolist() == [
        30000_00,
        35000_00,
    ]
    assert usage.loc[(alpha, "proposed"), ["limit_minor", "used_minor"]].tolist() == [
        60000_00,
        35000_00,
    ]


def test_the_read_gives_each_declaration_its_verdict_under_each_kind():
    # Given alpha over its in-force card cap in May (a breach, compliant under the proposal),
    # beta under both, and an outsider in no cohort over the cap,
    mixed_world()
    filters = EvidenceFilters(date(2026, 1, 1), date(2026, 12, 31))
    # when the declarations are read without usage,
    _, rows = read(filters, with_usage=False)
    frame = declarations_frame(rows).sort_values("value_date")
    # then each carries its two verdicts, none where no proposal screened it.
    got = [
        (int(amount), str(now), None if pd.isna(later) else str(later))
        for amount, now, later in frame[["amount_minor", "in_force", "proposed"]].itertuples(
            index=False
        )
    ]
    assert got == [
        (20000_00, "compliant", "compliant"),
        (1000_00, "compliant", "compliant"),
        (50000_00, "breach", None),
        (15000_00, "breach", "compliant"),
        (9000_00, "compliant", "compliant"),
    ]
    assert rows.frame["in_period"].all()


@pytest.mark.parametrize(
    ("narrowing", "amounts"),
    [
        pytest.param({"cohort": True}, [1000_00, 9000_00, 15000_00, 20000_00], id="cohort"),
        pytest.param({"cluster": "CAP"}, [1000_00], id="cluster"),
        pytest.param({"channel": "transfer"}, [9000_00], id="channel"),
        pytest.param({"country": "US"}, [15000_00], id="country"),
    ],
)
def test_filters_on_the_participant_and_the_payment_select_the_declarations(narrowing, amounts):
    # Given the mixed world, when the measures are narrowed to a cohort, a cluster, a channel
    # or a country,
    world = mixed_world()
    if narrowing.get("cohort"):
        narrowing = {"cohort": str(world["cohort"].pk)}
    filters = EvidenceFilters(date(2026, 1, 1), date(2026, 12, 31), **narrowing)
    cutoff, rows = read(filters)
    # then only the matching 2026 declarations are measured, each with its verdicts,
    declarations = declarations_frame(rows)
    assert sorted(declarations["amount_minor"].tolist()) == amounts
    assert declarations["in_force"].notna().all()
    # and the usage of the participants measured is still the engine's on their whole year.
    got = {
        (r["participant_id"], r["kind"], r["rule_id"]): (r["limit_minor"], r["used_minor"])
        for r in usage_frame(rows, filters).to_dict("records")
    }
    assert got == engine_usage(filters, cutoff, given_verdicts(rows))
