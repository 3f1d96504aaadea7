"""Pagination: cursor-based, stable ordering, bounded page size."""

from typing import Any

from rest_framework import pagination, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_PAGE_SIZE = 500


class CursorPagination(pagination.CursorPagination):
    """Cursor pagination over `-created_at` by default; a view may set another unique `ordering`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created_at", "-id")


def paginated_response(
    *,
    queryset: Any,
    serializer_class: type[serializers.BaseSerializer],
    request: Request,
    view: APIView,
    context: dict[str, Any] | None = None,
) -> Response:
    """Paginate a selector's queryset and serialize one page (`{next, previous, results}`)."""
    paginator = CursorPagination()
    ordering = getattr(view, "ordering", None)
    if ordering:
        paginator.ordering = ordering
    page: list[Any] | None = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context=context or {}).data
    return paginator.get_paginated_response(data)


def paginated(serializer_class: type[serializers.Serializer]) -> serializers.Serializer:
    """The OpenAPI shape of a cursor-paginated list of `serializer_class`."""
    from drf_spectacular.utils import inline_serializer

    name = serializer_class.__name__.removesuffix("Serializer").removesuffix("Output")
    return inline_serializer(
        name=f"Paginated{name}List",
        fields={
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
