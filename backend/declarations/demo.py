"""Demonstration declarations (fictional), created through the real service and pipeline."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from backend.accounts.models import User
from backend.declarations.models import Declaration
from backend.declarations.services.declarations import DeclarationChanges, declaration_create

DEMO_DECLARATIONS_FILE = settings.BASE_DIR / "fixtures" / "demo" / "declarations.yaml"


@dataclass(frozen=True)
class DemoDeclarationsLoaded:
    """How many demo declarations were created now, and how many were already there."""

    created: int
    existing: int


def _changes(entry: dict[str, Any]) -> DeclarationChanges:
    name, country = entry["counterparty"]
    return DeclarationChanges(
        direction=entry.get("direction", "outgoing"),
        category=entry["category"],
        channel=entry["channel"],
        amount=Decimal(entry["amount"]),
        currency=entry["currency"],
        value_date=date.fromisoformat(str(entry["value_date"])),
        counterparty_name=name,
        counterparty_country=country,
        description=entry.get("description", ""),
        service_performance_date=(
            date.fromisoformat(str(entry["service_performance_date"]))
            if entry.get("service_performance_date")
            else None
        ),
    )


def demo_declarations_load() -> DemoDeclarationsLoaded:
    """Declare each demo payment once (by reference), as its startup's demo user would."""
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
    return DemoDeclarationsLoaded(created=created, existing=existing)
