"""What the case shapes share: references to users, participants, declarations and rules, MAD
amounts, the breach fields and the payments a case holds."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.declarations.categories import DOCUMENT_KINDS
from backend.declarations.serializers import (
    MoneyOutputSerializer,
)
from backend.reviews.models import CaseKind
from backend.reviews.selectors import case_payments
from backend.reviews.states import CaseState
from backend.screening.versions import rule_titles

STATES = [s.value for s in CaseState]


# The declaration document kinds, as the value list the OpenAPI enum override names (settings).
DOCUMENT_KIND_CODES = [d.code for d in DOCUMENT_KINDS]


MAX_BULK_CASES = 200  # a page of the queue and then some; larger batches are a script's job


# Payments shown on the case page itself; a breach held by more pages through the rest.
PAYMENTS_SHOWN = 50


class MoneyMadSerializer(serializers.Serializer):
    amount = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()

    def get_amount(self, obj: Any) -> str:
        return f"{obj.amount_mad:.2f}"

    def get_currency(self, obj: Any) -> str:
        return "MAD"


class UserRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()


class ParticipantRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    cluster = serializers.SerializerMethodField()

    def get_cluster(self, obj: Any) -> str | None:
        profile = getattr(obj, "participant", None)
        return profile.cluster if profile is not None else None


class DeclarationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    value_date = serializers.DateField()
    category = serializers.CharField()


class BreachWindowSerializer(serializers.Serializer):
    start = serializers.DateField(source="window_start")
    end = serializers.DateField(source="window_end")


class RuleTitleSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    fr = serializers.CharField()
    en = serializers.CharField()


def case_rule_titles(case: Any) -> list[dict[str, str]]:
    """The titles of the rules a case's flags name, by rule id (from the flags and versions its
    selector loaded); an id a version does not title is shown as itself."""
    titles: dict[str, dict[str, str]] = {}
    for flag in case.flags.all():
        if flag.rule_id not in titles:
            fr, en = rule_titles(flag.rulebook_version).get(flag.rule_id, (flag.rule_id,) * 2)
            titles[flag.rule_id] = {"rule_id": flag.rule_id, "fr": fr, "en": en}
    return [titles[rule_id] for rule_id in sorted(titles)]


class BreachFieldsMixin(serializers.Serializer):
    """What a case follows: one payment, or a cumulative rule's breach in a window, and how
    many payments it holds."""

    kind = serializers.ChoiceField(choices=CaseKind.values)
    rule_id = serializers.CharField(help_text="The cumulative rule (empty on a per-payment case).")
    rule_titles = serializers.SerializerMethodField()
    window = serializers.SerializerMethodField()
    payment_count = serializers.IntegerField()

    @extend_schema_field(RuleTitleSerializer(many=True))
    def get_rule_titles(self, obj: Any) -> list[dict[str, str]]:
        """The rules the case is about, titled in both languages (ids are for machines)."""
        return case_rule_titles(obj)

    @extend_schema_field(BreachWindowSerializer(allow_null=True))
    def get_window(self, obj: Any) -> Any:
        if obj.window_start is None:
            return None
        return BreachWindowSerializer(obj).data


class CasePaymentOutputSerializer(serializers.Serializer):
    """A payment a case holds, and whether the case's current decision covers it."""

    declaration = DeclarationRefSerializer()
    amount_mad = MoneyMadSerializer(source="*")
    attached_at = serializers.DateTimeField()
    covered_by_decision = serializers.SerializerMethodField()

    def get_covered_by_decision(self, obj: Any) -> bool:
        decided_at = self.context.get("decided_at")
        return decided_at is not None and obj.attached_at <= decided_at


class ContributingPaymentOutputSerializer(serializers.Serializer):
    """A payment making up the breach a case follows: what it says, its MAD amount, and whether
    the case holds it (a payment of the total that did not itself breach is not attached)."""

    declaration = DeclarationRefSerializer(source="*")
    amount = MoneyOutputSerializer(source="*")
    amount_mad = serializers.SerializerMethodField()
    in_case = serializers.BooleanField()

    @extend_schema_field(MoneyMadSerializer(allow_null=True))
    def get_amount_mad(self, obj: Any) -> dict[str, str] | None:
        conversion = getattr(obj, "conversion", None)
        if conversion is None:
            return None
        return {"amount": f"{conversion.amount_mad:.2f}", "currency": "MAD"}


class PaymentsFieldMixin(serializers.Serializer):
    """The first payments the case holds, in the order they joined it (all of them at
    `/cases/{id}/payments/`)."""

    payments = serializers.SerializerMethodField()

    @extend_schema_field(CasePaymentOutputSerializer(many=True))
    def get_payments(self, obj: Any) -> Any:
        shown = case_payments(case=obj)[:PAYMENTS_SHOWN]
        return CasePaymentOutputSerializer(
            shown, many=True, context={"decided_at": obj.decided_at}
        ).data
