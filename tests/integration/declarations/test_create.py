"""Declaring a payment through the API: the happy path, attribution, hand-off and roles."""

from decimal import Decimal

import pytest
from django.urls import reverse

from backend.accounts.services import api_token_create
from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import body

URL = reverse("api:declarations")
pytestmark = pytest.mark.django_db


def test_create_answers_the_declaration_and_records_it(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    # Given a startup member, when they declare API.md's example payment
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(startup_user).post(URL, body(), format="json")

    # Then the answer is the declaration, received, not yet converted or screened
    assert response.status_code == 201, response.json()
    data = response.json()
    assert {
        k: data[k]
        for k in (
            "reference",
            "direction",
            "category",
            "channel",
            "amount",
            "value_date",
            "counterparty",
            "description",
            "status",
            "version",
            "supersedes",
            "conversion",
            "verdicts",
            "awaiting_processing",
        )
    } == {
        "reference": "INV-2026-0042",
        "direction": "outgoing",
        "category": "SAAS_CLOUD",
        "channel": "card",
        "amount": {"amount": "1250.00", "currency": "EUR"},
        "value_date": "2026-03-25",
        "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
        "description": "Hosting, March",
        "status": "received",
        "version": 1,
        "supersedes": None,
        "conversion": None,
        "verdicts": [],
        "awaiting_processing": True,
    }
    declaration = Declaration.objects.get(pk=data["id"])
    assert declaration.amount == Decimal("1250.000")
    assert declaration.organisation == startup_user.membership.organisation
    assert declaration.created_by == startup_user
    assert declaration.api_token is None
    assert declaration.processing_requested_at is not None
    # And it is handed to the workers after commit, by task name
    assert sent_tasks == [("processing.declarations_recorded", {"declaration_ids": [data["id"]]})]
    # And the change is audited
    event = AuditEvent.objects.get(object_id=data["id"])
    assert (event.action, event.actor, event.after["amount"]) == (
        "declaration.create",
        startup_user,
        "1250.00",
    )


@pytest.mark.parametrize(
    ("currency", "sent", "shown"),
    [("JPY", "125000", "125000"), ("KWD", "12.345", "12.345"), ("EUR", 1250, "1250.00")],
)
def test_amount_is_rendered_with_the_currency_minor_units(startup_user, currency, sent, shown):
    response = client_for(startup_user).post(
        URL, body(amount={"amount": sent, "currency": currency}), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == {"amount": shown, "currency": currency}


def test_a_token_pushed_declaration_is_attributed_to_the_token_user(startup_user, api_client):
    from django.db import transaction

    with transaction.atomic():
        issued = api_token_create(user=startup_user, name="ERP")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
    response = api_client.post(URL, body(), format="json")
    assert response.status_code == 201, response.json()
    declaration = Declaration.objects.get(pk=response.json()["id"])
    assert (declaration.created_by, declaration.api_token) == (startup_user, issued.token)
    assert response.json()["submitted_with_token"] is True


def test_regulators_read_but_cannot_declare(regulator_user, startup_user):
    client_for(startup_user).post(URL, body(), format="json")
    response = client_for(regulator_user).post(URL, body(reference="REG-1"), format="json")
    assert response.status_code == 403
    listed = client_for(regulator_user).get(URL).json()["results"]
    assert [d["reference"] for d in listed] == ["INV-2026-0042"]
    assert listed[0]["organisation"]["id"] == str(startup_user.membership.organisation.id)
    assert Declaration.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_advocates_get_403_on_declarations(advocate_user, method):
    response = getattr(client_for(advocate_user), method)(
        URL, body() if method == "post" else None, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_advocates_read_the_categories_they_see_in_the_evidence(advocate_user):
    rows = client_for(advocate_user).get(reverse("api:declaration-categories")).json()
    assert {r["code"]: r["label_en"] for r in rows}["SAAS_CLOUD"] == (
        "SaaS, cloud hosting, APIs, developer tools"
    )


def test_categories_have_french_and_english_labels(startup_user):
    rows = client_for(startup_user).get(reverse("api:declaration-categories")).json()
    assert len(rows) == 12
    saas = next(r for r in rows if r["code"] == "SAAS_CLOUD")
    assert saas["label_fr"] == "SaaS, hébergement cloud, API, outils de développement"
    assert saas["label_en"] == "SaaS, cloud hosting, APIs, developer tools"
    assert saas["direction"] == "outgoing"
    assert next(r for r in rows if r["code"] == "SERVICE_EXPORT_RECEIPT")["direction"] == "incoming"


def test_duplicate_reference_is_a_409_and_creates_nothing(startup_user):
    client = client_for(startup_user)
    assert client.post(URL, body(), format="json").status_code == 201
    response = client.post(URL, body(amount={"amount": "9.99", "currency": "USD"}), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_reference"
    assert response.json()["errors"] == [
        {
            "pointer": "/reference",
            "code": "duplicate_reference",
            "detail": "Your organisation already declared a payment with this reference.",
        }
    ]
    assert Declaration.objects.count() == 1


def test_references_are_unique_per_organisation_only(startup_user, other_startup_user):
    assert client_for(startup_user).post(URL, body(), format="json").status_code == 201
    assert client_for(other_startup_user).post(URL, body(), format="json").status_code == 201


def test_the_reference_data_lists_what_a_declaration_accepts(startup_user):
    data = client_for(startup_user).get("/api/v1/reference-data/").json()
    # Every ISO country but Morocco and every currency but the dirham: only cross-border payments
    assert len(data["countries"]) == 248
    assert "IE" in data["countries"]
    assert "MA" not in data["countries"]
    units = {c["code"]: c["minor_units"] for c in data["currencies"]}
    assert (units["EUR"], units["JPY"], units["KWD"]) == (2, 0, 3)
    assert "MAD" not in units
