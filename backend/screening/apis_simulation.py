"""The payment simulator's endpoint: a declaration's body in, what declaring it would give out.

Its serializers live here rather than in `serializers.py` because they extend the declaration's
own input serializer (which itself shows screening verdicts): the same validation, the same
errors, one import direction.
"""

from datetime import timedelta
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.permissions import IsStartup
from backend.declarations import validation as v
from backend.declarations.parsers import ExactJSONParser
from backend.declarations.serializers import DeclarationInputSerializer
from backend.declarations.services.declarations import DeclarationChanges
from backend.rates.serializers import ConversionOutputSerializer
from backend.screening.serializers import HeadroomRowSerializer, VerdictOutputSerializer
from backend.screening.simulation import simulation_run

# A payment is planned at most this far ahead: the rulebooks and allowances of a later year are
# not known yet.
SIMULATION_HORIZON_DAYS = 366


class SimulationInputSerializer(DeclarationInputSerializer):
    """A declaration's body; the reference is optional and the value date may lie ahead."""

    reference = serializers.CharField(
        max_length=v.REFERENCE_MAX_LENGTH,
        trim_whitespace=False,
        required=False,
        allow_blank=True,
        default="",
    )

    def validate_reference(self, value: str) -> str:
        return value if value == "" else super().validate_reference(value)

    def validate_value_date(self, value: Any) -> Any:
        today = v.today_local()
        if today < value <= today + timedelta(days=SIMULATION_HORIZON_DAYS):
            return value
        if value > today:
            raise serializers.ValidationError(
                f"A planned payment is at most {SIMULATION_HORIZON_DAYS} days ahead.",
                code="date_too_far",
            )
        return super().validate_value_date(value)


class SimulationOutputSerializer(serializers.Serializer):
    conversion = ConversionOutputSerializer(allow_null=True)
    verdicts = VerdictOutputSerializer(many=True)
    headroom_after = HeadroomRowSerializer(many=True)


class SimulationApi(APIView):
    """Convert and screen a planned payment exactly as declaring it would, storing nothing."""

    permission_classes = [IsStartup]
    parser_classes = [ExactJSONParser]

    @extend_schema(
        operation_id="simulations_create",
        request=SimulationInputSerializer,
        responses={200: SimulationOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = SimulationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = simulation_run(
            organisation=request.user.membership.organisation,  # type: ignore[union-attr]
            changes=DeclarationChanges.from_validated(serializer.validated_data),
            reference=serializer.validated_data["reference"],
        )
        return Response(
            SimulationOutputSerializer(
                {
                    "conversion": result.conversion,
                    "verdicts": result.verdicts,
                    "headroom_after": result.headroom_after,
                }
            ).data
        )
