"""Case endpoints: thin views that parse input and call one service or selector.

Every case read answers an `ETag`; every change needs `If-Match` with it (428 without, 412 when
stale) and answers the changed case with its new ETag. `base` holds what every case endpoint
shares, `queue` the reads, exports and assignment of the queue, `changes` the state transitions
and the requests' exchange. Public names are re-exported here."""

from backend.reviews.apis.base import (
    ETAG_HEADER,
    IF_MATCH,
    case_in_scope,
    case_response,
)
from backend.reviews.apis.changes import (
    CASE_CHANGES,
    CASE_VERB_APIS,
    ROUTED_APART,
    CaseChange,
    CaseChangeApi,
    CaseNotesApi,
    CaseRequestAnswerApi,
    CaseRequestsApi,
    case_change_api,
)
from backend.reviews.apis.queue import (
    CaseAutoAssignApi,
    CaseBulkAssignApi,
    CaseDetailApi,
    CaseExportApi,
    CaseListApi,
    CaseRequestListApi,
    CaseSummaryApi,
    ReviewerListApi,
    ReviewerMeApi,
)

__all__ = [
    "CASE_CHANGES",
    "CASE_VERB_APIS",
    "ETAG_HEADER",
    "IF_MATCH",
    "ROUTED_APART",
    "CaseAutoAssignApi",
    "CaseBulkAssignApi",
    "CaseChange",
    "CaseChangeApi",
    "CaseDetailApi",
    "CaseExportApi",
    "CaseListApi",
    "CaseNotesApi",
    "CaseRequestAnswerApi",
    "CaseRequestListApi",
    "CaseRequestsApi",
    "CaseSummaryApi",
    "ReviewerListApi",
    "ReviewerMeApi",
    "case_change_api",
    "case_in_scope",
    "case_response",
]
