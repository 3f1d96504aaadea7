# ruff: noqa: E501  (exact user-facing messages read best on one line)
"""Validation: each rule answers its exact problem details and writes nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import body

URL = reverse("api:declarations")
pytestmark = pytest.mark.django_db


def client_en(user):
    """Django's and DRF's own messages follow Accept-Language (French by default)."""
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def post_raw(user, raw: str):
    return client_for(user).post(URL, raw, content_type="application/json")


def assert_refused(response, errors):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert problem["errors"] == errors
    assert Declaration.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="declaration.").exists()


def money(amount, currency="EUR"):
    return {"amount": amount, "currency": currency}


RAW_BODY = (
    '{"reference": "R-1", "direction": "outgoing", "category": "SAAS_CLOUD", "channel": "card", '
    '"amount": {"amount": AMOUNT, "currency": "EUR"}, "value_date": "2026-03-25", '
    '"counterparty": {"name": "X", "country": "IE"}}'
)
PRECISION = "{} amounts have {}."


@pytest.mark.parametrize(
    ("amount", "currency", "code", "detail"),
    [
        ("0", "EUR", "amount_not_positive", "The amount must be greater than zero."),
        ("0.00", "EUR", "amount_not_positive", "The amount must be greater than zero."),
        ("-5.00", "EUR", "amount_not_positive", "The amount must be greater than zero."),
        (
            "12.345",
            "EUR",
            "amount_too_precise",
            PRECISION.format("EUR", "at most 2 decimal places"),
        ),
        ("1.5", "JPY", "amount_too_precise", PRECISION.format("JPY", "no decimal places")),
        (
            "1.2345",
            "KWD",
            "amount_too_precise",
            PRECISION.format("KWD", "at most 3 decimal places"),
        ),
        (
            "12.001",
            "USD",
            "amount_too_precise",
            PRECISION.format("USD", "at most 2 decimal places"),
        ),
        (
            "1E3",
            "EUR",
            "amount_exponent",
            'Write the amount in full, without exponent notation (not "1E3").',
        ),
        (
            "1,250.00",
            "EUR",
            "amount_invalid",
            'Not an amount: use digits and one decimal point, e.g. "1250.00".',
        ),
        (
            " 12",
            "EUR",
            "amount_invalid",
            'Not an amount: use digits and one decimal point, e.g. "1250.00".',
        ),
        (
            "1000000000000.01",
            "EUR",
            "amount_too_large",
            "The amount must not exceed 1,000,000,000,000.",
        ),
    ],
)
def test_amount_rules(startup_user, amount, currency, code, detail):
    response = client_for(startup_user).post(
        URL, body(amount=money(amount, currency)), format="json"
    )
    assert_refused(response, [{"pointer": "/amount/amount", "code": code, "detail": detail}])


@pytest.mark.parametrize(
    ("raw_amount", "code"),
    [
        ("1250.5", "amount_not_string"),
        ("1250.00", "amount_not_string"),
        ("1e3", "amount_exponent"),
        ("1.25E+3", "amount_exponent"),
    ],
)
def test_json_numbers_with_a_fraction_or_exponent_are_refused(startup_user, raw_amount, code):
    raw = RAW_BODY.replace("AMOUNT", raw_amount)
    response = post_raw(startup_user, raw)
    assert response.status_code == 400
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [
        ("/amount/amount", code)
    ]
    assert Declaration.objects.count() == 0


def test_a_whole_json_number_is_accepted(startup_user):
    raw = RAW_BODY.replace("AMOUNT", "1250")
    response = post_raw(startup_user, raw)
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == {"amount": "1250.00", "currency": "EUR"}


def test_boolean_amount_is_refused(startup_user):
    response = client_for(startup_user).post(URL, body(amount=money(True)), format="json")
    assert_refused(
        response,
        [
            {
                "pointer": "/amount/amount",
                "code": "amount_invalid",
                "detail": 'Not an amount: use digits and one decimal point, e.g. "1250.00".',
            }
        ],
    )


@pytest.mark.parametrize("currency", ["EURO", "XYZ", "eur", "XAU"])
def test_unknown_currency(startup_user, currency):
    response = client_for(startup_user).post(
        URL, body(amount=money("10.00", currency)), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["pointer"] for e in errors] == ["/amount/currency"]
    if len(currency) == 3:
        assert errors[0] == {
            "pointer": "/amount/currency",
            "code": "unknown_currency",
            "detail": f"Not an ISO 4217 currency code: {currency!r}.",
        }
    assert Declaration.objects.count() == 0


@pytest.mark.parametrize("country", ["XX", "UK", "ie"])
def test_unknown_country(startup_user, country):
    response = client_for(startup_user).post(
        URL, body(counterparty={"name": "X", "country": country}), format="json"
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/counterparty/country",
                "code": "unknown_country",
                "detail": f"Not an ISO 3166-1 alpha-2 country code: {country!r}.",
            }
        ],
    )


# "Today" is fixed so the answers do not depend on the day the suite runs (29 February has no
# counterpart ten years earlier; just after midnight, "today" and "tomorrow" move under the test).
TODAYS = [date(2026, 3, 25), date(2028, 2, 29)]


@pytest.fixture(params=TODAYS, ids=str)
def today(request, monkeypatch):
    monkeypatch.setattr("backend.declarations.validation.today_local", lambda: request.param)
    return request.param


def test_value_date_in_the_future(startup_user, today):
    tomorrow = today + timedelta(days=1)
    response = client_for(startup_user).post(
        URL, body(value_date=tomorrow.isoformat()), format="json"
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/value_date",
                "code": "date_in_future",
                "detail": f"The value date cannot be in the future (today is {today.isoformat()}).",
            }
        ],
    )


def test_value_date_today_is_accepted(startup_user, today):
    response = client_for(startup_user).post(URL, body(value_date=today.isoformat()), format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("on", "earliest"),
    [(date(2026, 3, 25), date(2016, 3, 25)), (date(2028, 2, 29), date(2018, 2, 28))],
    ids=str,
)
def test_value_date_absurdly_old(startup_user, monkeypatch, on, earliest):
    monkeypatch.setattr("backend.declarations.validation.today_local", lambda: on)
    client = client_for(startup_user)
    response = client.post(
        URL, body(value_date=(earliest - timedelta(days=1)).isoformat()), format="json"
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/value_date",
                "code": "date_too_old",
                "detail": f"The value date cannot be before {earliest.isoformat()}.",
            }
        ],
    )
    # The earliest day itself is accepted.
    accepted = client.post(URL, body(value_date=earliest.isoformat()), format="json")
    assert accepted.status_code == 201, accepted.content


def test_value_date_in_french_format_is_refused_by_the_api(startup_user):
    response = client_for(startup_user).post(URL, body(value_date="25/03/2026"), format="json")
    assert response.status_code == 400
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [
        ("/value_date", "invalid")
    ]


@pytest.mark.parametrize(
    "field", ["status", "organisation", "verdicts", "conversion", "id", "version", "created_by"]
)
def test_mass_assignment_is_refused(startup_user, field):
    response = client_for(startup_user).post(URL, body(**{field: "screened"}), format="json")
    assert_refused(
        response,
        [
            {
                "pointer": f"/{field}",
                "code": "unknown_field",
                "detail": "This field is not accepted.",
            }
        ],
    )


def test_unknown_nested_keys_are_refused(startup_user):
    response = client_for(startup_user).post(
        URL, body(amount={"amount": "1.00", "currency": "EUR", "amount_mad": "10"}), format="json"
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/amount/amount_mad",
                "code": "unknown_field",
                "detail": "This field is not accepted.",
            }
        ],
    )


def test_missing_fields_each_get_a_pointer(startup_user):
    response = client_for(startup_user).post(URL, {}, format="json")
    assert response.status_code == 400
    pointers = sorted(e["pointer"] for e in response.json()["errors"])
    assert pointers == [
        "/amount",
        "/category",
        "/channel",
        "/counterparty",
        "/direction",
        "/reference",
        "/value_date",
    ]
    assert {e["code"] for e in response.json()["errors"]} == {"required"}


@pytest.mark.parametrize(
    ("field", "value"), [("direction", "sideways"), ("category", "CRYPTO"), ("channel", "cash")]
)
def test_choices(startup_user, field, value):
    response = client_en(startup_user).post(URL, body(**{field: value}), format="json")
    assert_refused(
        response,
        [
            {
                "pointer": f"/{field}",
                "code": "invalid_choice",
                "detail": f'"{value}" is not a valid choice.',
            }
        ],
    )


def test_a_receipt_must_be_incoming(startup_user):
    response = client_for(startup_user).post(
        URL, body(category="SERVICE_EXPORT_RECEIPT"), format="json"
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/direction",
                "code": "direction_mismatch",
                "detail": "A receipt from a foreign client (SERVICE_EXPORT_RECEIPT) is incoming; every other category is outgoing.",
            }
        ],
    )


def test_an_incoming_payment_must_be_a_receipt(startup_user):
    response = client_for(startup_user).post(URL, body(direction="incoming"), format="json")
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [
        ("/direction", "direction_mismatch")
    ]


def test_repatriation_date_only_for_incoming(startup_user):
    response = client_for(startup_user).post(
        URL, body(expected_repatriation_date="2026-04-30"), format="json"
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/expected_repatriation_date",
                "code": "not_applicable",
                "detail": "An expected repatriation date only applies to incoming payments.",
            }
        ],
    )


def test_repatriation_not_before_performance(startup_user):
    response = client_for(startup_user).post(
        URL,
        body(
            direction="incoming",
            category="SERVICE_EXPORT_RECEIPT",
            service_performance_date="2026-03-20",
            expected_repatriation_date="2026-03-01",
        ),
        format="json",
    )
    assert_refused(
        response,
        [
            {
                "pointer": "/expected_repatriation_date",
                "code": "date_order",
                "detail": "The expected repatriation date cannot be before the service performance date.",
            }
        ],
    )


def test_receipt_with_dates_is_accepted(startup_user):
    response = client_for(startup_user).post(
        URL,
        body(
            direction="incoming",
            category="SERVICE_EXPORT_RECEIPT",
            service_performance_date="2026-03-01",
            expected_repatriation_date="2026-05-30",
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (
        response.json()["service_performance_date"],
        response.json()["expected_repatriation_date"],
    ) == ("2026-03-01", "2026-05-30")


@pytest.mark.parametrize("reference", [" INV-1", "INV-1 ", "-INV", "INV\n1", "INV;DROP"])
def test_reference_format(startup_user, reference):
    response = client_for(startup_user).post(URL, body(reference=reference), format="json")
    assert_refused(
        response,
        [
            {
                "pointer": "/reference",
                "code": "invalid_reference",
                "detail": "A reference starts with a letter or digit and uses only letters, digits, spaces and . _ / # : -",
            }
        ],
    )


def test_reference_length(startup_user):
    response = client_en(startup_user).post(URL, body(reference="R" * 65), format="json")
    assert_refused(
        response,
        [
            {
                "pointer": "/reference",
                "code": "max_length",
                "detail": "Ensure this field has no more than 64 characters.",
            }
        ],
    )


def test_malformed_json(startup_user):
    response = post_raw(startup_user, '{"reference": ')
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"
    assert Declaration.objects.count() == 0


def test_nan_is_malformed(startup_user):
    response = post_raw(startup_user, '{"amount": {"amount": NaN, "currency": "EUR"}}')
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


@pytest.mark.parametrize(
    ("change", "pointer", "detail"),
    [
        (
            {"amount": money("1250.00", "MAD")},
            "/amount/currency",
            "A payment in dirhams (MAD) is not a cross-border payment: declare the foreign "
            "currency actually paid or received.",
        ),
        (
            {"counterparty": {"name": "Atlas Conseil SARL", "country": "MA"}},
            "/counterparty/country",
            "A counterparty in Morocco (MA) is not a cross-border payment: only payments to or "
            "from abroad are declared.",
        ),
    ],
    ids=["mad", "moroccan-counterparty"],
)
def test_a_payment_that_does_not_cross_the_border_is_refused(startup_user, change, pointer, detail):
    response = client_for(startup_user).post(URL, body(**change), format="json")
    assert_refused(response, [{"pointer": pointer, "code": "not_cross_border", "detail": detail}])
