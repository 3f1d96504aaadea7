"""Create, amend and withdraw declarations."""

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.accounts.models import ApiToken, Organisation, User
from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, InvalidInput, Unprocessable
from backend.declarations import validation as v
from backend.declarations.models import (
    Declaration,
    DeclarationStatus,
    PaymentKind,
    ReceiptStatus,
)
from backend.declarations.services.hand_off import (
    declarations_mark_for_processing,
    declarations_request_processing,
)


@dataclass(frozen=True)
class DeclarationChanges:
    """What a declaration says about the payment (everything but its reference)."""

    direction: str
    category: str
    channel: str
    amount: Decimal
    currency: str
    value_date: date
    counterparty_name: str
    counterparty_country: str
    description: str = ""
    service_performance_date: date | None = None
    expected_repatriation_date: date | None = None
    receipt_status: str = ""
    payment_kind: str = PaymentKind.SETTLEMENT
    contract_amount: Decimal | None = None
    subscription_months: int | None = None

    @classmethod
    def from_validated(cls, data: dict[str, Any]) -> "DeclarationChanges":
        """Build from a serializer's validated data (nested money and counterparty). A
        receipt still expected is valued, until it arrives, on the day it is expected."""
        expected = data.get("receipt_status") == ReceiptStatus.EXPECTED
        contract = data.get("contract_amount")
        return cls(
            direction=data["direction"],
            category=data["category"],
            channel=data["channel"],
            amount=data["amount"]["amount"],
            currency=data["amount"]["currency"],
            value_date=data["expected_repatriation_date"] if expected else data["value_date"],
            counterparty_name=data["counterparty"]["name"],
            counterparty_country=data["counterparty"]["country"],
            description=data.get("description") or "",
            service_performance_date=data.get("service_performance_date"),
            expected_repatriation_date=data.get("expected_repatriation_date"),
            receipt_status=data.get("receipt_status") or "",
            payment_kind=data.get("payment_kind") or PaymentKind.SETTLEMENT,
            contract_amount=contract["amount"] if contract is not None else None,
            subscription_months=data.get("subscription_months"),
        )


