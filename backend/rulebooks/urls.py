from django.urls import path

from backend.rulebooks import apis

urlpatterns = [
    path("rulebooks/", apis.RulebookListCreateApi.as_view(), name="rulebooks"),
    path("rulebooks/<uuid:rulebook_id>/", apis.RulebookDetailApi.as_view(), name="rulebook-detail"),
    path("rulebook-schema/", apis.RulebookSchemaApi.as_view(), name="rulebook-schema"),
    path("rulebook-versions/", apis.VersionListCreateApi.as_view(), name="rulebook-versions"),
    path(
        "rulebook-versions/validate/",
        apis.VersionValidateApi.as_view(),
        name="rulebook-version-validate",
    ),
    path(
        "rulebook-versions/<uuid:version_id>/",
        apis.VersionDetailApi.as_view(),
        name="rulebook-version-detail",
    ),
    path(
        "rulebook-versions/<uuid:version_id>/publish/",
        apis.VersionPublishApi.as_view(),
        name="rulebook-version-publish",
    ),
    path(
        "rulebook-versions/<uuid:version_id>/retire/",
        apis.VersionRetireApi.as_view(),
        name="rulebook-version-retire",
    ),
    path(
        "rulebook-versions/<uuid:version_id>/request-review/",
        apis.VersionRequestReviewApi.as_view(),
        name="rulebook-version-request-review",
    ),
    path(
        "rulebook-versions/<uuid:version_id>/diff/",
        apis.VersionDiffApi.as_view(),
        name="rulebook-version-diff",
    ),
    path("cohorts/", apis.CohortListCreateApi.as_view(), name="cohorts"),
    path("cohorts/<uuid:cohort_id>/", apis.CohortDetailApi.as_view(), name="cohort-detail"),
    path(
        "cohorts/<uuid:cohort_id>/participants/",
        apis.CohortParticipantsApi.as_view(),
        name="cohort-participants",
    ),
    path(
        "cohorts/<uuid:cohort_id>/activate/",
        apis.CohortActivateApi.as_view(),
        name="cohort-activate",
    ),
    path("cohorts/<uuid:cohort_id>/close/", apis.CohortCloseApi.as_view(), name="cohort-close"),
]
