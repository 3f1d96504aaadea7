"""Case outputs: the regulator's list, detail and summary, the startup's cases and requests,
and the reviewers."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.declarations.serializers import (
    AuditEventOutputSerializer,
    DeclarationDocumentOutputSerializer,
)
from backend.reviews.models import RequestKind, RequestStatus
from backend.reviews.serializers.base import (
    STATES,
    BreachFieldsMixin,
    DeclarationRefSerializer,
    MoneyMadSerializer,
    ParticipantRefSerializer,
    PaymentsFieldMixin,
    UserRefSerializer,
)
from backend.reviews.states import allowed_actions
from backend.screening.declaration_output import DeclarationOutputSerializer
from backend.screening.serializers import FlagOutputSerializer


class CaseListOutputSerializer(BreachFieldsMixin):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=STATES)
    priority = serializers.IntegerField()
    severity = serializers.CharField()
    amount_mad = MoneyMadSerializer(source="*")
    declaration = DeclarationRefSerializer()
    participant = ParticipantRefSerializer()
    rules = serializers.SerializerMethodField()
    assignee = UserRefSerializer(allow_null=True)
    due_at = serializers.DateTimeField()
    overdue = serializers.BooleanField()
    outcome = serializers.CharField()
    opened_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()
    etag = serializers.CharField()

    def get_rules(self, obj: Any) -> list[str]:
        return sorted({flag.rule_id for flag in obj.flags.all()})


class RateRowOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField()  # type: ignore[assignment]
    currency = serializers.CharField()
    published_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=22, decimal_places=10, coerce_to_string=True)
    unit = serializers.IntegerField()
    fetched_at = serializers.DateTimeField()


class RequestOutputSerializer(serializers.Serializer):
    """A request as the regulator sees it."""

    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    kind = serializers.ChoiceField(choices=RequestKind.values)
    message = serializers.CharField()
    asked_by = serializers.CharField(source="asked_by.username")
    asked_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=RequestStatus.values)
    answer_text = serializers.CharField()
    answered_by = serializers.CharField(source="answered_by.username", allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answer_documents = DeclarationDocumentOutputSerializer(many=True)


class StartupRequestOutputSerializer(serializers.Serializer):
    """A request as the startup sees it (who at the regulator asked is not its business)."""

    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    declaration = DeclarationRefSerializer(source="case.declaration")
    kind = serializers.ChoiceField(choices=RequestKind.values)
    message = serializers.CharField()
    asked_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=RequestStatus.values)
    answer_text = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answer_documents = DeclarationDocumentOutputSerializer(many=True)
    case_etag = serializers.CharField(source="case.etag")


class NoteOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    author = serializers.CharField(source="author.username")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class CaseDetailOutputSerializer(PaymentsFieldMixin, CaseListOutputSerializer):
    """The regulator's case page: declaration with conversion and verdicts under both
    rulebooks, the flags, requests, internal notes and the timeline."""

    declaration = DeclarationOutputSerializer()  # type: ignore[assignment]
    rate_rows = serializers.SerializerMethodField()
    flags = FlagOutputSerializer(many=True)
    requests = RequestOutputSerializer(many=True)
    notes = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    rationale = serializers.CharField()
    waiver_evidence = serializers.CharField()
    decided_by = UserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reopen_reason = serializers.CharField()
    allowed_actions = serializers.SerializerMethodField()

    @extend_schema_field(RateRowOutputSerializer(many=True))
    def get_rate_rows(self, obj: Any) -> Any:
        return RateRowOutputSerializer(self.context.get("rate_rows", []), many=True).data

    @extend_schema_field(NoteOutputSerializer(many=True))
    def get_notes(self, obj: Any) -> Any:
        return NoteOutputSerializer(self.context.get("notes", []), many=True).data

    @extend_schema_field(AuditEventOutputSerializer(many=True))
    def get_timeline(self, obj: Any) -> Any:
        return AuditEventOutputSerializer(self.context.get("timeline", []), many=True).data

    def get_allowed_actions(self, obj: Any) -> list[str]:
        return allowed_actions(obj.state)


class AttachedPaymentSerializer(serializers.Serializer):
    declaration = serializers.UUIDField()
    reference = serializers.CharField()
    amount_mad = serializers.CharField(help_text="MAD, a decimal string.")


class StartupTimelineEntrySerializer(serializers.Serializer):
    """A step of the case as its startup sees it: what happened and when, and the payments that
    joined the case then (never who at the regulator, nor internal fields)."""

    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    payments_attached = serializers.SerializerMethodField()

    @extend_schema_field(AttachedPaymentSerializer(many=True))
    def get_payments_attached(self, obj: Any) -> Any:
        rows = (obj.after or {}).get("payments_attached", [])
        return AttachedPaymentSerializer(rows, many=True).data


class StartupCaseOutputSerializer(PaymentsFieldMixin, BreachFieldsMixin):
    """A case as its startup sees it: the payments it holds, what is asked of the startup and
    what was decided."""

    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=STATES)
    declaration = DeclarationRefSerializer()
    amount_mad = MoneyMadSerializer(source="*")
    timeline = serializers.SerializerMethodField()
    requests = StartupRequestOutputSerializer(many=True)
    outcome = serializers.CharField()
    rationale = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField(
        source="decided_by.username", allow_null=True, help_text="Who decided (a username)."
    )
    opened_at = serializers.DateTimeField()
    version = serializers.IntegerField()
    etag = serializers.CharField()

    @extend_schema_field(StartupTimelineEntrySerializer(many=True))
    def get_timeline(self, obj: Any) -> Any:
        return StartupTimelineEntrySerializer(self.context.get("timeline", []), many=True).data


class StartupCaseListOutputSerializer(BreachFieldsMixin):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=STATES)
    declaration = DeclarationRefSerializer()
    amount_mad = MoneyMadSerializer(source="*")
    outcome = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField(
        source="decided_by.username", allow_null=True, help_text="Who decided (a username)."
    )
    opened_at = serializers.DateTimeField()
    etag = serializers.CharField()


class ReviewerOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    name = serializers.CharField()
    available = serializers.BooleanField()
    open_cases = serializers.IntegerField()


class CaseSummaryOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Cases matching the filters.")
    open = serializers.IntegerField(help_text="Active cases (open, in review, awaiting, reopened).")
    overdue = serializers.IntegerField()
    unassigned = serializers.IntegerField()
    mine = serializers.IntegerField()
    awaiting_startup = serializers.IntegerField()
    drafts_awaiting_review = serializers.IntegerField(
        help_text="Rulebook drafts the viewer did not edit last: theirs to review (four eyes)."
    )
