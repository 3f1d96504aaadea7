"""Health endpoint (no authentication: load balancers and the run command poll it)."""

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.health import health_check

HealthOutputSerializer = inline_serializer(
    name="Health",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "degraded"]),
        "database": serializers.CharField(),
        "broker": serializers.CharField(),
        "worker": inline_serializer(
            name="WorkerHealth",
            fields={
                "last_heartbeat": serializers.DateTimeField(allow_null=True),
                "age_seconds": serializers.FloatField(allow_null=True),
                "stale_after_seconds": serializers.IntegerField(),
            },
        ),
    },
)


class HealthApi(APIView):
    """Database, broker and worker heartbeat; 503 only when the database itself is down."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: HealthOutputSerializer, 503: HealthOutputSerializer})
    def get(self, request: Request) -> Response:
        report = health_check()
        body = {
            "status": report.status,
            "database": report.database,
            "broker": report.broker,
            "worker": {
                "last_heartbeat": report.last_heartbeat.isoformat().replace("+00:00", "Z")
                if report.last_heartbeat
                else None,
                "age_seconds": round(report.heartbeat_age_seconds, 1)
                if report.heartbeat_age_seconds is not None
                else None,
                "stale_after_seconds": settings.WORKER_HEARTBEAT_STALE_SECONDS,
            },
        }
        return Response(
            body,
            status=503 if report.database != "ok" else 200,
            headers={"Cache-Control": "no-store"},
        )
