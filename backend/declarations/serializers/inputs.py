"""What a startup sends to declare, amend, complete or withdraw a payment, and the list's query
parameters (validation only: no business logic here)."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.declarations import validation as v
from backend.declarations.categories import CATEGORY_CODES, INCOMING_CATEGORIES
from backend.declarations.models import (
    Channel,
    DeclarationStatus,
    Direction,
    PaymentKind,
    ReceiptStatus,
)

ORDERINGS = ("-value_date", "value_date", "-created_at", "created_at", "-amount", "amount")


def _error(rule: v.Rule, message: str | None = None) -> serializers.ValidationError:
    return serializers.ValidationError(message or rule.message, code=rule.code)


def _field_error(field: str, rule: v.Rule, message: str | None = None) -> Any:
    """A validation error attached to one field (for checks that span several fields)."""
    detail = serializers.ErrorDetail(message or rule.message, code=rule.code)
    return serializers.ValidationError({field: [detail]})


@extend_schema_field({"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "example": "1250.00"})
class AmountField(serializers.Field):
    """A decimal string (or a whole JSON number); floats and exponent notation are refused."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool):
            raise _error(v.AMOUNT_INVALID)
        if isinstance(data, Decimal | float):
            if "e" in str(data).lower():
                raise _error(v.AMOUNT_EXPONENT)
            raise _error(v.AMOUNT_NOT_STRING)
        if isinstance(data, int):
            return str(data)
        if not isinstance(data, str):
            raise _error(v.AMOUNT_INVALID)
        return data

    def to_representation(self, value: Any) -> str:
        return str(value)


class MoneyInputSerializer(StrictSerializer):
    amount = AmountField()
    currency = serializers.CharField(max_length=3, min_length=3)

    def validate_currency(self, value: str) -> str:
        if not v.is_currency(value):
            raise _error(v.UNKNOWN_CURRENCY, v.UNKNOWN_CURRENCY.format(value=value))
        if value == v.HOME_CURRENCY:
            raise _error(v.NOT_CROSS_BORDER_CURRENCY)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        amount, rule, message = v.amount_check(attrs["amount"], attrs["currency"])
        if rule is not None:
            raise _field_error("amount", rule, message)
        attrs["amount"] = amount
        return attrs


class CounterpartyInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=v.COUNTERPARTY_NAME_MAX_LENGTH)
    country = serializers.CharField(max_length=2, min_length=2)

    def validate_country(self, value: str) -> str:
        if not v.is_country(value):
            raise _error(v.UNKNOWN_COUNTRY, v.UNKNOWN_COUNTRY.format(value=value))
        if value == v.HOME_COUNTRY:
            raise _error(v.NOT_CROSS_BORDER_COUNTRY)
        return value


class DeclarationChangesInputSerializer(StrictSerializer):
    """Everything a declaration says except its reference (an amendment keeps the reference)."""

    direction = serializers.ChoiceField(choices=Direction.values)
    category = serializers.ChoiceField(choices=CATEGORY_CODES)
    channel = serializers.ChoiceField(choices=Channel.values)
    amount = MoneyInputSerializer()
    value_date = serializers.DateField(
        input_formats=["iso-8601"],
        required=False,
        help_text="The day the money left or arrived; omitted for a receipt still expected.",
    )
    counterparty = CounterpartyInputSerializer()
    description = serializers.CharField(
        max_length=v.DESCRIPTION_MAX_LENGTH, allow_blank=True, required=False, default=""
    )
    service_performance_date = serializers.DateField(
        input_formats=["iso-8601"],
        required=False,
        allow_null=True,
        default=None,
        help_text="A receipt from a foreign client: the day the service was performed (the "
        "repatriation deadline runs from it).",
    )
    expected_repatriation_date = serializers.DateField(
        input_formats=["iso-8601"], required=False, allow_null=True, default=None
    )
    receipt_status = serializers.ChoiceField(
        choices=ReceiptStatus.values,
        required=False,
        help_text="A receipt from a foreign client: `received` (default) or `expected` (declared "
        "ahead, completed with POST …/receive/ when the money arrives).",
    )
    payment_kind = serializers.ChoiceField(
        choices=PaymentKind.values,
        default=PaymentKind.SETTLEMENT,
        help_text="An outgoing service payment: a settlement, or an advance before performance.",
    )
    contract_amount = MoneyInputSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="An advance: the contract's total, in the payment's currency.",
    )
    subscription_months = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An advance on a subscription: its term in months.",
    )

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # Field errors stop before `validate`: still name a missing value date with them.
            missing = isinstance(data, dict) and "value_date" not in data
            expected = isinstance(data, dict) and data.get("receipt_status") == "expected"
            if isinstance(exc.detail, dict) and missing and not expected:
                exc.detail.setdefault(
                    "value_date",
                    [serializers.ErrorDetail(v.VALUE_DATE_REQUIRED.message, code="required")],
                )
            raise

    def validate_value_date(self, value: Any) -> Any:
        message = v.value_date_check(value, v.today_local())
        if message is not None:
            code = v.DATE_IN_FUTURE.code if value > v.today_local() else v.DATE_TOO_OLD.code
            raise serializers.ValidationError(message, code=code)
        return value

    def validate_service_performance_date(self, value: Any) -> Any:
        today = v.today_local()
        if value is not None and value > today:
            raise _error(v.PERFORMANCE_IN_FUTURE, v.PERFORMANCE_IN_FUTURE.format(today=today))
        return value

    def validate_subscription_months(self, value: Any) -> Any:
        if value is not None and not 1 <= value <= v.SUBSCRIPTION_MAX_MONTHS:
            raise _error(v.SUBSCRIPTION_OUT_OF_RANGE)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        incoming_category = attrs["category"] in INCOMING_CATEGORIES
        if incoming_category != (attrs["direction"] == Direction.INCOMING):
            raise _field_error("direction", v.DIRECTION_MISMATCH)
        performed = attrs.get("service_performance_date")
        repatriation = attrs.get("expected_repatriation_date")
        if repatriation is not None and attrs["direction"] != Direction.INCOMING:
            raise _field_error("expected_repatriation_date", v.REPATRIATION_NOT_APPLICABLE)
        if repatriation is not None and performed is not None and repatriation < performed:
            raise _field_error("expected_repatriation_date", v.REPATRIATION_BEFORE_PERFORMANCE)
        _check_receipt(attrs, incoming_category)
        _check_advance(attrs)
        return attrs


