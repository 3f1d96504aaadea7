"""URL wiring: the API under /api/v1/, Django admin, and the SPA for every other path."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from backend.common.apis import HealthApi
from backend.common.spa import spa_index

api_v1: list[URLPattern | URLResolver] = [
    path("health/", HealthApi.as_view(), name="health"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include("backend.accounts.urls")),
    path("", include("backend.notifications.urls")),
    path("", include("backend.processing.urls")),
    path("", include("backend.declarations.urls")),
    path("", include("backend.rates.urls")),
    path("", include("backend.rulebooks.urls")),
    path("", include("backend.screening.urls")),
    path("", include("backend.reviews.urls")),
    path("", include("backend.evidence.urls")),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("admin/", admin.site.urls),
    re_path(r"^(?!api/|admin/|static/).*$", spa_index, name="spa"),
]

handler400 = "backend.common.errors.handler400"
handler403 = "backend.common.errors.handler403"
handler404 = "backend.common.errors.handler404"
handler500 = "backend.common.errors.handler500"
