"""Declaration reads, scoped by `backend.common.tenancy`: regulators see every participant, a
startup only its own organisation, anyone else nothing."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from backend.accounts.models import User
from backend.audit.models import AuditEvent
from backend.common.tenancy import scoped
from backend.declarations.models import (
    Declaration,
    DeclarationDocument,
    DeclarationImport,
)
from backend.declarations.search import in_cluster, reference_contains

# What a declaration's answer shows besides its own fields; a list row leaves out its author.
DETAIL_RELATED = ("organisation", "created_by", "conversion")
LIST_RELATED = ("organisation", "conversion")


def declaration_visible(
    *, viewer: User, related: tuple[str, ...] = DETAIL_RELATED
) -> QuerySet[Declaration]:
    """Every declaration version the viewer may read, with `related` joined."""
    base = Declaration.objects.select_related(*related)
    return scoped(base, viewer=viewer, owner="organisation_id")


def declaration_list(*, viewer: User, filters: dict[str, Any]) -> QuerySet[Declaration]:
    """The viewer's declarations matching `filters` (current versions unless asked otherwise)."""
    qs = declaration_visible(viewer=viewer, related=LIST_RELATED)
    if not filters.get("include_superseded"):
        qs = qs.filter(is_current=True)
    exact = {
        "category": "category",
        "status": "status",
        "direction": "direction",
        "receipt_status": "receipt_status",
        "payment_kind": "payment_kind",
        "currency": "currency",
        "participant": "organisation_id",
    }
    for name, lookup in exact.items():
        if filters.get(name):
            qs = qs.filter(**{lookup: filters[name]})
    if filters.get("value_date_after"):
        qs = qs.filter(value_date__gte=filters["value_date_after"])
    if filters.get("value_date_before"):
        qs = qs.filter(value_date__lte=filters["value_date_before"])
    if filters.get("cluster"):
        qs = in_cluster(qs, filters["cluster"])
    if filters.get("reference"):
        qs = reference_contains(qs, filters["reference"])
    ordering = filters.get("ordering") or "-value_date"
    tie = "-id" if ordering.startswith("-") else "id"
    return qs.order_by(ordering, tie)


def declaration_get(*, viewer: User, declaration_id: UUID | str) -> Declaration:
    """One declaration version the viewer may read, or 404 (foreign ones look missing)."""
    return get_object_or_404(declaration_visible(viewer=viewer), pk=declaration_id)


def declaration_versions(*, declaration: Declaration) -> QuerySet[Declaration]:
    """Every version of the declaration's reference, oldest first."""
    return (
        Declaration.objects.filter(
            organisation_id=declaration.organisation_id, reference=declaration.reference
        )
        .select_related("created_by")
        .order_by("version")
    )


def declaration_events(*, declaration: Declaration) -> list[AuditEvent]:
    """The audit timeline of every version, its documents and its import, oldest first."""
    versions = list(
        declaration_versions(declaration=declaration).values_list("pk", "import_job_id")
    )
    ids = [str(pk) for pk, _ in versions]
    documents = DeclarationDocument.objects.filter(declaration_id__in=ids).values_list(
        "pk", flat=True
    )
    own = AuditEvent.objects.filter(
        object_type__in=("declarations.declaration", "declarations.declarationdocument"),
        object_id__in=ids + [str(pk) for pk in documents],
    )
    jobs = {str(job) for _, job in versions if job is not None}
    # An import records one event per loaded chunk, listing its references: keep this one's.
    imported = [
        event
        for event in AuditEvent.objects.filter(
            object_type="declarations.declarationimport",
            object_id__in=jobs,
            action="declaration.import",
        )
        if declaration.reference in (event.after or {}).get("references", [])
    ]
    return sorted([*own, *imported], key=lambda event: (event.occurred_at, event.pk))


def document_list(*, declaration: Declaration) -> QuerySet[DeclarationDocument]:
    """Documents of every version of a declaration the caller already may read."""
    versions = declaration_versions(declaration=declaration).values_list("pk", flat=True)
    return (
        DeclarationDocument.objects.filter(declaration_id__in=versions)
        .select_related("declaration", "uploaded_by")
        .order_by("-created_at", "-id")
    )


def document_get(*, viewer: User, document_id: UUID | str) -> DeclarationDocument:
    """A document of a declaration the viewer may read, or 404."""
    visible = declaration_visible(viewer=viewer).values("pk")
    return get_object_or_404(
        DeclarationDocument.objects.select_related("declaration").filter(
            declaration_id__in=visible
        ),
        pk=document_id,
    )


def import_list(*, viewer: User) -> QuerySet[DeclarationImport]:
    """The viewer's organisation's import jobs, newest first."""
    jobs = scoped(DeclarationImport.objects.all(), viewer=viewer, owner="organisation_id", every=())
    return jobs.order_by("-created_at", "-id")


def import_get(*, viewer: User, import_id: UUID | str) -> DeclarationImport:
    """One of the viewer's organisation's import jobs, or 404."""
    return get_object_or_404(import_list(viewer=viewer), pk=import_id)
