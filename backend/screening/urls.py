from django.urls import path

from backend.screening import apis

urlpatterns = [
    path("headroom/", apis.HeadroomApi.as_view(), name="headroom"),
    path("flags/", apis.FlagListApi.as_view(), name="flags"),
    path("flags/<uuid:flag_id>/", apis.FlagDetailApi.as_view(), name="flag-detail"),
    path("screening-runs/", apis.ScreeningRunListApi.as_view(), name="screening-runs"),
    path(
        "screening-runs/<uuid:run_id>/",
        apis.ScreeningRunDetailApi.as_view(),
        name="screening-run-detail",
    ),
]
