"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

application = get_wsgi_application()

from backend.common.startup import server_ready  # noqa: E402 (needs the settings loaded)
from backend.config.warm import warm  # noqa: E402

server_ready(warm)
