"""Production settings pass the deployment checks; demo data is idempotent, never in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from backend.accounts.models import Membership, Organisation, ParticipantProfile, User

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FXS_"))}
    env.update(
        {
            "FXS_ENV": "production",
            "FXS_DATA_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "fxs.example.ma",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://fxs.example.ma",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backend.manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_a_missing_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_demo_data(tmp_path):
    result = _manage(_production_env(tmp_path), "load_demo", "--password", "x" * 16)
    assert result.returncode != 0
    assert "never loaded with production settings" in result.stderr


@pytest.mark.django_db
def test_demo_data_is_complete_and_idempotent():
    call_command("load_demo", password="demo-password-123")
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("load_demo", password="demo-password-123")
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts

    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles["demo-regulator"] == "regulator"
    assert roles["demo-advocate"] == "advocate"
    assert [roles[f"demo-startup-{i}"] for i in range(1, 7)] == ["startup"] * 6

    first = ParticipantProfile.objects.get(
        organisation__memberships__user__username="demo-startup-1"
    )
    assert first.labelled
    assert not first.has_fx_account
    second = ParticipantProfile.objects.get(
        organisation__memberships__user__username="demo-startup-2"
    )
    assert not second.labelled
    profiles = ParticipantProfile.objects.all()
    assert profiles.count() >= 6
    assert len({p.cluster for p in profiles}) >= 4
    assert {p.labelled for p in profiles} == {True, False}
    assert len({p.tax_paid_last_fy for p in profiles}) >= 4
    assert User.objects.get(username="demo-startup-3").check_password("demo-password-123")
