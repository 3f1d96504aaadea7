"""A re-screening whose inputs are unchanged is skipped; every change a screening reads makes
the participant screened again: an amendment, a new declaration, a withdrawal, a changed rate,
a changed profile fact, a document, a new rulebook version, a cohort."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from backend.accounts.models import ParticipantProfile
from backend.declarations.models import Declaration, DeclarationDocument
from backend.declarations.services.declarations import DeclarationChanges, declaration_amend
from backend.rates.models import Conversion
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import facts_build
from backend.screening.facts.fingerprint import facts_fingerprints
from backend.screening.models import InputsFingerprint
from backend.screening.services.screening import screening_screen
from backend.screening.services.screening.inputs import HASHING_VENDORS, inputs_check
from tests.factories import make_user
from tests.integration.screening.helpers import (
    cohort,
    declare,
    document,
    in_force,
    process,
    proposal,
    publish,
    row_counts,
    verdicts,
    withdraw,
)

IN_FORCE = "Test rules in force"
pytestmark = pytest.mark.django_db
# Only PostgreSQL hashes rows itself; on SQLite every batch screening reads and evaluates.
hashing = pytest.mark.skipif(
    connection.vendor not in HASHING_VENDORS,
    reason="unchanged inputs are skipped only where the database hashes rows (PostgreSQL)",
)

YEAR = date(2026, 1, 1)


def screen(org) -> object:
    """A batch screening of the participant's 2026 window (as a re-screening run's chunk)."""
    return screening_screen(participant_ids=[org.pk], since=YEAR)


def unchanged(org) -> bool:
    """Whether a screening of the participant now would be skipped."""
    check = inputs_check(
        participant_ids=[str(org.pk)],
        since=YEAR,
        as_of=timezone.localdate(),
        taken_at=timezone.now(),
    )
    return check.unchanged == {str(org.pk)}


def attach(user, declaration, kind: str) -> None:
    """A document row of `kind` on the declaration, as an upload stores it (no file needed:
    the screening reads the kind and when it was attached)."""
    DeclarationDocument.objects.create(
        declaration=declaration,
        organisation_id=declaration.organisation_id,
        kind=kind,
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=1,
        sha256=kind[0] * 64,
        storage_name=f"documents/test-{kind}",
        uploaded_by=user,
    )


@pytest.fixture
def screened():
    """A participant with two card payments (1,500,000 and 400,000 MAD against a 2,000,000
    cap: compliant), screened once by a batch screening."""
    in_force()
    user = make_user(username="founder")
    march = declare(user, "1500000.00", date(2026, 3, 1))
    june = declare(user, "400000.00", date(2026, 6, 1))
    process(march, june)
    screen(user.membership.organisation)
    return user, march, june


@hashing
def test_a_re_screening_of_unchanged_inputs_is_skipped_and_writes_nothing(screened):
    user, _, june = screened
    org = user.membership.organisation
    stored = InputsFingerprint.objects.get(participant=org)
    before = row_counts()
    # When the same screening runs again,
    assert unchanged(org)
    summary = screen(org)
    # then it counts the participant's declarations, writes nothing and keeps the fingerprint.
    assert (summary.declarations, summary.evaluations_written, summary.verdicts_changed) == (
        2,
        0,
        0,
    )
    assert row_counts() == before
    assert InputsFingerprint.objects.get(participant=org).screened_at == stored.screened_at
    assert verdicts(june) == {IN_FORCE: "compliant"}


@hashing
def test_a_screening_from_another_year_is_not_skipped(screened):
    user, _, _ = screened
    org = user.membership.organisation
    check = inputs_check(
        participant_ids=[str(org.pk)],
        since=date(2025, 1, 1),
        as_of=timezone.localdate(),
        taken_at=timezone.now(),
    )
    assert check.unchanged == set()


@hashing
def test_an_amendment_is_screened_again(screened):
    user, march, june = screened
    org = user.membership.organisation
    with transaction.atomic():
        amended = declaration_amend(
            actor=user,
            declaration=march,
            changes=DeclarationChanges(
                direction="outgoing",
                category="SAAS_CLOUD",
                channel="card",
                amount=Decimal("1700000.00"),
                currency="MAD",
                value_date=date(2026, 3, 1),
                counterparty_name="Example Cloud Ltd",
                counterparty_country="IE",
            ),
        )
    assert not unchanged(org)
    process(amended)
    screen(org)
    assert verdicts(june) == {IN_FORCE: "breach"}
    assert unchanged(org)


@hashing
def test_a_new_declaration_is_screened_again(screened):
    user, _, june = screened
    org = user.membership.organisation
    late = declare(user, "200000.00", date(2026, 2, 1))
    assert not unchanged(org)
    process(late)
    screen(org)
    assert verdicts(june) == {IN_FORCE: "breach"}


@hashing
def test_a_withdrawal_is_screened_again(screened):
    user, march, _ = screened
    withdraw(user, march)
    assert not unchanged(user.membership.organisation)


@hashing
def test_a_changed_rate_is_screened_again(screened):
    user, _, june = screened
    org = user.membership.organisation
    # A revised publication re-converts June's payment to 600,000 MAD (2,100,000 in the year).
    Conversion.objects.filter(declaration=june).update(amount_mad=Decimal("600000.00"))
    assert not unchanged(org)
    summary = screen(org)
    assert verdicts(june) == {IN_FORCE: "breach"}
    assert summary.verdicts_changed == 1
    assert unchanged(org)


@hashing
def test_a_changed_profile_fact_is_screened_again(screened):
    user, _, _ = screened
    org = user.membership.organisation
    profile = ParticipantProfile.objects.get(organisation=org)
    ParticipantProfile.objects.filter(pk=profile.pk).update(labelled=not profile.labelled)
    assert not unchanged(org)
    screen(org)
    assert unchanged(org)


@hashing
def test_an_attached_document_is_screened_again(screened):
    user, march, _ = screened
    attach(user, march, "invoice")
    assert not unchanged(user.membership.organisation)


@hashing
def test_a_new_rulebook_version_is_screened_again(screened):
    user, _, june = screened
    org = user.membership.organisation
    # A stricter version of the rules in force from February: 1,500,000 MAD a year.
    book = RulebookVersion.objects.get(rulebook__name=IN_FORCE).rulebook
    publish(
        document(name=IN_FORCE, kind="in_force", cap_mad="1500000.00", effective_from="2026-02-01"),
        rulebook=book,
    )
    assert not unchanged(org)
    screen(org)
    assert verdicts(june) == {IN_FORCE: "breach"}


@hashing
def test_joining_a_cohort_is_screened_again(screened):
    user, _, _ = screened
    org = user.membership.organisation
    cohort(proposal(), [org])
    assert not unchanged(org)


def test_the_database_hashes_exactly_what_the_facts_read_holds(screened):
    # Given a participant with a document and a payment without a rate (null columns),
    user, march, _ = screened
    attach(user, march, "contract")
    declare(user, "1000.00", date(2026, 7, 1), currency="USD")
    org = str(user.membership.organisation.pk)
    taken_at = timezone.now()
    # then the counts and hashes the database computes equal those of the rows read.
    read = facts_build(participant_ids=[org], start=YEAR, taken_at=taken_at, fingerprints=True)
    hashed = facts_fingerprints(participant_ids=[org], start=YEAR, taken_at=taken_at)
    assert read.stored is not None
    assert read.stored[org] == hashed[org]
    assert (hashed[org].rows, hashed[org].documents) == (3, 1)
    assert Declaration.objects.filter(organisation_id=org).count() == 3
