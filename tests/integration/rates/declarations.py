"""Declarations for the conversion tests, written straight to the table."""

from datetime import date
from decimal import Decimal
from itertools import count

from backend.accounts.models import User
from backend.declarations.models import Declaration

_seq = count(1)


def make_declaration(
    owner: User, *, amount: str, currency: str, value_date: date, status: str = "received"
) -> Declaration:
    return Declaration.objects.create(
        organisation=owner.membership.organisation,
        created_by=owner,
        reference=f"RATES-{next(_seq)}",
        direction="outgoing",
        category="SAAS_CLOUD",
        channel="card",
        amount=Decimal(amount),
        currency=currency,
        value_date=value_date,
        counterparty_name="Example Cloud Ltd",
        counterparty_country="IE",
        status=status,
    )