def _check_receipt(attrs: dict[str, Any], receipt: bool) -> None:
    """A receipt is received (its value date given) or expected (its expected date given)."""
    status = attrs.get("receipt_status")
    if status is not None and not receipt:
        raise _field_error("receipt_status", v.RECEIPT_NOT_APPLICABLE)
    if receipt:
        attrs["receipt_status"] = status = status or ReceiptStatus.RECEIVED
    if status != ReceiptStatus.EXPECTED:
        if "value_date" not in attrs:
            raise _field_error("value_date", v.VALUE_DATE_REQUIRED)
        return
    expected = attrs.get("expected_repatriation_date")
    if "value_date" in attrs:
        raise _field_error("value_date", v.EXPECTED_WITH_VALUE_DATE)
    if expected is None:
        raise _field_error("expected_repatriation_date", v.EXPECTED_DATE_REQUIRED)
    message = v.expected_date_check(expected, v.today_local())
    if message is not None:
        raise _field_error("expected_repatriation_date", v.EXPECTED_TOO_FAR, message)


def _check_advance(attrs: dict[str, Any]) -> None:
    """An advance is outgoing and states its contract total (and a subscription's term)."""
    advance = attrs["payment_kind"] == PaymentKind.ADVANCE
    contract = attrs.get("contract_amount")
    if advance and attrs["direction"] != Direction.OUTGOING:
        raise _field_error("payment_kind", v.ADVANCE_NOT_APPLICABLE)
    if not advance:
        if contract is not None:
            raise _field_error("contract_amount", v.CONTRACT_NOT_APPLICABLE)
        if attrs.get("subscription_months") is not None:
            raise _field_error("subscription_months", v.SUBSCRIPTION_NOT_APPLICABLE)
        return
    if contract is None:
        raise _field_error("contract_amount", v.CONTRACT_REQUIRED)
    currency = attrs["amount"]["currency"]
    if contract["currency"] != currency:
        message = v.CONTRACT_CURRENCY_MISMATCH.format(currency=currency)
        raise _field_error("contract_amount", v.CONTRACT_CURRENCY_MISMATCH, message)
    if attrs["amount"]["amount"] > contract["amount"]:
        raise _field_error("contract_amount", v.ADVANCE_EXCEEDS_CONTRACT)


class DeclarationInputSerializer(DeclarationChangesInputSerializer):
    reference = serializers.CharField(max_length=v.REFERENCE_MAX_LENGTH, trim_whitespace=False)

    def validate_reference(self, value: str) -> str:
        if not v.REFERENCE_PATTERN.match(value) or value != value.strip():
            raise _error(v.INVALID_REFERENCE)
        return value


class ReceiveInputSerializer(StrictSerializer):
    """The arrival of a receipt declared ahead."""

    value_date = serializers.DateField(
        input_formats=["iso-8601"], help_text="The day the money arrived."
    )
    amount = MoneyInputSerializer(
        required=False,
        help_text="What arrived, in the declared currency (default: the amount declared).",
    )

    def validate_value_date(self, value: Any) -> Any:
        message = v.value_date_check(value, v.today_local())
        if message is not None:
            code = v.DATE_IN_FUTURE.code if value > v.today_local() else v.DATE_TOO_OLD.code
            raise serializers.ValidationError(message, code=code)
        return value


class WithdrawInputSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=v.WITHDRAWAL_REASON_MAX_LENGTH)


class DeclarationFilterSerializer(serializers.Serializer):
    """Query parameters of the list (pagination parameters pass through untouched)."""

    value_date_after = serializers.DateField(required=False, input_formats=["iso-8601"])
    value_date_before = serializers.DateField(required=False, input_formats=["iso-8601"])
    category = serializers.ChoiceField(choices=CATEGORY_CODES, required=False)
    status = serializers.ChoiceField(choices=DeclarationStatus.values, required=False)
    direction = serializers.ChoiceField(choices=Direction.values, required=False)
    receipt_status = serializers.ChoiceField(
        choices=ReceiptStatus.values, required=False, help_text="e.g. receipts still expected."
    )
    payment_kind = serializers.ChoiceField(choices=PaymentKind.values, required=False)
    currency = serializers.CharField(max_length=3, required=False)
    reference = serializers.CharField(max_length=v.REFERENCE_MAX_LENGTH, required=False)
    participant = serializers.UUIDField(required=False, help_text="Regulators: one organisation.")
    cluster = serializers.CharField(max_length=20, required=False, help_text="Regulators only.")
    include_superseded = serializers.BooleanField(required=False, default=False)
    ordering = serializers.ChoiceField(choices=ORDERINGS, required=False, default="-value_date")
