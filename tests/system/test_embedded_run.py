"""System test of the embedded default: the README's run command, end to end.

Starts `./scripts/run` on a fresh data directory (SQLite + kombu filesystem broker), waits until
/api/v1/health/ reports a live worker heartbeat, signs in as each demo role, then stops it with
Ctrl-C (SIGINT) and checks every child process is gone.
"""

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_SECONDS = 420  # a cold machine installs Python and npm packages first
HEARTBEAT_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 60
DEMO_PASSWORD = "system-test-demo-password"
DEMO_ROLES = {
    "demo-regulator": "regulator",
    "demo-advocate": "advocate",
    "demo-startup-1": "startup",
}

pytestmark = pytest.mark.system


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_live_worker(base: str, process: subprocess.Popen) -> dict:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS + HEARTBEAT_TIMEOUT_SECONDS
    last: dict = {}
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run command exited before becoming healthy"
        try:
            last = requests.get(f"{base}/api/v1/health/", timeout=5).json()
        except (requests.ConnectionError, requests.Timeout, ValueError):
            last = {}
        if last.get("status") == "ok" and last["worker"]["last_heartbeat"]:
            return last
        time.sleep(2)
    raise AssertionError(f"no live worker heartbeat in time; last health answer: {last}")


@pytest.fixture
def running_app(tmp_path: Path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"}
    }
    data_dir = Path(tempfile.mkdtemp(prefix="fxs-system-"))
    env.update({"FXS_DATA_DIR": str(data_dir), "PORT": str(port), "DEMO_PASSWORD": DEMO_PASSWORD})
    log_path = tmp_path / "run.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield f"http://127.0.0.1:{port}", process, data_dir, log_path
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_run_command_serves_every_role_with_a_live_worker(running_app):
    base, process, data_dir, log_path = running_app
    # Given the run command on a fresh data directory, when it is healthy
    try:
        health = _wait_for_live_worker(base, process)
    except AssertionError as exc:
        raise AssertionError(
            f"{exc}\n--- run command output ---\n{log_path.read_text(errors='replace')[-6000:]}"
        ) from exc
    # then the embedded database and broker are in use and a worker has beaten
    assert health["database"] == "ok"
    assert health["broker"] == "ok"
    assert (data_dir / "db.sqlite3").exists()
    assert (data_dir / "broker").is_dir()
    output = log_path.read_text(errors="replace")
    assert f"http://127.0.0.1:{base.rsplit(':', 1)[1]}/" in output
    assert "Embedded mode" in output
    for username in DEMO_ROLES:
        assert username in output

    # and the SPA and every demo role can sign in on the one origin
    index = requests.get(f"{base}/startup", timeout=10)
    assert index.status_code == 200
    assert '<div id="root"' in index.text
    for username, role in DEMO_ROLES.items():
        session = requests.Session()
        login = session.post(
            f"{base}/api/v1/auth/login/",
            json={"username": username, "password": DEMO_PASSWORD},
            timeout=10,
        )
        assert login.status_code == 200, login.text
        me = session.get(f"{base}/api/v1/auth/me/", timeout=10).json()
        assert me["role"] == role
        logout = session.post(
            f"{base}/api/v1/auth/logout/",
            headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": base},
            timeout=10,
        )
        assert logout.status_code == 204

    # When Ctrl-C is sent, then the command and all its children stop cleanly.
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=STOP_TIMEOUT_SECONDS)
    time.sleep(1)
    leftovers = subprocess.run(
        ["pgrep", "-g", str(process.pid)], capture_output=True, text=True, check=False
    )
    assert leftovers.stdout.strip() == "", f"processes left running: {leftovers.stdout}"
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base}/api/v1/health/", timeout=5)
