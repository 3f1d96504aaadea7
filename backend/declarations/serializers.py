"""Wire shapes of the declaration endpoints (validation only: no business logic here)."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.declarations import validation as v
from backend.declarations.categories import CATEGORY_CODES, DOCUMENT_KINDS, INCOMING_CATEGORIES
from backend.declarations.models import (
    Channel,
    Declaration,
    DeclarationStatus,
    Direction,
    ImportStatus,
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


class MoneyOutputSerializer(serializers.Serializer):
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField()

    def get_amount(self, obj: Declaration) -> str:
        """The amount with exactly the currency's minor units ("1250.00" EUR, "1250" JPY)."""
        return v.amount_text(obj.amount, obj.currency)


class ContractAmountOutputSerializer(serializers.Serializer):
    amount = serializers.CharField()
    currency = serializers.CharField()


class CounterpartyOutputSerializer(serializers.Serializer):
    name = serializers.CharField(source="counterparty_name")
    country = serializers.CharField(source="counterparty_country")


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


# What the declaration itself says and where it is; its conversion and verdicts are added by
# the apps that produce them (`backend.screening.declaration_output`). A list row carries the
# summary (API.md's fields and what a list shows), the declaration's own answer all of them.
class DeclarationSummaryFieldsOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    version = serializers.IntegerField()
    is_current = serializers.BooleanField()
    organisation = OrganisationRefSerializer()
    direction = serializers.CharField()
    category = serializers.CharField()
    channel = serializers.CharField()
    amount = MoneyOutputSerializer(source="*")
    value_date = serializers.DateField()
    counterparty = CounterpartyOutputSerializer(source="*")
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=DeclarationStatus.values)
    awaiting_processing = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_awaiting_processing(self, obj: Declaration) -> bool:
        return obj.processing_requested_at is not None


class DeclarationFieldsOutputSerializer(DeclarationSummaryFieldsOutputSerializer):
    supersedes = serializers.UUIDField(source="supersedes_id", allow_null=True)
    service_performance_date = serializers.DateField(allow_null=True)
    expected_repatriation_date = serializers.DateField(allow_null=True)
    receipt_status = serializers.SerializerMethodField()
    payment_kind = serializers.ChoiceField(choices=PaymentKind.values)
    contract_amount = serializers.SerializerMethodField()
    subscription_months = serializers.IntegerField(allow_null=True)
    withdrawal_reason = serializers.CharField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    submitted_with_token = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username")
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ContractAmountOutputSerializer(allow_null=True))
    def get_contract_amount(self, obj: Declaration) -> dict[str, str] | None:
        if obj.contract_amount is None:
            return None
        return {
            "amount": v.amount_text(obj.contract_amount, obj.currency),
            "currency": obj.currency,
        }

    @extend_schema_field(
        serializers.ChoiceField(choices=ReceiptStatus.values, allow_null=True),
    )
    def get_receipt_status(self, obj: Declaration) -> str | None:
        return obj.receipt_status or None

    def get_submitted_with_token(self, obj: Declaration) -> bool:
        return obj.api_token_id is not None


class VersionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=DeclarationStatus.values)
    is_current = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username")


class CategoryOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    label_fr = serializers.CharField()
    label_en = serializers.CharField()
    help_fr = serializers.CharField()
    help_en = serializers.CharField()
    direction = serializers.ChoiceField(choices=Direction.values)
    ebops = serializers.CharField()


RECONVERTED = "declaration.reconverted"


class ReconvertedConversionSerializer(serializers.Serializer):
    amount_mad = serializers.CharField()
    rate = serializers.CharField()
    rate_date = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    method = serializers.CharField()


class ReconvertedRulebookSerializer(serializers.Serializer):
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()


class ReconvertedVerdictSerializer(serializers.Serializer):
    rulebook = ReconvertedRulebookSerializer()
    version = serializers.IntegerField()
    verdict = serializers.CharField()


class ReconversionSideSerializer(serializers.Serializer):
    conversion = ReconvertedConversionSerializer(
        allow_null=True, help_text="Null while the payment waited (or waits) for its rate."
    )
    verdicts = ReconvertedVerdictSerializer(
        many=True,
        allow_null=True,
        help_text="Its verdict under each rulebook version; null where the event did not record "
        "them.",
    )


class ReconversionSerializer(serializers.Serializer):
    cause = serializers.CharField(help_text="rates_published or non_publication_day_marked")
    before = ReconversionSideSerializer()
    after = ReconversionSideSerializer()


def _reconversion_side(state: dict[str, Any] | None) -> dict[str, Any]:
    state = state or {}
    return {"conversion": state.get("conversion"), "verdicts": state.get("verdicts")}


class AuditEventOutputSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_username")
    action = serializers.CharField()
    object_id = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    reconversion = serializers.SerializerMethodField(
        help_text="A re-conversion after a late or revised publication, old beside new: rate, "
        "MAD amount and verdicts (null for every other event)."
    )

    @extend_schema_field(ReconversionSerializer(allow_null=True))
    def get_reconversion(self, event: Any) -> dict[str, Any] | None:
        if event.action != RECONVERTED:
            return None
        after = event.after or {}
        return ReconversionSerializer(
            {
                "cause": after.get("cause", ""),
                "before": _reconversion_side(event.before),
                "after": _reconversion_side(after),
            }
        ).data


class DeclarationDocumentInputSerializer(StrictSerializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=[d.code for d in DOCUMENT_KINDS], default="other")


class DeclarationDocumentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    declaration = serializers.UUIDField(source="declaration_id")
    version = serializers.IntegerField(source="declaration.version")
    kind = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    created_at = serializers.DateTimeField()


class DeclarationImportInputSerializer(StrictSerializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


ImportSummarySerializer = inline_serializer(
    name="DeclarationImportSummary",
    fields={
        "rows": serializers.IntegerField(),
        "valid": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(),
        "errors": serializers.IntegerField(),
    },
)


class DeclarationImportReportEntrySerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class DeclarationImportOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ImportStatus.values)
    progress = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    original_name = serializers.CharField()
    file_format = serializers.CharField()
    size = serializers.IntegerField()
    summary = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    report_truncated = serializers.BooleanField()
    failure_detail = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(ImportSummarySerializer)
    def get_summary(self, obj: Any) -> dict[str, int]:
        return {
            "rows": obj.rows,
            "valid": obj.valid,
            "created": obj.created,
            "duplicates": obj.duplicates,
            "errors": obj.errors,
        }

    @extend_schema_field(DeclarationImportReportEntrySerializer(many=True))
    def get_report(self, obj: Any) -> list[dict[str, Any]]:
        limit = self.context.get("report_limit")
        entries = obj.report if limit is None else obj.report[:limit]
        return [{"row": r, "column": c, "code": code, "message": m} for r, c, code, m in entries]


class CurrencyOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    minor_units = serializers.IntegerField(help_text="Decimals an amount may have (JPY 0, KWD 3).")


class ReferenceDataOutputSerializer(serializers.Serializer):
    countries = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 3166-1 alpha-2."
    )
    currencies = CurrencyOutputSerializer(many=True)
