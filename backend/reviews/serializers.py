"""Wire shapes of the case endpoints: the regulator's full view, and the startup's view, which
carries only what is meant for the startup (no notes, assignee, priority or internal trail)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.accounts.models import Cluster
from backend.common.serializers import StrictSerializer
from backend.declarations.categories import DOCUMENT_KINDS
from backend.declarations.serializers import (
    AuditEventOutputSerializer,
    DeclarationDocumentOutputSerializer,
    MoneyOutputSerializer,
)
from backend.reviews.models import CaseKind, Outcome, RequestKind, RequestStatus
from backend.reviews.selectors import ORDERINGS, case_payments
from backend.reviews.states import CaseState, allowed_actions
from backend.screening.declaration_output import DeclarationOutputSerializer
from backend.screening.serializers import FlagOutputSerializer
from backend.screening.versions import rule_titles

STATES = [s.value for s in CaseState]
# The declaration document kinds, as the value list the OpenAPI enum override names (settings).
DOCUMENT_KIND_CODES = [d.code for d in DOCUMENT_KINDS]
MAX_BULK_CASES = 200  # a page of the queue and then some; larger batches are a script's job
# Payments shown on the case page itself; a breach held by more pages through the rest.
PAYMENTS_SHOWN = 50


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


class ReviewerOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    name = serializers.CharField()
    available = serializers.BooleanField()
    open_cases = serializers.IntegerField()


class AvailabilityInputSerializer(StrictSerializer):
    available = serializers.BooleanField()


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
