from django.urls import path

from backend.evidence import apis

urlpatterns = [
    path("impact-measures/", apis.ImpactMeasuresApi.as_view(), name="impact-measures"),
    path("impact-participants/", apis.ImpactParticipantsApi.as_view(), name="impact-participants"),
    path("evidence-packs/", apis.EvidencePackListApi.as_view(), name="evidence-packs"),
    path(
        "evidence-packs/<uuid:pack_id>/",
        apis.EvidencePackDetailApi.as_view(),
        name="evidence-pack-detail",
    ),
    path(
        "evidence-packs/<uuid:pack_id>/verify/",
        apis.EvidencePackVerifyApi.as_view(),
        name="evidence-pack-verify",
    ),
    path("evidence-pack-checks/", apis.EvidencePackCheckApi.as_view(), name="evidence-pack-checks"),
    path("evidence-exports/", apis.EvidenceExportListApi.as_view(), name="evidence-exports"),
    path(
        "evidence-exports/<uuid:export_id>/",
        apis.EvidenceExportDetailApi.as_view(),
        name="evidence-export-detail",
    ),
    path(
        "evidence-exports/<uuid:export_id>/download/",
        apis.EvidenceExportDownloadApi.as_view(),
        name="evidence-export-download",
    ),
]
