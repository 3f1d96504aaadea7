"""Case reads, scoped to the viewer: regulators see every case, a startup only its own (and the
serializers show it only the parts meant for it), everyone else none."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from backend.audit.models import AuditEvent
from backend.common.roles import Role
from backend.common.tenancy import scoped, sees
from backend.declarations.models import Declaration
from backend.rates.models import RateRow
from backend.reviews.models import (
    Case,
    CaseKind,
    CaseNote,
    CasePayment,
    CaseRequest,
    ReviewerAvailability,
)
from backend.reviews.services.assignment import regulators
from backend.reviews.states import ACTIVE_STATES, CaseState
from backend.rulebooks.models import RulebookVersion, VersionStatus
from backend.screening.contributing import contributing_declaration_ids

ORDERINGS = (
    "priority",
    "-priority",
    "due_at",
    "-due_at",
    "opened_at",
    "-opened_at",
    "amount_mad",
    "-amount_mad",
    "updated_at",
    "-updated_at",
)
DEFAULT_ORDERING = "priority"
# The timeline a startup may see: what was asked of it, what it answered, and the decision.
STARTUP_TIMELINE_ACTIONS = (
    "case.open",
    "case.payments_attach",
    "case.request",
    "case.answer",
    "case.decide",
    "case.close",
)


# What a row of the queue shows besides the case itself (see `case_list`).
LIST_RELATED = ("declaration", "participant__participant", "assignee", "decided_by")


def case_visible(*, viewer: Any) -> QuerySet[Case]:
    """Every case the viewer may read."""
    base = Case.objects.select_related(
        "declaration__organisation",
        "declaration__created_by",
        "declaration__conversion",
        "participant__participant",
        "assignee",
        "decided_by",
    )
    return scoped(base, viewer=viewer, owner="participant_id")


def case_list(*, viewer: Any, filters: dict[str, Any]) -> QuerySet[Case]:
    """The queue: the viewer's cases matching `filters`, in the asked order (id breaks ties)."""
    # A row names its declaration, participant (with its cluster), assignee and decider; the
    # flags' versions title the rules it names. Joining also what only the detail shows (the
    # declaration's organisation, author and conversion) made PostgreSQL weigh the order of nine
    # tables for every page: about 20 ms of planning, far more than running the query.
    base = Case.objects.select_related(*LIST_RELATED).prefetch_related("flags__rulebook_version")
    qs = scoped(base, viewer=viewer, owner="participant_id")
    if filters.get("ids") is not None:
        qs = qs.filter(pk__in=filters["ids"])
    if filters.get("state"):
        qs = qs.filter(state__in=filters["state"])
    if filters.get("priority"):
        qs = qs.filter(priority__in=filters["priority"])
    if filters.get("rule_id"):
        qs = qs.filter(
            Exists(
                Case.flags.through.objects.filter(
                    case_id=OuterRef("pk"), flag__rule_id=filters["rule_id"]
                )
            )
        )
    if filters.get("participant"):
        qs = qs.filter(participant_id=filters["participant"])
    if filters.get("cluster"):
        qs = qs.filter(participant__participant__cluster=filters["cluster"])
    assignee = filters.get("assignee")
    if assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee == "me":
        qs = qs.filter(assignee=viewer)
    elif assignee:
        qs = qs.filter(assignee_id=assignee)
    if filters.get("overdue") is not None:
        qs = qs.filter(overdue=filters["overdue"])
    if filters.get("declaration"):
        # The cases holding the payment: the one it opened, and any it joined later.
        qs = qs.filter(
            Exists(
                CasePayment.objects.filter(
                    case_id=OuterRef("pk"), declaration_id=filters["declaration"]
                )
            )
        )
    return qs.order_by(*case_ordering(filters.get("ordering")))


def case_summary(*, viewer: Any, filters: dict[str, Any]) -> dict[str, int]:
    """The regulator's home and queue counts: how many cases match `filters`, and how many
    active ones are open, overdue, unassigned, the viewer's and waiting for a startup; plus the
    drafts awaiting a second regulator's review (four eyes: drafts the viewer did not edit last)."""
    active = case_visible(viewer=viewer).filter(state__in=list(ACTIVE_STATES))
    return {
        "total": case_list(viewer=viewer, filters=filters).count(),
        "open": active.count(),
        "overdue": active.filter(overdue=True).count(),
        "unassigned": active.filter(assignee__isnull=True).count(),
        "mine": active.filter(assignee=viewer).count(),
        "awaiting_startup": active.filter(state=CaseState.AWAITING_STARTUP).count(),
        "drafts_awaiting_review": RulebookVersion.objects.filter(status=VersionStatus.DRAFT)
        .exclude(last_edited_by=viewer)
        .count(),
    }


def case_ordering(ordering: str | None) -> tuple[str, str]:
    """A stable ordering: the asked field, then the id in the same direction."""
    field = ordering if ordering in ORDERINGS else DEFAULT_ORDERING
    return field, "-id" if field.startswith("-") else "id"


