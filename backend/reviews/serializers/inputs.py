"""What the case endpoints accept (filters, decisions, assignments, notes, requests, answers,
availability) and the answers of the bulk and automatic assignments."""

from typing import Any

from rest_framework import serializers

from backend.accounts.models import Cluster
from backend.common.serializers import StrictSerializer
from backend.reviews.models import Outcome, RequestKind, RequestStatus
from backend.reviews.selectors import ORDERINGS
from backend.reviews.serializers.base import DOCUMENT_KIND_CODES, MAX_BULK_CASES, STATES
from backend.reviews.serializers.cases import CaseListOutputSerializer


class CaseFilterSerializer(serializers.Serializer):
    state = serializers.ListField(child=serializers.ChoiceField(choices=STATES), required=False)
    priority = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=4), required=False
    )
    rule_id = serializers.CharField(required=False, max_length=100)
    participant = serializers.UUIDField(required=False)
    cluster = serializers.ChoiceField(choices=Cluster.values, required=False)
    assignee = serializers.RegexField(
        r"^(me|none|[0-9a-fA-F-]{36})$",
        required=False,
        help_text='"me", "none" (unassigned) or a regulator\'s id.',
    )
    overdue = serializers.ChoiceField(choices=["true", "false"], required=False)
    declaration = serializers.UUIDField(required=False)
    ordering = serializers.ChoiceField(choices=ORDERINGS, required=False)

    def validate_overdue(self, value: str) -> bool:
        return value == "true"


class ReasonInputSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000, allow_blank=True)


class DecideInputSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.values)
    rationale = serializers.CharField(max_length=5000, allow_blank=True)
    waiver_evidence = serializers.CharField(max_length=5000, allow_blank=True, required=False)


class AssignInputSerializer(StrictSerializer):
    assignee = serializers.UUIDField(allow_null=True)


class BulkItemInputSerializer(StrictSerializer):
    id = serializers.UUIDField()
    etag = serializers.CharField(max_length=100)


class BulkAssignInputSerializer(StrictSerializer):
    assignee = serializers.UUIDField(allow_null=True)
    cases = BulkItemInputSerializer(many=True, allow_empty=False)

    def validate_cases(self, value: list[Any]) -> list[Any]:
        if len(value) > MAX_BULK_CASES:
            raise serializers.ValidationError(
                f"At most {MAX_BULK_CASES} cases at once.", code="too_many"
            )
        return value


class BulkAssignOutputSerializer(serializers.Serializer):
    results = CaseListOutputSerializer(many=True)


class AutoAssignOutputSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()


class NoteInputSerializer(StrictSerializer):
    body = serializers.CharField(max_length=5000, allow_blank=True)


class RequestInputSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=RequestKind.values)
    message = serializers.CharField(max_length=5000, allow_blank=True)


class AnswerInputSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=5
    )
    document_kind = serializers.ChoiceField(
        choices=DOCUMENT_KIND_CODES, required=False, default="other"
    )


class RequestFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RequestStatus.values, required=False)
    declaration = serializers.UUIDField(required=False)


class AvailabilityInputSerializer(StrictSerializer):
    available = serializers.BooleanField()
