"""Rates API: rate of a date, time series, provider health, rate-file import, quarantine."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import Problem
from backend.common.pagination import paginated, paginated_response
from backend.common.permissions import IsMember, IsRegulator
from backend.rates import selectors
from backend.rates.lookup import rate_of_date
from backend.rates.models import PayloadOrigin
from backend.rates.serializers import (
    CalendarOutputSerializer,
    CalendarQueryInputSerializer,
    NonPublicationDayInputSerializer,
    NonPublicationDayOutputSerializer,
    ProviderStatusOutputSerializer,
    RateFileImportInputSerializer,
    RateFileImportOutputSerializer,
    RateOutputSerializer,
    RatePayloadOutputSerializer,
    RateQueryInputSerializer,
    SampleOutputSerializer,
    SeriesOutputSerializer,
    SeriesQueryInputSerializer,
)
from backend.rates.services.calendar import non_publication_day_mark
from backend.rates.services.imports import rate_file_import

# Ten years of daily points is plenty for a chart and bounds the work of one request.
MAX_SERIES_DAYS = 3660
# A day's BAM answer is a few kilobytes and the full ECB history a few megabytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RateApi(APIView):
    """MAD for ONE unit of a currency on a date, with the date, source and method of the rate."""

    permission_classes = [IsMember]

    @extend_schema(
        parameters=[
            OpenApiParameter("currency", str, required=True),
            OpenApiParameter("date", str, required=True),
        ],
        responses={200: RateOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        query = RateQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        currency, on = query.validated_data["currency"], query.validated_data["date"]
        answer = rate_of_date(currency=currency, on=on)
        if answer is None:
            raise Problem(
                status_code=404,
                code="no_rate",
                detail=(
                    f"No usable {currency} rate for {on.isoformat()}: no publication within the "
                    "look-back. Declarations of that date wait as pending_rate."
                ),
            )
        return Response(RateOutputSerializer(answer).data)


class RateSeriesApi(APIView):
    """The rate of each Bank Al-Maghrib publication day between two dates (for charts)."""

    permission_classes = [IsMember]

    @extend_schema(
        parameters=[
            OpenApiParameter("currency", str, required=True),
            OpenApiParameter("start", str, required=True),
            OpenApiParameter("end", str, required=True),
        ],
        responses={200: SeriesOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        query = SeriesQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if (data["end"] - data["start"]).days > MAX_SERIES_DAYS:
            raise Problem(
                status_code=400,
                code="range_too_long",
                detail=f"Ask for at most {MAX_SERIES_DAYS} days at a time.",
                errors=[{"pointer": "/end", "code": "range_too_long", "detail": "Too long."}],
            )
        points = selectors.rate_series(
            viewer=request.user, currency=data["currency"], start=data["start"], end=data["end"]
        )
        body = {
            "currency": data["currency"],
            "start": data["start"],
            "end": data["end"],
            "points": [
                {**p, "mad_per_unit": format(p["mad_per_unit"].normalize(), "f")} for p in points
            ],
        }
        return Response(SeriesOutputSerializer(body).data)


class RateCoverageApi(APIView):
    """Which publication dates the stored rates cover, and whether they are the bundled sample."""

    permission_classes = [IsMember]

    @extend_schema(responses={200: SampleOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(SampleOutputSerializer(selectors.rate_coverage(viewer=request.user)).data)


class RateProviderListApi(APIView):
    """Each provider's health: configured, last success, last error, next run."""

    permission_classes = [IsRegulator]

    @extend_schema(responses={200: ProviderStatusOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        providers = selectors.provider_status_list(viewer=request.user)
        return Response(ProviderStatusOutputSerializer(providers, many=True).data)


class RateQuarantineListApi(APIView):
    """Payloads refused as implausible or malformed; the rates before them stayed in use."""

    permission_classes = [IsRegulator]
    ordering = ("-received_at", "-id")

    @extend_schema(responses={200: paginated(RatePayloadOutputSerializer)})
    def get(self, request: Request) -> Response:
        return paginated_response(
            queryset=selectors.rate_quarantine_list(viewer=request.user),
            serializer_class=RatePayloadOutputSerializer,
            request=request,
            view=self,
        )


class RateFileImportApi(APIView):
    """Import a saved answer of a source (multipart `source` + `file`), for air-gapped use."""

    permission_classes = [IsRegulator]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": RateFileImportInputSerializer},
        responses={201: RateFileImportOutputSerializer, 200: RateFileImportOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        form = RateFileImportInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise Problem(
                status_code=413, code="file_too_large", detail="A rate file is at most 20 MB."
            )
        outcome = rate_file_import(
            payload_format=form.validated_data["source"],
            body=upload.read(),
            filename=upload.name or "",
            origin=PayloadOrigin.UPLOAD,
            actor=request.user,
        )
        if outcome.result.quarantined:
            payload = outcome.result.payload
            raise Problem(
                status_code=422,
                code=f"rate_file_{payload.reason}",
                detail=f"The file was quarantined: {payload.detail}",
                extra={"quarantine_id": str(payload.id)},
            )
        body = {
            "payload": outcome.result.payload,
            "duplicate": outcome.result.duplicate,
        }
        code = status.HTTP_200_OK if outcome.result.duplicate else status.HTTP_201_CREATED
        return Response(RateFileImportOutputSerializer(body).data, status=code)


class RateCalendarApi(APIView):
    """A source's publication calendar for a month: each day published, a non-publication day
    (and why) or awaited."""

    permission_classes = [IsMember]

    @extend_schema(
        parameters=[
            OpenApiParameter("source", str, required=True, enum=["bam", "ecb"]),
            OpenApiParameter("month", str, required=True, description="YYYY-MM"),
        ],
        responses={200: CalendarOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        query = CalendarQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        source, month = query.validated_data["source"], query.validated_data["month"]
        days = selectors.rate_calendar_month(
            viewer=request.user, source=source, month=date.fromisoformat(f"{month}-01")
        )
        return Response(
            CalendarOutputSerializer({"source": source, "month": month, "days": days}).data
        )


class NonPublicationDayCreateApi(APIView):
    """A regulator confirms that a source published nothing on a business day (audited); what it
    changes is re-converted by the workers."""

    permission_classes = [IsRegulator]

    @extend_schema(
        request=NonPublicationDayInputSerializer,
        responses={201: NonPublicationDayOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        form = NonPublicationDayInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        marked = non_publication_day_mark(
            actor=request.user,
            source=form.validated_data["source"],
            day=form.validated_data["day"],
            reason=form.validated_data["reason"],
        )
        return Response(
            NonPublicationDayOutputSerializer(marked).data, status=status.HTTP_201_CREATED
        )
