"""What the rulebook endpoints share: the problem response and the submitted document."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse

from backend.rulebooks.documents import (
    document_parse_source,
    invalid_document_problem,
)
from backend.rulebooks.models import RulebookVersion
from backend.rulebooks.serializers import (
    VersionDetailOutputSerializer,
)

PROBLEM = OpenApiResponse(description="Problem details (application/problem+json).")


def submitted_document(data: dict[str, Any]) -> Any:
    """The submitted document: JSON as given, or parsed from YAML/JSON text (400 on syntax)."""
    if "source" in data:
        parsed, errors = document_parse_source(data["source"])
        if errors:
            raise invalid_document_problem(errors)
        return parsed
    return data["document"]


def version_detail(version: RulebookVersion) -> dict[str, Any]:
    """The version as its detail endpoint answers it."""
    return dict(VersionDetailOutputSerializer(version).data)
