"""Demonstration declarations (fictional), created through the real service and pipeline."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.declarations.bulk.insert import insert_declarations
from backend.declarations.demo_year import Payment, demo_year
from backend.declarations.models import Declaration
from backend.declarations.services.declarations import DeclarationChanges, declaration_create
from backend.declarations.services.hand_off import declarations_request_processing

DEMO_DECLARATIONS_FILE = settings.BASE_DIR / "fixtures" / "demo" / "declarations.yaml"


@dataclass(frozen=True)
class DemoDeclarationsLoaded:
    """How many demo declarations were created now, and how many were already there."""

    created: int
    existing: int


def _day(entry: dict[str, Any], key: str) -> date | None:
    value = entry.get(key)
    return date.fromisoformat(str(value)) if value else None


def _changes(entry: dict[str, Any]) -> DeclarationChanges:
    name, country = entry["counterparty"]
    receipt = entry["category"] == "SERVICE_EXPORT_RECEIPT"
    status = entry.get("receipt_status", "received" if receipt else "")
    # A receipt still expected is valued on the day it is expected, as the API records it.
    value_date = _day(entry, "expected_repatriation_date" if status == "expected" else "value_date")
    if value_date is None:
        raise ValueError(f"demo declaration {entry['reference']}: no date for its value date")
    return DeclarationChanges(
        direction=entry.get("direction", "outgoing"),
        category=entry["category"],
        channel=entry["channel"],
        amount=Decimal(entry["amount"]),
        currency=entry["currency"],
        value_date=value_date,
        counterparty_name=name,
        counterparty_country=country,
        description=entry.get("description", ""),
        service_performance_date=_day(entry, "service_performance_date"),
        expected_repatriation_date=_day(entry, "expected_repatriation_date"),
        receipt_status=status,
        payment_kind=entry.get("payment_kind", "settlement"),
        contract_amount=Decimal(entry["contract_amount"]) if "contract_amount" in entry else None,
        subscription_months=entry.get("subscription_months"),
    )


def _payment_rows(payments: list[Payment]) -> pd.DataFrame:
    """Generated payments as the bulk insert takes them (the columns of an import)."""
    dates = pd.to_datetime(pd.Series([p.value_date for p in payments]))
    none = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    return pd.DataFrame(
        {
            "reference": [p.reference for p in payments],
            "direction": "outgoing",
            "category": [p.category for p in payments],
            "channel": [p.channel for p in payments],
            "amount": [str(p.amount) for p in payments],
            "currency": [p.currency for p in payments],
            "counterparty_name": [p.counterparty[0] for p in payments],
            "counterparty_country": [p.counterparty[1] for p in payments],
            "description": [p.description for p in payments],
            "value_date": dates,
            "service_performance_date": none,
            "expected_repatriation_date": none,
        }
    )


def demo_year_load() -> DemoDeclarationsLoaded:
    """Declare the generated startups' year of payments (each once, by reference) in one
    transaction: one set-based insert and one audit event per startup, screened by the worker."""
    created = existing = 0
    now = timezone.now()
    year = demo_year()
    users = User.objects.select_related("membership__organisation").in_bulk(
        list(year), field_name="username"
    )
    with transaction.atomic():
        new_ids: list[str] = []
        for username, payments in year.items():
            user = users[username]
            organisation = user.membership.organisation
            taken = set(
                Declaration.objects.filter(
                    organisation=organisation, reference__in=[p.reference for p in payments]
                ).values_list("reference", flat=True)
            )
            missing = [p for p in payments if p.reference not in taken]
            existing += len(payments) - len(missing)
            if not missing:
                continue
            ids = insert_declarations(
                _payment_rows(missing),
                constants={
                    "organisation_id": organisation.pk,
                    "created_by_id": user.pk,
                    "created_at": now,
                    "updated_at": now,
                    "processing_requested_at": now,
                },
            )
            audit_record(
                actor=user,
                action="declaration.import",
                organisation=organisation,
                after={"created": len(ids), "references": [p.reference for p in missing]},
            )
            new_ids += ids
            created += len(ids)
        declarations_request_processing(declaration_ids=new_ids)
    return DemoDeclarationsLoaded(created=created, existing=existing)


def demo_declarations_load() -> DemoDeclarationsLoaded:
    """Declare each demo payment once (by reference), as its startup's demo user would: the
    hand-written ones through the one-by-one service, the generated year in bulk."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded with production settings.")
    spec = yaml.safe_load(DEMO_DECLARATIONS_FILE.read_text(encoding="utf-8"))
    created = existing = 0
    for username, entries in spec.items():
        user = User.objects.select_related("membership__organisation").get(username=username)
        organisation = user.membership.organisation
        for entry in entries:
            if Declaration.objects.filter(
                organisation=organisation, reference=entry["reference"]
            ).exists():
                existing += 1
                continue
            with transaction.atomic():
                declaration_create(
                    actor=user,
                    organisation=organisation,
                    reference=entry["reference"],
                    changes=_changes(entry),
                )
            created += 1
    generated = demo_year_load()
    return DemoDeclarationsLoaded(
        created=created + generated.created, existing=existing + generated.existing
    )
