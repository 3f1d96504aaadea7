"""Rulebook, version and cohort endpoints (regulators only): thin views over services/selectors,
one module per resource."""

from backend.rulebooks.apis.base import (
    PROBLEM,
)
from backend.rulebooks.apis.cohorts import (
    CohortActivateApi,
    CohortCloseApi,
    CohortDetailApi,
    CohortListCreateApi,
    CohortParticipantsApi,
)
from backend.rulebooks.apis.rulebooks import (
    RulebookDetailApi,
    RulebookListCreateApi,
    RulebookSchemaApi,
)
from backend.rulebooks.apis.versions import (
    VersionDetailApi,
    VersionDiffApi,
    VersionListCreateApi,
    VersionPublishApi,
    VersionRequestReviewApi,
    VersionRetireApi,
    VersionValidateApi,
)

__all__ = [
    "PROBLEM",
    "CohortActivateApi",
    "CohortCloseApi",
    "CohortDetailApi",
    "CohortListCreateApi",
    "CohortParticipantsApi",
    "RulebookDetailApi",
    "RulebookListCreateApi",
    "RulebookSchemaApi",
    "VersionDetailApi",
    "VersionDiffApi",
    "VersionListCreateApi",
    "VersionPublishApi",
    "VersionRequestReviewApi",
    "VersionRetireApi",
    "VersionValidateApi",
]
