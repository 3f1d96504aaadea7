"""The flow's endpoints: declare a payment, amend or withdraw it, complete a receipt declared
ahead, and follow it through conversion and screening (the declaration with its conversion and
verdicts)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsStartup, IsStartupOrRegulator
from backend.declarations.apis import (
    IDEMPOTENCY_PARAMETER,
    StartupWritesRegulatorReads,
    once_per_key,
    organisation_of,
    plain_json,
    token_of,
)
from backend.declarations.parsers import ExactJSONParser
from backend.declarations.selectors import declaration_versions
from backend.declarations.serializers import (
    DeclarationChangesInputSerializer,
    DeclarationFilterSerializer,
    DeclarationInputSerializer,
    ReceiveInputSerializer,
    WithdrawInputSerializer,
)
from backend.declarations.services.declarations import (
    DeclarationChanges,
    declaration_amend,
    declaration_create,
    declaration_receive,
    declaration_withdraw,
)
from backend.processing.selectors import declaration_get_processed, declaration_list_processed
from backend.screening.declaration_output import (
    DeclarationDetailOutputSerializer,
    DeclarationSummaryOutputSerializer,
)


def _detail(declaration: Any) -> dict[str, Any]:
    versions = declaration_versions(declaration=declaration)
    return plain_json(
        DeclarationDetailOutputSerializer(declaration, context={"versions": versions}).data
    )


class DeclarationListCreateApi(APIView):
    """List declarations (cursor-paginated, filtered) or declare a payment."""

    permission_classes = [StartupWritesRegulatorReads]
    parser_classes = [ExactJSONParser]

    @extend_schema(
        operation_id="declarations_list",
        parameters=[DeclarationFilterSerializer],
        responses={200: paginated(DeclarationSummaryOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        filters = DeclarationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        ordering = filters.validated_data["ordering"]
        self.ordering = (ordering, "-id" if ordering.startswith("-") else "id")
        declarations = declaration_list_processed(
            viewer=request.user,  # type: ignore[arg-type]
            filters=filters.validated_data,
        )
        return paginated_response(
            queryset=declarations,
            serializer_class=DeclarationSummaryOutputSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        request=DeclarationInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: DeclarationDetailOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = DeclarationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_of(request)

        def perform() -> tuple[int, dict[str, Any], Any]:
            declaration = declaration_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                reference=serializer.validated_data["reference"],
                changes=DeclarationChanges.from_validated(serializer.validated_data),
                api_token=token_of(request),
            )
            return status.HTTP_201_CREATED, _detail(declaration), declaration

        return once_per_key(request, organisation, perform)


class DeclarationDetailApi(APIView):
    """One declaration version, with the list of all its versions."""

    permission_classes = [IsStartupOrRegulator]

    @extend_schema(responses={200: DeclarationDetailOutputSerializer})
    def get(self, request: Request, declaration_id: str) -> Response:
        declaration = declaration_get_processed(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        return Response(_detail(declaration))


class DeclarationAmendApi(APIView):
    """Amend: a new version supersedes this one (the reference stays; history stays visible)."""

    permission_classes = [IsStartup]
    parser_classes = [ExactJSONParser]

    @extend_schema(
        request=DeclarationChangesInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: DeclarationDetailOutputSerializer},
    )
    def post(self, request: Request, declaration_id: str) -> Response:
        declaration = declaration_get_processed(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        serializer = DeclarationChangesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def perform() -> tuple[int, dict[str, Any], Any]:
            amended = declaration_amend(
                actor=request.user,  # type: ignore[arg-type]
                declaration=declaration,
                changes=DeclarationChanges.from_validated(serializer.validated_data),
                api_token=token_of(request),
            )
            return status.HTTP_201_CREATED, _detail(amended), amended

        # A retried amendment replays its answer instead of failing on the superseded version.
        return once_per_key(request, organisation_of(request), perform)


class DeclarationWithdrawApi(APIView):
    """Withdraw a declaration, with a reason."""

    permission_classes = [IsStartup]

    @extend_schema(
        request=WithdrawInputSerializer, responses={200: DeclarationDetailOutputSerializer}
    )
    def post(self, request: Request, declaration_id: str) -> Response:
        declaration = declaration_get_processed(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        serializer = WithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        withdrawn = declaration_withdraw(
            actor=request.user,  # type: ignore[arg-type]
            declaration=declaration,
            reason=serializer.validated_data["reason"],
        )
        return Response(_detail(withdrawn))


class DeclarationReceiveApi(APIView):
    """Complete a receipt declared ahead when the money arrives: a new version, audited."""

    permission_classes = [IsStartup]
    parser_classes = [ExactJSONParser]

    @extend_schema(
        request=ReceiveInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: DeclarationDetailOutputSerializer},
    )
    def post(self, request: Request, declaration_id: str) -> Response:
        declaration = declaration_get_processed(
            viewer=request.user,  # type: ignore[arg-type]
            declaration_id=declaration_id,
        )
        serializer = ReceiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        money = data.get("amount") or {}

        def perform() -> tuple[int, dict[str, Any], Any]:
            received = declaration_receive(
                actor=request.user,  # type: ignore[arg-type]
                declaration=declaration,
                value_date=data["value_date"],
                amount=money.get("amount"),
                currency=money.get("currency"),
                api_token=token_of(request),
            )
            return status.HTTP_201_CREATED, _detail(received), received

        return once_per_key(request, organisation_of(request), perform)
