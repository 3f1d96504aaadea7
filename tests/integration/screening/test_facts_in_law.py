"""The facts each shipped rule reads come from what was declared and what is known of the
participant: a receipt's deadline runs from the service to the money's arrival whatever the
screening date, an unreceived one breaches the day after its due date without anyone touching
it, an advance is measured against its contract, and an unknown fact is needs_review naming it.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from backend.accounts.models import ParticipantProfile
from backend.declarations.models import Declaration, PaymentKind, ReceiptStatus
from backend.declarations.services.declarations import (
    DeclarationChanges,
    declaration_create,
    declaration_receive,
)
from backend.rulebooks.seed import rulebooks_load_shipped
from backend.screening.models import Evaluation, Finding, Flag
from backend.screening.services.deadlines import screening_deadlines_passed
from backend.screening.services.screening import screening_screen
from tests.factories import make_user
from tests.integration.screening.helpers import process, verdicts

IN_FORCE = "IGOC 2026 — rules in force"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped_rulebooks() -> None:
    rulebooks_load_shipped()


def _declare(user, reference: str, **terms) -> Declaration:
    values = {
        "direction": "outgoing",
        "category": "FREELANCE_DEV",
        "channel": "transfer",
        "amount": Decimal("40000.00"),
        "currency": "MAD",
        "value_date": date(2026, 3, 2),
        "counterparty_name": "Client Abroad Ltd",
        "counterparty_country": "FR",
        **terms,
    }
    with transaction.atomic():
        declaration = declaration_create(
            actor=user,
            organisation=user.membership.organisation,
            reference=reference,
            changes=DeclarationChanges(**values),
        )
    process(declaration)
    return declaration


def _receipt(user, reference: str, **terms) -> Declaration:
    return _declare(
        user,
        reference,
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        service_performance_date=date(2026, 1, 10),
        **terms,
    )


def _finding(declaration: Declaration, rule_id: str) -> Finding | None:
    current = Declaration.objects.get(reference=declaration.reference, is_current=True)
    return Finding.objects.filter(
        evaluation__declaration=current,
        evaluation__is_current=True,
        evaluation__rulebook_version__rulebook__name=IN_FORCE,
        rule_id=rule_id,
    ).first()


def _screen_on(user, day: date) -> None:
    screening_screen(
        participant_ids=[user.membership.organisation_id], since=date(2026, 1, 1), as_of=day
    )


@pytest.mark.parametrize("screened_on", [date(2026, 2, 2), date(2026, 4, 15), date(2026, 12, 1)])
def test_a_receipt_received_within_90_days_is_compliant_whatever_the_screening_date(
    screened_on: date,
) -> None:
    # Given a service performed on 10 January whose money arrived on 1 February,
    user = make_user()
    received = _receipt(user, "RCV-1", value_date=date(2026, 2, 1), receipt_status="received")
    # when its participant is screened on any later day,
    _screen_on(user, screened_on)
    # then it is within the 90 days in force (22 days), never a breach.
    assert verdicts(received)[IN_FORCE] == "compliant"
    assert _finding(received, "SVC_EXPORT_REPATRIATION_DAYS") is None


def test_an_expected_receipt_is_open_until_its_due_date_and_a_breach_the_day_after_by_itself():
    # Given a receipt for a service performed on 10 January, declared ahead for 1 April,
    user = make_user()
    expected = _receipt(
        user,
        "RCV-2",
        value_date=date(2026, 4, 1),
        expected_repatriation_date=date(2026, 4, 1),
        receipt_status=ReceiptStatus.EXPECTED,
    )
    # when it is screened on its due date (10 April, 90 days on),
    _screen_on(user, date(2026, 4, 10))
    # then its deadline is open, the due date shown, and nothing is decided against it;
    open_finding = _finding(expected, "SVC_EXPORT_REPATRIATION_DAYS")
    assert open_finding is not None
    assert (
        open_finding.outcome,
        open_finding.measured_minor,
        open_finding.limit_minor,
        open_finding.window_start,
        open_finding.window_end,
        open_finding.confidence,
    ) == ("open", None, 90, date(2026, 1, 10), date(2026, 4, 10), "official")
    assert open_finding.explanation_en == (
        "Open: due by 2026-04-10 (90-day limit) (IGOC 2024, art. 97, official value)"
    )
    assert verdicts(expected)[IN_FORCE] == "compliant"
    assert not Flag.objects.filter(status="open").exists()
    # when the daily job runs the next day, nothing else happening,
    summary = screening_deadlines_passed(on=date(2026, 4, 11))
    # then it is a breach of the official 90-day rule, flagged, on that day.
    assert summary.participants == 1
    breach = _finding(expected, "SVC_EXPORT_REPATRIATION_DAYS")
    assert breach is not None
    assert (breach.outcome, breach.measured_minor, breach.window_end, breach.citation) == (
        "breach",
        None,
        date(2026, 4, 10),
        "IGOC 2024, art. 97",
    )
    assert breach.explanation_en == (
        "Due date 2026-04-10 passed with nothing received (90-day limit) "
        "(IGOC 2024, art. 97, official value)"
    )
    assert verdicts(expected)[IN_FORCE] == "breach"
    assert Flag.objects.filter(rule_id="SVC_EXPORT_REPATRIATION_DAYS", status="open").count() == 1
    # A second run of the job the same day writes nothing new.
    before = Evaluation.objects.count()
    screening_deadlines_passed(on=date(2026, 4, 11))
    assert Evaluation.objects.count() == before
    # When the money arrives on 20 April, the breach is measured: 100 days.
    with transaction.atomic():
        arrived = declaration_receive(
            actor=user,
            declaration=Declaration.objects.get(reference="RCV-2", is_current=True),
            value_date=date(2026, 4, 20),
        )
    process(arrived)
    measured = _finding(arrived, "SVC_EXPORT_REPATRIATION_DAYS")
    assert measured is not None
    assert (measured.outcome, measured.measured_minor) == ("breach", 100)


def test_the_job_leaves_a_receipt_whose_due_date_has_not_passed():
    user = make_user()
    _receipt(
        user,
        "RCV-3",
        value_date=date(2026, 4, 1),
        expected_repatriation_date=date(2026, 4, 1),
        receipt_status=ReceiptStatus.EXPECTED,
    )
    assert screening_deadlines_passed(on=date(2026, 4, 10)).participants == 0


def test_an_advance_of_40_percent_breaches_the_30_percent_rule_with_an_official_citation():
    # Given an advance of 4,000 on a 10,000 contract for one-off development work,
    user = make_user()
    advance = _declare(
        user,
        "ADV-1",
        amount=Decimal("4000.00"),
        payment_kind=PaymentKind.ADVANCE,
        contract_amount=Decimal("10000.00"),
    )
    # then the share paid ahead, 40 %, breaches the 30 % in force, cited and official.
    found = _finding(advance, "SVC_ADVANCE_MAX_PCT")
    assert found is not None
    assert (
        found.outcome,
        found.measured_minor,
        found.limit_minor,
        found.unit,
        found.confidence,
        found.citation,
    ) == (
        "breach",
        4000,
        3000,
        "bp",
        "official",
        "Office des Changes, foire aux questions, « Peut-on régler un acompte pour une "
        "opération d'importation de services ? »",
    )
    assert found.explanation_en.startswith(
        "Share paid in advance 40 % exceeds the maximum of 30 % (Office des Changes"
    )
    assert verdicts(advance)[IN_FORCE] == "breach"


def test_an_advance_of_exactly_30_percent_and_a_settlement_meet_the_rule():
    user = make_user()
    at_limit = _declare(
        user,
        "ADV-2",
        amount=Decimal("3000.00"),
        payment_kind=PaymentKind.ADVANCE,
        contract_amount=Decimal("10000.00"),
    )
    settled = _declare(user, "SET-1", amount=Decimal("3000.00"))
    assert _finding(at_limit, "SVC_ADVANCE_MAX_PCT") is None
    assert verdicts(at_limit)[IN_FORCE] == "compliant"
    assert verdicts(settled)[IN_FORCE] == "compliant"


def test_a_company_whose_tax_figure_is_unknown_gets_needs_review_naming_that_fact():
    # Given an unlabelled company without a foreign-currency account whose tax paid last year
    # nobody knows,
    user = make_user()
    ParticipantProfile.objects.filter(organisation=user.membership.organisation).update(
        labelled=False, labelled_on=None, tax_paid_last_fy=None
    )
    # when it pays a cloud bill by card,
    payment = _declare(user, "CARD-1", category="SAAS_CLOUD", channel="card")
    # then the company card allowance cannot be computed: needs_review naming the fact, never
    # a breach and never compliant.
    found = _finding(payment, "ECOM_COMPANY_ANNUAL_CAP")
    assert found is not None
    assert (found.outcome, found.missing_facts, found.measured_minor, found.limit_minor) == (
        "needs_review",
        ["tax_paid_last_fy"],
        4_000_000,
        None,
    )
    assert found.explanation_en.startswith(
        "tax paid last year unknown: the annual cap cannot be computed (between 0.00 MAD and "
        "200,000.00 MAD); cumulative 40,000.00 MAD in 2026"
    )
    assert found.explanation_fr.startswith(
        "Fait inconnu : impôt payé au dernier exercice : le plafond annuel ne peut pas être calculé"
    )
    assert verdicts(payment)[IN_FORCE] == "needs_review"
