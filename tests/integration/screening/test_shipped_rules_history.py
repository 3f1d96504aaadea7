"""Shipped rules over a declaration's history (issue 14, item 6): an amended declaration is
screened as it now reads and a withdrawn one stops counting, in a participant's running totals
and in per-payment rules alike, with exact findings under the rules in force."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from backend.accounts.models import ParticipantProfile
from backend.declarations.models import Declaration, PaymentKind
from backend.declarations.services.declarations import (
    DeclarationChanges,
    declaration_amend,
    declaration_create,
)
from backend.rulebooks.seed import rulebooks_load_shipped
from backend.screening.models import Finding
from tests.factories import make_user
from tests.integration.screening.helpers import process, verdicts, withdraw

IN_FORCE = "IGOC 2026 — rules in force"
pytestmark = pytest.mark.django_db

CARD = DeclarationChanges(
    direction="outgoing",
    category="SAAS_CLOUD",
    channel="card",
    amount=Decimal("40000.00"),
    currency="MAD",
    value_date=date(2026, 3, 2),
    counterparty_name="Cloud Abroad Ltd",
    counterparty_country="IE",
)


@pytest.fixture(autouse=True)
def shipped_rulebooks() -> None:
    rulebooks_load_shipped()


def _company():
    """An unlabelled company without a foreign-currency account that paid 50,000 MAD of tax."""
    user = make_user()
    ParticipantProfile.objects.filter(organisation=user.membership.organisation).update(
        labelled=False, labelled_on=None, has_fx_account=False, tax_paid_last_fy=Decimal("50000")
    )
    return user


def _declare(user, reference: str, changes: DeclarationChanges) -> Declaration:
    with transaction.atomic():
        declaration = declaration_create(
            actor=user,
            organisation=user.membership.organisation,
            reference=reference,
            changes=changes,
        )
    process(declaration)
    return declaration


def _amend(user, declaration: Declaration, changes: DeclarationChanges) -> Declaration:
    with transaction.atomic():
        amended = declaration_amend(actor=user, declaration=declaration, changes=changes)
    process(amended)
    return amended


def _finding(reference: str, rule_id: str) -> tuple | None:
    current = Declaration.objects.get(reference=reference, is_current=True)
    found = Finding.objects.filter(
        evaluation__declaration=current,
        evaluation__is_current=True,
        evaluation__rulebook_version__rulebook__name=IN_FORCE,
        rule_id=rule_id,
    ).first()
    if found is None:
        return None
    return (found.outcome, found.measured_minor, found.limit_minor, found.missing_facts)


def test_amending_an_earlier_payment_moves_a_later_running_total():
    # Given a company whose card allowance is its 50,000 MAD of tax, paying 40,000 then 20,000,
    user = _company()
    first = _declare(user, "CARD-1", CARD)
    _declare(user, "CARD-2", replace(CARD, amount=Decimal("20000.00"), value_date=date(2026, 3, 3)))
    # the second takes the year to 60,000 MAD: a breach of the allowance,
    assert _finding("CARD-2", "ECOM_COMPANY_ANNUAL_CAP") == ("breach", 6_000_000, 5_000_000, [])
    # and when the first is amended down to 25,000 MAD, the year is 45,000 MAD: compliant.
    _amend(user, first, replace(CARD, amount=Decimal("25000.00")))
    assert _finding("CARD-2", "ECOM_COMPANY_ANNUAL_CAP") is None
    assert verdicts(Declaration.objects.get(reference="CARD-2", is_current=True))[IN_FORCE] == (
        "compliant"
    )


def test_withdrawing_an_earlier_payment_takes_it_out_of_the_running_total():
    user = _company()
    first = _declare(user, "CARD-1", CARD)
    second = _declare(
        user, "CARD-2", replace(CARD, amount=Decimal("20000.00"), value_date=date(2026, 3, 3))
    )
    assert _finding("CARD-2", "ECOM_COMPANY_ANNUAL_CAP") == ("breach", 6_000_000, 5_000_000, [])
    process(withdraw(user, first))
    assert _finding("CARD-2", "ECOM_COMPANY_ANNUAL_CAP") is None
    assert verdicts(second)[IN_FORCE] == "compliant"


def test_an_advance_amended_below_30_percent_meets_the_rule():
    user = _company()
    advance = replace(
        CARD,
        channel="transfer",
        category="FREELANCE_DEV",
        amount=Decimal("4000.00"),
        payment_kind=PaymentKind.ADVANCE,
        contract_amount=Decimal("10000.00"),
    )
    declared = _declare(user, "ADV-1", advance)
    assert _finding("ADV-1", "SVC_ADVANCE_MAX_PCT") == ("breach", 4_000, 3_000, [])
    _amend(user, declared, replace(advance, amount=Decimal("2500.00")))
    assert _finding("ADV-1", "SVC_ADVANCE_MAX_PCT") is None


def test_a_receipt_amended_to_its_true_performance_date_meets_the_deadline():
    user = _company()
    receipt = replace(
        CARD,
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        channel="transfer",
        value_date=date(2026, 4, 11),
        service_performance_date=date(2026, 1, 10),
    )
    declared = _declare(user, "REC-1", receipt)
    assert _finding("REC-1", "SVC_EXPORT_REPATRIATION_DAYS") == ("breach", 91, 90, [])
    _amend(user, declared, replace(receipt, service_performance_date=date(2026, 1, 11)))
    assert _finding("REC-1", "SVC_EXPORT_REPATRIATION_DAYS") is None
