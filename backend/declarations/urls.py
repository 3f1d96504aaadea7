from django.urls import path

from backend.declarations import apis, apis_documents, apis_imports

urlpatterns = [
    path(
        "declarations/<uuid:declaration_id>/events/",
        apis.DeclarationEventsApi.as_view(),
        name="declaration-events",
    ),
    path(
        "declarations/<uuid:declaration_id>/documents/",
        apis_documents.DeclarationDocumentsApi.as_view(),
        name="declaration-documents",
    ),
    path(
        "declaration-documents/<uuid:document_id>/download/",
        apis_documents.DocumentDownloadApi.as_view(),
        name="declaration-document-download",
    ),
    path("reference-data/", apis.ReferenceDataApi.as_view(), name="reference-data"),
    path(
        "declaration-categories/",
        apis.CategoryListApi.as_view(),
        name="declaration-categories",
    ),
    path(
        "declaration-imports/",
        apis_imports.ImportListCreateApi.as_view(),
        name="declaration-imports",
    ),
    path(
        "declaration-imports/template/",
        apis_imports.ImportTemplateApi.as_view(),
        name="declaration-import-template",
    ),
    path(
        "declaration-imports/<uuid:import_id>/",
        apis_imports.ImportDetailApi.as_view(),
        name="declaration-import-detail",
    ),
    path(
        "declaration-imports/<uuid:import_id>/report/",
        apis_imports.ImportReportApi.as_view(),
        name="declaration-import-report",
    ),
]
