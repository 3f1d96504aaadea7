"""Wire shapes of the account endpoints."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.accounts.facts import participant_facts_unknown
from backend.accounts.models import Cluster, ParticipantFact
from backend.common.roles import Role
from backend.common.serializers import StrictSerializer


class LoginInputSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class OrganisationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()


class MeOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.ChoiceField(source="membership.role", choices=Role.choices)
    organisation = OrganisationOutputSerializer(source="membership.organisation")


class TokenInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=100)
    expires_in_days = serializers.IntegerField(required=False, min_value=1, max_value=365)


class TokenOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)


class IssuedTokenOutputSerializer(TokenOutputSerializer):
    token = serializers.CharField(help_text="The bearer token. Shown once: store it now.")


class FactSourceSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="The day the fact is known as of.")
    # A declared field, popped from the class by DRF: it does not shadow Field.source.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=300, help_text="Where it comes from (a register, a document, a statement)."
    )


class ParticipantFactsFields(serializers.Serializer):
    """Every participant fact a rule reads: a value, or null when unknown (never false)."""

    labelled = serializers.BooleanField(allow_null=True)
    labelled_on = serializers.DateField(allow_null=True)
    incorporated_on = serializers.DateField(allow_null=True)
    has_fx_account = serializers.BooleanField(allow_null=True)
    categorised_operator = serializers.BooleanField(allow_null=True)
    certified_accounts = serializers.BooleanField(allow_null=True)
    tax_paid_last_fy = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.00"),
        allow_null=True,
        help_text="MAD, corporate tax or minimum contribution paid in the last fiscal year.",
    )
    pre_revenue = serializers.BooleanField(allow_null=True)
    cluster = serializers.ChoiceField(
        choices=[*Cluster.values, ""],
        help_text='A cluster code, NONE outside any cluster, "" when membership is unknown.',
    )


class ParticipantFilterSerializer(serializers.Serializer):
    unknown = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: only the participants with at least one fact nobody knows.",
    )


class ParticipantFactsOutputSerializer(ParticipantFactsFields):
    id = serializers.UUIDField(source="organisation_id")
    name = serializers.CharField(source="organisation.name")
    sources = serializers.DictField(
        source="fact_sources",
        child=FactSourceSerializer(),
        help_text="Per known fact (ParticipantFact names): as of when and from where.",
    )
    unknown = serializers.SerializerMethodField(
        help_text="The facts nobody knows yet: a rule that needs one answers needs_review."
    )

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=ParticipantFact.choices))
    )
    def get_unknown(self, profile: Any) -> list[str]:
        return participant_facts_unknown(profile)


class ParticipantFactsInputSerializer(StrictSerializer, ParticipantFactsFields):
    """The facts to change (any subset), each known one with its source."""

    sources = serializers.DictField(child=FactSourceSerializer(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ParticipantFactsFields._declared_fields:
            self.fields[name].required = False
