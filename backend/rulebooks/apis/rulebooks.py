"""Rulebook endpoints: list, create, detail, and the rulebook document schema."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator
from backend.rule_engine import rulebook_schema
from backend.rulebooks import selectors
from backend.rulebooks.apis.base import PROBLEM
from backend.rulebooks.serializers import (
    RulebookInputSerializer,
    RulebookOutputSerializer,
)
from backend.rulebooks.services import versions as version_services


class RulebookListCreateApi(APIView):
    """Rulebooks with their versions; create an empty rulebook."""

    permission_classes = [IsRegulator]
    ordering = ("name",)

    @extend_schema(
        operation_id="rulebooks_list",
        responses={200: paginated(RulebookOutputSerializer), 403: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.rulebook_list(viewer=request.user),
            serializer_class=RulebookOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request=RulebookInputSerializer,
        responses={201: RulebookOutputSerializer, 400: PROBLEM, 403: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = RulebookInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rulebook = version_services.rulebook_create(
            actor=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        rulebook = selectors.rulebook_get(viewer=request.user, rulebook_id=rulebook.pk)
        return Response(RulebookOutputSerializer(rulebook).data, status=status.HTTP_201_CREATED)


class RulebookDetailApi(APIView):
    """One rulebook with its versions."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: RulebookOutputSerializer, 403: PROBLEM, 404: PROBLEM})
    def get(self, request: Request, rulebook_id: str) -> Response:
        rulebook = selectors.rulebook_get(viewer=request.user, rulebook_id=rulebook_id)
        return Response(RulebookOutputSerializer(rulebook).data)


class RulebookSchemaApi(APIView):
    """The published JSON Schema (draft 2020-12) every rulebook document follows."""

    permission_classes = [IsRegulator]

    @extend_schema(
        responses={200: OpenApiResponse(description="The JSON Schema document."), 403: PROBLEM}
    )
    def get(self, request: Request) -> Response:
        return Response(rulebook_schema())