def declaration_snapshot(declaration: Declaration) -> dict[str, Any]:
    """The audited state of a declaration (JSON-safe)."""
    return {
        "id": str(declaration.pk),
        "reference": declaration.reference,
        "version": declaration.version,
        "direction": declaration.direction,
        "category": declaration.category,
        "channel": declaration.channel,
        "amount": v.amount_text(declaration.amount, declaration.currency),
        "currency": declaration.currency,
        "value_date": declaration.value_date.isoformat(),
        "counterparty_name": declaration.counterparty_name,
        "counterparty_country": declaration.counterparty_country,
        "description": declaration.description,
        "service_performance_date": _iso(declaration.service_performance_date),
        "expected_repatriation_date": _iso(declaration.expected_repatriation_date),
        "receipt_status": declaration.receipt_status or None,
        "payment_kind": declaration.payment_kind,
        "contract_amount": (
            v.amount_text(declaration.contract_amount, declaration.currency)
            if declaration.contract_amount is not None
            else None
        ),
        "subscription_months": declaration.subscription_months,
        "status": declaration.status,
        "api_token": str(declaration.api_token_id) if declaration.api_token_id else None,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _duplicate_reference() -> Conflict:
    return Conflict(
        code=v.DUPLICATE_REFERENCE.code,
        detail=v.DUPLICATE_REFERENCE.message,
        errors=[
            {
                "pointer": "/reference",
                "code": v.DUPLICATE_REFERENCE.code,
                "detail": v.DUPLICATE_REFERENCE.message,
            }
        ],
    )


def _insert(declaration: Declaration) -> None:
    """Insert in a savepoint so a reference taken concurrently is a Conflict, not a crash."""
    try:
        with transaction.atomic():
            declaration.save(force_insert=True)
    except IntegrityError as exc:
        if "reference" in str(exc).lower() or "unique" in str(exc).lower():
            raise _duplicate_reference() from exc
        raise


@transaction.atomic
def declaration_create(
    *,
    actor: User,
    organisation: Organisation,
    reference: str,
    changes: DeclarationChanges,
    api_token: ApiToken | None = None,
) -> Declaration:
    """Record a new payment declaration (version 1) and hand it to conversion and screening."""
    if Declaration.objects.filter(
        organisation=organisation, reference=reference, is_current=True
    ).exists():
        raise _duplicate_reference()
    now = timezone.now()
    declaration = Declaration(
        organisation=organisation,
        created_by=actor,
        api_token=api_token,
        reference=reference,
        version=1,
        created_at=now,
        processing_requested_at=now,
        **asdict(changes),
    )
    _insert(declaration)
    audit_record(
        actor=actor,
        action="declaration.create",
        obj=declaration,
        organisation=organisation,
        after=declaration_snapshot(declaration),
    )
    declarations_request_processing(declaration_ids=[declaration.pk])
    return declaration


def lock_current_version(declaration: Declaration) -> Declaration:
    """Re-read the declaration under a row lock and check it can still change."""
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not locked.is_current:
        raise Conflict(
            code="declaration_superseded",
            detail="This version was amended since; act on the current version.",
        )
    if locked.status == DeclarationStatus.WITHDRAWN:
        raise Conflict(code="declaration_withdrawn", detail="This declaration was withdrawn.")
    return locked


def _supersede(
    previous: Declaration,
    *,
    actor: User,
    changes: DeclarationChanges,
    api_token: ApiToken | None,
    action: str,
) -> Declaration:
    """The new current version of a locked declaration, audited and handed to the flow."""
    previous.is_current = False
    previous.save(update_fields=["is_current", "updated_at"])
    now = timezone.now()
    successor = Declaration(
        organisation_id=previous.organisation_id,
        created_by=actor,
        api_token=api_token,
        reference=previous.reference,
        version=previous.version + 1,
        supersedes=previous,
        created_at=now,
        processing_requested_at=now,
        **asdict(changes),
    )
    _insert(successor)
    audit_record(
        actor=actor,
        action=action,
        obj=successor,
        organisation=previous.organisation,
        before=declaration_snapshot(previous),
        after=declaration_snapshot(successor),
    )
    declarations_request_processing(declaration_ids=[successor.pk])
    return successor


def _changes_of(declaration: Declaration) -> DeclarationChanges:
    """What a stored version says, as changes to start a new version from."""
    return DeclarationChanges(
        **{f.name: getattr(declaration, f.name) for f in fields(DeclarationChanges)}
    )


@transaction.atomic
def declaration_amend(
    *,
    actor: User,
    declaration: Declaration,
    changes: DeclarationChanges,
    api_token: ApiToken | None = None,
) -> Declaration:
    """Supersede a declaration with a new version; the old one stays, read-only, in the history."""
    previous = lock_current_version(declaration)
    if _changes_of(previous) == changes:
        raise Unprocessable(
            code="amendment_without_change",
            detail="The amendment changes nothing: every field equals the current version.",
        )
    return _supersede(
        previous, actor=actor, changes=changes, api_token=api_token, action="declaration.amend"
    )


@transaction.atomic
def declaration_receive(
    *,
    actor: User,
    declaration: Declaration,
    value_date: date,
    amount: Decimal | None = None,
    currency: str | None = None,
    api_token: ApiToken | None = None,
) -> Declaration:
    """Complete a receipt declared ahead: the money arrived on `value_date` (and, when given,
    `amount` in the declared currency). A new version records it; the expected one stays in
    the history, and the repatriation deadline is now measured to the day of arrival."""
    previous = lock_current_version(declaration)
    if previous.receipt_status != ReceiptStatus.EXPECTED:
        raise Conflict(code=v.NOT_EXPECTED.code, detail=v.NOT_EXPECTED.message)
    if currency is not None and currency != previous.currency:
        detail = v.RECEIPT_CURRENCY_MISMATCH.format(currency=previous.currency)
        raise InvalidInput(
            code=v.RECEIPT_CURRENCY_MISMATCH.code,
            detail=detail,
            errors=[
                {
                    "pointer": "/amount/currency",
                    "code": v.RECEIPT_CURRENCY_MISMATCH.code,
                    "detail": detail,
                }
            ],
        )
    changes = replace(
        _changes_of(previous),
        value_date=value_date,
        amount=previous.amount if amount is None else amount,
        receipt_status=ReceiptStatus.RECEIVED,
    )
    return _supersede(
        previous, actor=actor, changes=changes, api_token=api_token, action="declaration.receive"
    )


@transaction.atomic
def declaration_withdraw(*, actor: User, declaration: Declaration, reason: str) -> Declaration:
    """Withdraw a declaration with a reason; it stays visible, marked withdrawn."""
    locked = lock_current_version(declaration)
    before = {"status": locked.status}
    locked.status = DeclarationStatus.WITHDRAWN
    locked.withdrawal_reason = reason
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["status", "withdrawal_reason", "withdrawn_at", "updated_at"])
    # Its evaluations stop counting: the participant's later running totals are screened again.
    declarations_mark_for_processing(declaration_ids=[locked.pk])
    audit_record(
        actor=actor,
        action="declaration.withdraw",
        obj=locked,
        organisation=locked.organisation,
        before=before,
        after={"status": locked.status, "reason": reason},
    )
    return locked
