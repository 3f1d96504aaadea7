"""What a screening would read, hashed where it is stored: per participant, how many facts rows
and documents it has and an order-free hash of their values, without sending a row.

A re-screening compares these with what its previous screening read before reading anything
else; hashing a chunk's rows in the database costs a small share of reading them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q

from backend.declarations.models import Declaration, DeclarationDocument, DeclarationStatus
from backend.screening.facts.hashing import (
    DOCUMENT_FIELDS,
    FINGERPRINT_FIELDS,
    RowsHash,
    StoredFacts,
)
from backend.screening.facts.read import _chunks, chunk_read_plan


def _declarations(part: Sequence[str], start: date) -> Any:
    return (
        Declaration.objects.filter(organisation_id__in=part, is_current=True, value_date__gte=start)
        .exclude(status=DeclarationStatus.WITHDRAWN)
        .order_by()
    )


def facts_fingerprints(
    *, participant_ids: Sequence[str], start: date, taken_at: datetime
) -> dict[str, StoredFacts]:
    """What `facts_build(participant_ids, start, taken_at)` would read, per participant, as
    counts and hashes computed by the database (a participant with nothing: empty)."""
    ids = sorted(str(p) for p in participant_ids)
    found: dict[str, dict[str, Any]] = {p: {} for p in ids}
    with chunk_read_plan():
        for part in _chunks(ids):
            rows = (
                _declarations(part, start)
                .values("organisation_id")
                .annotate(
                    rows=Count("id"),
                    rows_hash=RowsHash(*FINGERPRINT_FIELDS),
                    converted=Count("id", filter=Q(status=DeclarationStatus.CONVERTED)),
                )
                .values_list("organisation_id", "rows", "rows_hash", "converted")
            )
            for org, count, rows_hash, converted in rows:
                found[str(org)].update(rows=count, rows_hash=rows_hash, converted=converted)
            documents = (
                DeclarationDocument.objects.filter(
                    declaration__in=_declarations(part, start), created_at__lte=taken_at
                )
                .order_by()
                .values("declaration__organisation_id")
                .annotate(documents=Count("id"), documents_hash=RowsHash(*DOCUMENT_FIELDS))
                .values_list("declaration__organisation_id", "documents", "documents_hash")
            )
            for org, count, documents_hash in documents:
                found[str(org)].update(documents=count, documents_hash=documents_hash)
    return {p: StoredFacts(**values) for p, values in found.items()}
