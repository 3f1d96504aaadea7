"""Builders for declaration tests: valid bodies and declarations made through the services."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from backend.accounts.models import User
from backend.declarations.models import Declaration
from backend.declarations.services.declarations import DeclarationChanges, declaration_create

VALUE_DATE = date(2026, 3, 25)


def body(**overrides: Any) -> dict[str, Any]:
    """A valid create body (API.md's example), with overrides."""
    data: dict[str, Any] = {
        "reference": "INV-2026-0042",
        "direction": "outgoing",
        "category": "SAAS_CLOUD",
        "channel": "card",
        "amount": {"amount": "1250.00", "currency": "EUR"},
        "value_date": VALUE_DATE.isoformat(),
        "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
        "description": "Hosting, March",
    }
    data.update(overrides)
    return data


def make_declaration(owner: User, *, reference: str = "INV-1", **changes: Any) -> Declaration:
    """A declaration of the owner's organisation, created through the service."""
    values: dict[str, Any] = {
        "direction": "outgoing",
        "category": "SAAS_CLOUD",
        "channel": "card",
        "amount": Decimal("1250.00"),
        "currency": "EUR",
        "value_date": VALUE_DATE,
        "counterparty_name": "Example Cloud Ltd",
        "counterparty_country": "IE",
    }
    values.update(changes)
    with transaction.atomic():
        return declaration_create(
            actor=owner,
            organisation=owner.membership.organisation,
            reference=reference,
            changes=DeclarationChanges(**values),
        )
