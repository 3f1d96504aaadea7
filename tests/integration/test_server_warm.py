"""A web process's warm-up: what the first requests would otherwise load."""

import pytest
from django.core.management import call_command

from backend.config.warm import warm
from backend.rulebooks.models import RulebookVersion, VersionStatus
from backend.screening import versions


@pytest.mark.django_db
def test_warm_parses_every_published_version(monkeypatch):
    call_command("load_rulebooks", verbosity=0)
    monkeypatch.setattr(versions, "_PARSED", {})

    warm()

    published = set(
        RulebookVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
            "content_hash", flat=True
        )
    )
    assert published
    assert set(versions._PARSED) == published


def test_the_web_processes_share_one_gunicorn_configuration():
    from pathlib import Path

    from backend.config import gunicorn_conf

    root = Path(__file__).resolve().parents[2]
    assert gunicorn_conf.worker_class == "gthread"
    assert gunicorn_conf.threads > 1
    flag = "python:backend.config.gunicorn_conf"
    for path in ("scripts/run", "docker-compose.yml", "docker/backend.Dockerfile"):
        assert flag in (root / path).read_text(), path
