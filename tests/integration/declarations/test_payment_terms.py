# ruff: noqa: E501  (exact user-facing messages read best on one line)
"""Advances and receipts: what each says, the rules that hold them together, and a receipt
declared ahead completed when the money arrives (audited, a new version)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.declarations import validation as v
from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import body, make_declaration

URL = reverse("api:declarations")
today = v.today_local
pytestmark = pytest.mark.django_db


def advance(**overrides):
    terms = {
        "channel": "transfer",
        "amount": {"amount": "4000.00", "currency": "EUR"},
        "payment_kind": "advance",
        "contract_amount": {"amount": "10000.00", "currency": "EUR"},
    }
    return body(**{**terms, **overrides})


def receipt(**overrides):
    data = body(
        reference="RCV-1",
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        channel="transfer",
        amount={"amount": "12000.00", "currency": "USD"},
        counterparty={"name": "Blue Thread Co", "country": "US"},
        service_performance_date="2026-01-10",
    )
    data.update(overrides)
    return data


def expected_receipt(expected_on: date, **overrides):
    data = receipt(receipt_status="expected", expected_repatriation_date=expected_on.isoformat())
    del data["value_date"]
    data.update(overrides)
    return data


def refused(response, pointer: str, code: str, detail: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == [{"pointer": pointer, "code": code, "detail": detail}]
    assert Declaration.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="declaration.").exists()


def test_an_advance_states_its_contract_and_term(startup_user):
    response = client_for(startup_user).post(URL, advance(subscription_months=12), format="json")

    assert response.status_code == 201, response.json()
    out = response.json()
    assert (out["payment_kind"], out["contract_amount"], out["subscription_months"]) == (
        "advance",
        {"amount": "10000.00", "currency": "EUR"},
        12,
    )
    assert out["receipt_status"] is None
    stored = Declaration.objects.get()
    assert (stored.payment_kind, stored.contract_amount, stored.subscription_months) == (
        "advance",
        Decimal("10000.000"),
        12,
    )
    event = AuditEvent.objects.get(action="declaration.create")
    assert event.after["payment_kind"] == "advance"
    assert event.after["contract_amount"] == "10000.00"


def test_a_payment_is_a_settlement_unless_it_says_otherwise(startup_user):
    out = client_for(startup_user).post(URL, body(), format="json").json()
    assert (out["payment_kind"], out["contract_amount"], out["subscription_months"]) == (
        "settlement",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("overrides", "pointer", "code", "detail"),
    [
        (
            {"contract_amount": None},
            "/contract_amount",
            "contract_required",
            v.CONTRACT_REQUIRED.message,
        ),
        (
            {"contract_amount": {"amount": "3000.00", "currency": "EUR"}},
            "/contract_amount",
            "advance_exceeds_contract",
            "An advance cannot be more than the contract's total amount.",
        ),
        (
            {"contract_amount": {"amount": "10000.00", "currency": "USD"}},
            "/contract_amount",
            "currency_mismatch",
            "State the contract amount in the payment's currency (EUR), so the share paid ahead is exact.",
        ),
        (
            {"subscription_months": 0},
            "/subscription_months",
            "out_of_range",
            "A subscription runs from 1 to 120 months.",
        ),
        (
            {"payment_kind": "deposit"},
            "/payment_kind",
            "invalid_choice",
            "«\xa0deposit\xa0» n'est pas un choix valide.",
        ),
    ],
)
def test_an_inconsistent_advance_is_refused(startup_user, overrides, pointer, code, detail):
    refused(
        client_for(startup_user).post(URL, advance(**overrides), format="json"),
        pointer,
        code,
        detail,
    )


def test_terms_of_an_advance_only_go_with_an_advance(startup_user):
    client = client_for(startup_user)
    refused(
        client.post(
            URL, body(contract_amount={"amount": "10.00", "currency": "EUR"}), format="json"
        ),
        "/contract_amount",
        "not_applicable",
        v.CONTRACT_NOT_APPLICABLE.message,
    )
    refused(
        client.post(URL, body(subscription_months=12), format="json"),
        "/subscription_months",
        "not_applicable",
        v.SUBSCRIPTION_NOT_APPLICABLE.message,
    )
    refused(
        client.post(
            URL,
            receipt(
                payment_kind="advance", contract_amount={"amount": "20000.00", "currency": "USD"}
            ),
            format="json",
        ),
        "/payment_kind",
        "not_applicable",
        "Only an outgoing payment can be an advance.",
    )


def test_a_receipt_records_when_the_service_was_performed_and_the_money_arrived(startup_user):
    out = client_for(startup_user).post(URL, receipt(), format="json").json()
    assert (out["receipt_status"], out["service_performance_date"], out["value_date"]) == (
        "received",
        "2026-01-10",
        "2026-03-25",
    )


def test_a_service_cannot_have_been_performed_in_the_future(startup_user):
    tomorrow = today() + timedelta(days=2)
    response = client_for(startup_user).post(
        URL, receipt(service_performance_date=tomorrow.isoformat()), format="json"
    )
    assert response.status_code == 400
    assert [e["pointer"] for e in response.json()["errors"]] == ["/service_performance_date"]
    assert Declaration.objects.count() == 0


def test_a_receipt_declared_ahead_is_valued_on_its_expected_date(startup_user):
    expected_on = today() + timedelta(days=30)
    response = client_for(startup_user).post(URL, expected_receipt(expected_on), format="json")

    assert response.status_code == 201, response.json()
    out = response.json()
    assert (out["receipt_status"], out["expected_repatriation_date"], out["value_date"]) == (
        "expected",
        expected_on.isoformat(),
        expected_on.isoformat(),
    )
    listed = client_for(startup_user).get(URL, {"receipt_status": "expected"}).json()["results"]
    assert [d["reference"] for d in listed] == ["RCV-1"]


def test_a_receipt_declared_ahead_says_when_and_not_yet_a_value_date(startup_user):
    client = client_for(startup_user)
    in_a_month = today() + timedelta(days=30)
    refused(
        client.post(URL, expected_receipt(in_a_month, value_date="2026-03-25"), format="json"),
        "/value_date",
        "not_applicable",
        v.EXPECTED_WITH_VALUE_DATE.message,
    )
    refused(
        client.post(
            URL, expected_receipt(in_a_month, expected_repatriation_date=None), format="json"
        ),
        "/expected_repatriation_date",
        "required",
        v.EXPECTED_DATE_REQUIRED.message,
    )
    too_far = today() + timedelta(days=400)
    latest = v.latest_expected_date(today())
    refused(
        client.post(URL, expected_receipt(too_far), format="json"),
        "/expected_repatriation_date",
        "date_too_far",
        f"The expected date cannot be more than 366 days ahead (at the latest {latest}).",
    )
    refused(
        client.post(URL, body(receipt_status="expected"), format="json"),
        "/receipt_status",
        "not_applicable",
        v.RECEIPT_NOT_APPLICABLE.message,
    )


def _receive_url(declaration) -> str:
    return reverse("api:declaration-receive", kwargs={"declaration_id": declaration.pk})


def test_completing_a_receipt_records_a_new_version_audited(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    expected = make_declaration(
        startup_user,
        reference="RCV-1",
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        channel="transfer",
        currency="USD",
        amount=Decimal("12000.00"),
        value_date=date(2026, 4, 15),
        service_performance_date=date(2026, 1, 10),
        expected_repatriation_date=date(2026, 4, 15),
        receipt_status="expected",
    )
    sent_tasks.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(startup_user).post(
            _receive_url(expected),
            {"value_date": "2026-02-01", "amount": {"amount": "11950.00", "currency": "USD"}},
            format="json",
        )

    assert response.status_code == 201, response.json()
    out = response.json()
    assert (out["version"], out["receipt_status"], out["value_date"], out["amount"]) == (
        2,
        "received",
        "2026-02-01",
        {"amount": "11950.00", "currency": "USD"},
    )
    assert (out["service_performance_date"], out["expected_repatriation_date"]) == (
        "2026-01-10",
        "2026-04-15",
    )
    expected.refresh_from_db()
    assert not expected.is_current
    event = AuditEvent.objects.get(action="declaration.receive")
    assert (event.before["receipt_status"], event.after["receipt_status"]) == (
        "expected",
        "received",
    )
    assert (event.before["value_date"], event.after["value_date"]) == ("2026-04-15", "2026-02-01")
    assert sent_tasks == [("processing.declarations_recorded", {"declaration_ids": [out["id"]]})]


def test_only_an_expected_receipt_is_completed_and_a_refusal_changes_nothing(startup_user):
    settled = make_declaration(startup_user)
    response = client_for(startup_user).post(
        _receive_url(settled), {"value_date": "2026-03-25"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_an_expected_receipt"
    assert list(Declaration.objects.values_list("version", "is_current")) == [(1, True)]
    assert not AuditEvent.objects.filter(action="declaration.receive").exists()


def test_what_arrived_is_recorded_in_the_declared_currency(startup_user):
    expected = make_declaration(
        startup_user,
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        currency="USD",
        value_date=date(2026, 4, 15),
        expected_repatriation_date=date(2026, 4, 15),
        receipt_status="expected",
    )
    response = client_for(startup_user).post(
        _receive_url(expected),
        {"value_date": "2026-03-25", "amount": {"amount": "100.00", "currency": "EUR"}},
        format="json",
    )
    assert response.status_code == 400
    assert [e["pointer"] for e in response.json()["errors"]] == ["/amount/currency"]
    assert Declaration.objects.get().is_current


def test_another_organisations_receipt_is_a_404(startup_user, other_startup_user):
    theirs = make_declaration(
        other_startup_user,
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        value_date=date(2026, 4, 15),
        expected_repatriation_date=date(2026, 4, 15),
        receipt_status="expected",
    )
    response = client_for(startup_user).post(
        _receive_url(theirs), {"value_date": "2026-03-25"}, format="json"
    )
    assert response.status_code == 404
