import pytest

from backend.common import queue


@pytest.fixture(autouse=True)
def sent_tasks(monkeypatch) -> list[tuple[str, dict]]:
    """Tasks sent to the broker (recorded instead of sent: these tests check the hand-off only)."""
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        queue, "send_task_now", lambda name, *, kwargs=None: sent.append((name, kwargs or {}))
    )
    return sent


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
