"""Findings stay bounded however many payments make up a cumulative total: a finding names the
latest ten and counts them all, so a participant's year of 10,000 declarations screens and lists
in pages of a fixed weight (DESIGN.md decision 13)."""

import importlib
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from backend.declarations.models import Declaration, DeclarationStatus
from backend.declarations.search import references_indexed_in_bulk
from backend.rates.models import Conversion
from backend.rule_engine import CONTRIBUTING_SAMPLE
from backend.screening.models import Evaluation, Finding
from backend.screening.services.screening import screening_screen
from tests.factories import make_user
from tests.integration.screening.helpers import cohort, declare, in_force, process, proposal

pytestmark = pytest.mark.django_db

YEAR = 2026
PAYMENT_MAD = Decimal("1000.00")
MAX_PAGE_BYTES = 60_000  # DESIGN.md targets: a 50-row page <= 60 KB


def _converted_year(user, count: int) -> list[Declaration]:
    """`count` converted 1,000 MAD card payments of `user`'s organisation spread over the year,
    inserted in bulk (the screening under test then reads and writes them set-based)."""
    now = timezone.now()
    organisation = user.membership.organisation
    declarations = [
        Declaration(
            id=uuid.uuid4(),
            organisation=organisation,
            created_by=user,
            reference=f"Y-{n:05d}",
            direction="outgoing",
            category="SAAS_CLOUD",
            channel="card",
            amount=PAYMENT_MAD,
            currency="MAD",
            value_date=date(YEAR, 1, 1) + timedelta(days=n * 365 // count),
            counterparty_name="Example Cloud Ltd",
            counterparty_country="IE",
            status=DeclarationStatus.CONVERTED,
            # Arrival order is list order (it orders payments of one value date).
            created_at=now + timedelta(microseconds=n),
            updated_at=now,
        )
        for n in range(count)
    ]
    with transaction.atomic(), references_indexed_in_bulk():
        Declaration.objects.bulk_create(declarations, batch_size=2_000)
        Conversion.objects.bulk_create(
            [
                Conversion(
                    declaration=d,
                    amount_mad=PAYMENT_MAD,
                    mad_per_unit=Decimal(1),
                    rate_date=d.value_date,
                    source="identity",
                    method="official",
                    converted_at=now,
                )
                for d in declarations
            ],
            batch_size=2_000,
        )
    return declarations


def test_a_year_of_ten_thousand_payments_screens_into_bounded_findings_and_light_pages():
    # Given a 100,000 MAD yearly card cap and a startup with 10,000 payments of 1,000 MAD in
    # the year, so that every payment after the 100th breaches it,
    in_force(cap_mad="100000.00")
    user = make_user(username="heavy")
    organisation = user.membership.organisation
    # trialling a proposal of 20,000,000 MAD in a cohort (which governs it: no flag is raised),
    cohort(proposal(cap_mad="20000000.00"), [organisation])
    declarations = _converted_year(user, 10_000)
    # when the year is screened,
    screening_screen(participant_ids=[organisation.pk], since=date(YEAR, 1, 1))
    # then each breach names at most ten payments, the latest of its total, and counts them all,
    findings = Finding.objects.filter(rule_id="CARD_CAP")
    assert findings.count() == 9_900
    longest = max(len(ids) for ids in findings.values_list("contributing", flat=True))
    assert longest == CONTRIBUTING_SAMPLE == 10
    last = findings.get(evaluation__declaration=declarations[-1])
    assert (last.measured_minor, last.contributing_count) == (10_000 * 1000_00, 10_000)
    assert last.contributing == [str(d.pk) for d in declarations[-10:]]
    first = findings.get(evaluation__declaration=declarations[100])
    assert (first.measured_minor, first.contributing_count) == (101 * 1000_00, 101)
    assert first.contributing == [str(d.pk) for d in declarations[91:101]]
    # and a page of 50 of the startup's declarations, each with its verdict under both rulebooks,
    # stays under 60 KB (the findings in full are on each declaration's own page).
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/declarations/", {"page_size": 50})
    assert response.status_code == 200
    page = response.json()["results"]
    assert len(page) == 50
    assert all(
        [(v["verdict"], v["rules"]) for v in row["verdicts"]]
        == [("breach", [{"rule_id": "CARD_CAP", "outcome": "breach"}]), ("compliant", [])]
        for row in page
    )
    assert len(response.content) < MAX_PAGE_BYTES, len(response.content)


def test_a_finding_names_the_latest_ten_payments_of_a_breached_total_and_counts_them_all():
    # Given a 10,000 MAD yearly card cap,
    in_force(cap_mad="10000.00")
    user = make_user(username="founder")
    # when fourteen payments of 1,000 MAD are declared and processed one after the other,
    payments = []
    for day in range(14):
        payments.append(declare(user, "1000.00", date(YEAR, 3, 1) + timedelta(days=day)))
        process(payments[-1])
    # then the 11th to the 14th breach, each naming the latest ten payments of its total,
    stored = {
        f.evaluation.declaration_id: f
        for f in Finding.objects.select_related("evaluation").filter(rule_id="CARD_CAP")
    }
    assert set(stored) == {p.pk for p in payments[10:]}
    for n, payment in enumerate(payments[10:], start=11):
        finding = stored[payment.pk]
        assert finding.contributing_count == n
        assert finding.contributing == [str(p.pk) for p in payments[n - 10 : n]]
        assert finding.measured_minor == n * 1000_00


def test_the_migration_bounds_stored_findings_and_hashes_them_as_the_engine_does():
    # Given a breach of a 10,000 MAD cap by the 14th payment, screened by the engine,
    in_force(cap_mad="10000.00")
    user = make_user(username="stored")
    payments = [
        declare(user, "1000.00", date(YEAR, 4, 1) + timedelta(days=day)) for day in range(14)
    ]
    process(*payments)
    finding = Finding.objects.select_related("evaluation").get(
        evaluation__declaration=payments[-1], rule_id="CARD_CAP"
    )
    engine_hash = finding.evaluation.findings_hash
    # stored as it was before findings were bounded: every payment of the total, no count,
    everything = [str(p.pk) for p in payments]
    Finding.objects.filter(pk=finding.pk).update(contributing=everything, contributing_count=0)
    Evaluation.objects.filter(pk=finding.evaluation_id).update(findings_hash="old")
    # when the migration runs,
    migration = importlib.import_module(
        "backend.screening.migrations.0008_finding_bounded_contributing"
    )
    migration.bound(django_apps, None)
    # then the finding keeps the latest ten and the count, and its evaluation's hash is the one
    # the engine computes, so that a re-run of the unchanged screening writes nothing.
    finding.refresh_from_db()
    assert (finding.contributing, finding.contributing_count) == (everything[-10:], 14)
    assert Evaluation.objects.get(pk=finding.evaluation_id).findings_hash == engine_hash
    evaluations = list(Evaluation.objects.order_by("pk").values_list("pk", "findings_hash"))
    summary = screening_screen(
        participant_ids=[user.membership.organisation.pk], since=date(YEAR, 1, 1)
    )
    assert summary.evaluations_written == 0
    assert list(Evaluation.objects.order_by("pk").values_list("pk", "findings_hash")) == evaluations
