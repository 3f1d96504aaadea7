"""The import job through the real broker and a real worker process."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.conftest import wait_until

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "declarations"


@pytest.fixture(autouse=True)
def sent_tasks():
    """This module sends for real: override the package's recording fixture."""
    return None


@pytest.fixture(autouse=True)
def media_root(settings):
    """The worker process stores and reads files where the settings say: keep them shared."""
    return settings.MEDIA_ROOT


@pytest.mark.worker
def test_an_upload_is_imported_by_the_worker(celery_worker_process, startup_user, settings):
    # Given a real worker, when a startup uploads the French Excel export,
    content = (FIXTURES / "sample_fr_windows1252.csv").read_bytes()
    client = client_for(startup_user)
    response = client.post(
        reverse("api:declaration-imports"),
        {"file": SimpleUploadedFile("export.csv", content)},
        format="multipart",
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    url = reverse("api:declaration-import-detail", kwargs={"import_id": response.json()["id"]})

    # then the worker runs the job to the end, with its progress in the database.
    wait_until(
        lambda: client.get(url).json()["status"] in ("done", "failed"),
        timeout=60,
        message=celery_worker_process.log_path.read_text(errors="replace")[-3000:],
    )
    job = client.get(url).json()
    assert (job["progress"], job["summary"]) == (
        100,
        {"rows": 4, "valid": 4, "created": 4, "duplicates": 0, "errors": 0},
    )
    assert sorted(Declaration.objects.values_list("reference", flat=True)) == [
        "FAC-2026-001",
        "FAC-2026-002",
        "FAC-2026-003",
        "FAC-2026-004",
    ]
