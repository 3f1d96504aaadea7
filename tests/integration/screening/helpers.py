"""Builders for screening tests: rulebooks through the rulebook services, declarations through
the declaration service and the real pipeline (MAD payments convert at 1, no rate file needed)."""

import copy
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.db import transaction

from backend.accounts.models import Organisation, User
from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from backend.declarations.services.declarations import (
    DeclarationChanges,
    declaration_create,
    declaration_withdraw,
)
from backend.processing.pipeline import processing_declarations
from backend.rulebooks.models import RulebookVersion
from backend.rulebooks.services.versions import (
    rulebook_create,
    rulebook_version_create_draft,
    rulebook_version_publish,
)
from backend.screening.models import (
    Coverage,
    Evaluation,
    FactsSnapshot,
    Finding,
    Flag,
    VerdictChange,
)
from backend.screening.selectors import declaration_verdicts
from tests.integration.rulebooks.helpers import active_cohort, regulator
from tests.unit.rulebooks.documents import small_document

_refs = count(1)


def document(*, name: str, kind: str, cap_mad: str, effective_from: str = "2026-01-01") -> dict:
    """The small two-rule document: a yearly card cap and a country review list."""
    return small_document(name=name, kind=kind, effective_from=effective_from, cap_mad=cap_mad)


def publish(doc: dict[str, Any], *, rulebook: Any = None) -> RulebookVersion:
    """Publish `doc` as a new version (drafted by one regulator, published by another)."""
    editor, publisher = regulator(), regulator()
    book = rulebook or rulebook_create(
        actor=editor, name=doc["rulebook"]["name"], kind=doc["rulebook"]["kind"]
    )
    draft = rulebook_version_create_draft(actor=editor, rulebook=book, document=copy.deepcopy(doc))
    return rulebook_version_publish(actor=publisher, version=draft)


def in_force(cap_mad: str = "2000000.00") -> RulebookVersion:
    """The test rules in force: card cap `cap_mad` a year from 1 January 2026."""
    return publish(document(name="Test rules in force", kind="in_force", cap_mad=cap_mad))


def proposal(cap_mad: str = "4000000.00") -> RulebookVersion:
    """The test sandbox proposal: card cap `cap_mad` a year."""
    return publish(document(name="Test proposal", kind="proposed", cap_mad=cap_mad))


def cohort(version: RulebookVersion, participants: list[Organisation], **kw: Any) -> Any:
    """An active cohort over 2026 trialling `version`."""
    return active_cohort(
        proposal=version,
        participants=participants,
        starts_on=kw.get("starts_on", date(2026, 1, 1)),
        ends_on=kw.get("ends_on", date(2026, 12, 31)),
    )


def declare(
    user: User,
    amount: str,
    value_date: date,
    *,
    currency: str = "MAD",
    channel: str = "card",
    country: str = "IE",
    category: str = "SAAS_CLOUD",
    reference: str = "",
) -> Declaration:
    """Declare a payment through the service (its processing is then run by `process`)."""
    with transaction.atomic():
        return declaration_create(
            actor=user,
            organisation=user.membership.organisation,
            reference=reference or f"REF-{next(_refs)}",
            changes=DeclarationChanges(
                direction="outgoing",
                category=category,
                channel=channel,
                amount=Decimal(amount),
                currency=currency,
                value_date=value_date,
                counterparty_name="Example Cloud Ltd",
                counterparty_country=country,
            ),
        )


def process(*declarations: Declaration) -> None:
    """Run the pipeline (conversion, then screening) on these declarations, as the worker does."""
    processing_declarations(declaration_ids=[d.pk for d in declarations])


def withdraw(user: User, declaration: Declaration) -> Declaration:
    """Withdraw through the service."""
    return declaration_withdraw(actor=user, declaration=declaration, reason="Duplicate")


def verdicts(declaration: Declaration) -> dict[str, str]:
    """Current verdict per rulebook name."""
    fresh = Declaration.objects.select_related("organisation").get(pk=declaration.pk)
    return {v["rulebook"]["name"]: v["verdict"] for v in declaration_verdicts(declaration=fresh)}


def governing(declaration: Declaration) -> dict[str, bool]:
    """Whether each rulebook screening the declaration governs it, per rulebook name."""
    fresh = Declaration.objects.select_related("organisation").get(pk=declaration.pk)
    return {v["rulebook"]["name"]: v["governing"] for v in declaration_verdicts(declaration=fresh)}


def status(declaration: Declaration) -> str:
    """The declaration's stored status."""
    return Declaration.objects.get(pk=declaration.pk).status


def row_counts() -> dict[str, int]:
    """How many rows each screening table (and the audit log) holds."""
    return {
        "evaluations": Evaluation.objects.count(),
        "coverage": Coverage.objects.count(),
        "findings": Finding.objects.count(),
        "changes": VerdictChange.objects.count(),
        "flags": Flag.objects.count(),
        "snapshots": FactsSnapshot.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