def case_get(*, viewer: Any, case_id: Any) -> Case:
    """One case the viewer may read, or 404 (another organisation's looks missing)."""
    return get_object_or_404(
        case_visible(viewer=viewer).prefetch_related(
            "flags__rulebook_version__rulebook",
            Prefetch(
                "requests",
                queryset=CaseRequest.objects.select_related("asked_by", "answered_by")
                .prefetch_related("answer_documents")
                .order_by("-asked_at", "-id"),
            ),
        ),
        pk=case_id,
    )


def case_rate_rows(*, case: Case) -> QuerySet[RateRow]:
    """The rate rows behind the conversion of the case's declaration, oldest publication first."""
    conversion = getattr(case.declaration, "conversion", None)
    if conversion is None:
        return RateRow.objects.none()
    return conversion.rate_rows.order_by("published_on", "id")


def case_timeline(*, case: Case, viewer: Any) -> QuerySet[AuditEvent]:
    """The case's audit events (and those of the cases grouped into it), oldest first; a
    startup's view leaves out internal ones."""
    ids = [str(case.pk), *case.merged_case_ids]
    qs = AuditEvent.objects.filter(object_type="reviews.case", object_id__in=ids).order_by(
        "occurred_at", "id"
    )
    if not sees(viewer, (Role.REGULATOR,)):
        qs = qs.filter(action__in=STARTUP_TIMELINE_ACTIONS)
    return qs


def case_notes(*, case: Case, viewer: Any) -> QuerySet[CaseNote]:
    """Internal notes of a case: regulators only."""
    notes = scoped(CaseNote.objects.all(), viewer=viewer, own=())
    return notes.filter(case=case).select_related("author").order_by("created_at", "id")


def case_request_list(*, viewer: Any, filters: dict[str, Any]) -> QuerySet[CaseRequest]:
    """Requests to startups, newest first: a startup's own, or every one for a regulator."""
    qs = scoped(
        CaseRequest.objects.select_related(
            "case__declaration", "asked_by", "answered_by"
        ).prefetch_related("answer_documents"),
        viewer=viewer,
        owner="case__participant_id",
    )
    if filters.get("case"):
        qs = qs.filter(case_id=filters["case"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("declaration"):
        qs = qs.filter(
            Exists(
                CasePayment.objects.filter(
                    case_id=OuterRef("case_id"), declaration_id=filters["declaration"]
                )
            )
        )
    return qs.order_by("-asked_at", "-id")


def case_payments(*, case: Case) -> QuerySet[CasePayment]:
    """The payments a case holds, in the order they joined it (the case is the viewer's)."""
    return (
        CasePayment.objects.filter(case=case)
        .select_related("declaration")
        .order_by("attached_at", "id")
    )


def case_contributing(*, case: Case) -> QuerySet[Declaration]:
    """The declarations making up the breach a cumulative case follows (the case is the
    viewer's), computed from the participant's window under the versions that flagged it, each
    marked `in_case` when the case holds it; none for a per-payment case."""
    if case.kind != CaseKind.CUMULATIVE or case.window_start is None or case.window_end is None:
        return Declaration.objects.none()
    versions = {
        flag.rulebook_version_id: flag.rulebook_version
        for flag in case.flags.all()
        if flag.rule_id == case.rule_id
    }
    ids = contributing_declaration_ids(
        participant_id=str(case.participant_id),
        versions=[versions[k] for k in sorted(versions, key=lambda v: versions[v].number)],
        rule_id=case.rule_id,
        window_start=case.window_start,
        window_end=case.window_end,
    )
    return (
        Declaration.objects.filter(pk__in=ids)
        .select_related("conversion")
        .annotate(
            in_case=Exists(CasePayment.objects.filter(case=case, declaration_id=OuterRef("pk")))
        )
        .order_by("value_date", "created_at", "id")
    )


def reviewer_list(*, viewer: Any) -> list[dict[str, Any]]:
    """Regulators with their availability and open workload (regulators only)."""
    if not sees(viewer, (Role.REGULATOR,)):
        return []
    away = set(
        ReviewerAvailability.objects.filter(available=False).values_list("user_id", flat=True)
    )
    users = regulators().order_by("username")
    active = Q(state__in=["open", "in_review", "awaiting_startup", "reopened"])
    counts: dict[Any, int] = {}
    for user_id in Case.objects.filter(active, assignee__isnull=False).values_list(
        "assignee_id", flat=True
    ):
        counts[user_id] = counts.get(user_id, 0) + 1
    return [
        {
            "id": user.pk,
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "available": user.pk not in away,
            "open_cases": counts.get(user.pk, 0),
        }
        for user in users
    ]


def case_decisions(*, since: Any = None) -> QuerySet[Case]:
    """Decided and closed cases with their outcome, oldest decision first: what the evidence
    app reads so that outcomes (e.g. "allowed under the sandbox") feed the impact measures.
    Not viewer-scoped: callers aggregate and apply their own disclosure control."""
    qs = Case.objects.exclude(outcome="").select_related("declaration", "participant")
    if since is not None:
        qs = qs.filter(decided_at__gte=since)
    return qs.order_by("decided_at", "id")
