"""Declarations with what the flow made of them (conversion, verdicts), for the viewer.

Tenancy is decided by the declarations app's selectors; this adds the prefetch of verdicts so a
page of declarations costs a fixed number of queries.
"""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from backend.accounts.models import User
from backend.declarations.models import Declaration
from backend.declarations.selectors import declaration_list, declaration_visible
from backend.screening.selectors import verdicts_prefetch

# The rate rows of each conversion: a derived rate's explanation names the date of each leg.
CONVERSION_ROWS = "conversion__rate_rows"


def declaration_list_processed(*, viewer: User, filters: dict[str, Any]) -> QuerySet[Declaration]:
    """The viewer's declarations matching `filters`, with their verdicts prefetched (a list
    row's conversion carries no explanation, so its rate rows are not read)."""
    return declaration_list(viewer=viewer, filters=filters).prefetch_related(*verdicts_prefetch())


def declaration_get_processed(*, viewer: User, declaration_id: UUID | str) -> Declaration:
    """One declaration version the viewer may read, with its verdicts, or 404."""
    visible = declaration_visible(viewer=viewer).prefetch_related(
        *verdicts_prefetch(), CONVERSION_ROWS
    )
    return get_object_or_404(visible, pk=declaration_id)
