"""The payments a case holds, and those its breach rests on, page by page (a breach of a whole
year can hold many)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsRegulator, IsStartupOrRegulator
from backend.reviews import selectors
from backend.reviews import serializers as s


class CasePaymentListApi(APIView):
    """The payments of a case the viewer may read, in the order they joined it."""

    permission_classes = [IsStartupOrRegulator]
    ordering = ("attached_at", "id")

    @extend_schema(
        operation_id="cases_payments_list",
        responses={200: paginated(s.CasePaymentOutputSerializer)},
    )
    def get(self, request: Request, case_id: Any) -> Response:
        case = selectors.case_get(viewer=request.user, case_id=case_id)
        return paginated_response(
            queryset=selectors.case_payments(case=case),
            serializer_class=s.CasePaymentOutputSerializer,
            request=request,
            view=self,
            context={"decided_at": case.decided_at},
        )


class CaseContributingListApi(APIView):
    """Every payment making up the breach of a cumulative case (regulators), computed from the
    participant's window: its findings name only the latest few."""

    permission_classes = [IsRegulator]
    ordering = ("value_date", "created_at", "id")

    @extend_schema(
        operation_id="cases_contributing_list",
        responses={200: paginated(s.ContributingPaymentOutputSerializer)},
    )
    def get(self, request: Request, case_id: Any) -> Response:
        case = selectors.case_get(viewer=request.user, case_id=case_id)
        return paginated_response(
            queryset=selectors.case_contributing(case=case),
            serializer_class=s.ContributingPaymentOutputSerializer,
            request=request,
            view=self,
        )
