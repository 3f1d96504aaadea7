from django.urls import path

from backend.processing import apis

urlpatterns = [
    path("declarations/", apis.DeclarationListCreateApi.as_view(), name="declarations"),
    path(
        "declarations/<uuid:declaration_id>/",
        apis.DeclarationDetailApi.as_view(),
        name="declaration-detail",
    ),
    path(
        "declarations/<uuid:declaration_id>/amend/",
        apis.DeclarationAmendApi.as_view(),
        name="declaration-amend",
    ),
    path(
        "declarations/<uuid:declaration_id>/receive/",
        apis.DeclarationReceiveApi.as_view(),
        name="declaration-receive",
    ),
    path(
        "declarations/<uuid:declaration_id>/withdraw/",
        apis.DeclarationWithdrawApi.as_view(),
        name="declaration-withdraw",
    ),
]
