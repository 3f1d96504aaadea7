from django.urls import path

from backend.reviews import apis, apis_payments

urlpatterns = [
    path("cases/", apis.CaseListApi.as_view(), name="cases"),
    path("cases/export/", apis.CaseExportApi.as_view(), name="cases-export"),
    path("cases/summary/", apis.CaseSummaryApi.as_view(), name="cases-summary"),
    path("cases/bulk-assign/", apis.CaseBulkAssignApi.as_view(), name="cases-bulk-assign"),
    path("cases/auto-assign/", apis.CaseAutoAssignApi.as_view(), name="cases-auto-assign"),
    path("cases/<uuid:case_id>/", apis.CaseDetailApi.as_view(), name="case-detail"),
    *(
        path(f"cases/<uuid:case_id>/{verb}/", view.as_view(), name=f"case-{verb}")
        for verb, view in apis.CASE_VERB_APIS.items()
    ),
    path(
        "cases/<uuid:case_id>/payments/",
        apis_payments.CasePaymentListApi.as_view(),
        name="case-payments",
    ),
    path(
        "cases/<uuid:case_id>/contributing/",
        apis_payments.CaseContributingListApi.as_view(),
        name="case-contributing",
    ),
    path("cases/<uuid:case_id>/notes/", apis.CaseNotesApi.as_view(), name="case-notes"),
    path("cases/<uuid:case_id>/requests/", apis.CaseRequestsApi.as_view(), name="case-requests"),
    path(
        "cases/<uuid:case_id>/requests/<uuid:request_id>/answer/",
        apis.CaseRequestAnswerApi.as_view(),
        name="case-request-answer",
    ),
    path("case-requests/", apis.CaseRequestListApi.as_view(), name="case-requests-mine"),
    path("case-reviewers/", apis.ReviewerListApi.as_view(), name="case-reviewers"),
    path("case-reviewers/me/", apis.ReviewerMeApi.as_view(), name="case-reviewer-me"),
]
