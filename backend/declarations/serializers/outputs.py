"""Wire shapes of a declaration's own fields, its versions, and the reference data a declaration
form reads (categories, countries, currencies)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.declarations import validation as v
from backend.declarations.models import (
    Declaration,
    DeclarationStatus,
    Direction,
    PaymentKind,
    ReceiptStatus,
)


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


class CurrencyOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    minor_units = serializers.IntegerField(help_text="Decimals an amount may have (JPY 0, KWD 3).")


class ReferenceDataOutputSerializer(serializers.Serializer):
    countries = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 3166-1 alpha-2."
    )
    currencies = CurrencyOutputSerializer(many=True)
