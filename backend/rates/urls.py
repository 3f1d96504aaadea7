from django.urls import path

from backend.rates import apis

urlpatterns = [
    path("rates/", apis.RateApi.as_view(), name="rates"),
    path("rates/series/", apis.RateSeriesApi.as_view(), name="rate-series"),
    path("rates/coverage/", apis.RateCoverageApi.as_view(), name="rate-coverage"),
    path("rate-providers/", apis.RateProviderListApi.as_view(), name="rate-providers"),
    path("rate-files/", apis.RateFileImportApi.as_view(), name="rate-files"),
    path("rate-quarantine/", apis.RateQuarantineListApi.as_view(), name="rate-quarantine"),
    path("rate-calendar/", apis.RateCalendarApi.as_view(), name="rate-calendar"),
    path(
        "rate-calendar/non-publication-days/",
        apis.NonPublicationDayCreateApi.as_view(),
        name="rate-non-publication-days",
    ),
]
