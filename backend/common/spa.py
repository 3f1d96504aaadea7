"""Serve the single-page app's index for every client-side route (one origin for SPA and API)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

NOT_BUILT = (
    "<!doctype html><title>FX Sandbox Tracker</title>"
    "<p>The web interface has not been built. Run <code>./scripts/run</code>, "
    "or <code>npm run build</code> in <code>frontend/</code>.</p>"
)


def spa_index(request: HttpRequest) -> HttpResponse:
    """The built index.html; routing happens in the browser."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(NOT_BUILT, status=503)
    response = HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
