"""Faults survived with a real worker, judged by what anyone can observe: startups POST
declarations through the API, then the rows are counted.

- a worker killed with SIGKILL in the middle of a screening chunk: the broker hands the chunk to
  the next worker and every declaration ends screened exactly once;
- the broker stopped while startups declare: every declaration is accepted, and screened once the
  broker is back (the beat's sweep hands over what was recorded as pending);
- the database unreachable when a task runs: the task retries with backoff, nothing is lost.

These need PostgreSQL (table locks, and a TCP path to the database the test can cut) and Redis (a
broker that redelivers unacknowledged messages, which the test can stop: it starts its own, the
shared one serving everyone else): CI runs them there.
"""

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from backend.audit.models import AuditEvent
from backend.common import queue
from backend.declarations.models import Declaration
from tests.celery_worker import stop_worker, worker_command
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.conftest import ROOT, _test_database_url, wait_until
from tests.integration.screening.helpers import in_force
from workers.schedule import BEAT_SCHEDULE

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"),
        reason="needs PostgreSQL and Redis (CI runs on both); the embedded SQLite and filesystem "
        "broker have neither table locks to hold a worker mid-chunk nor a broker to stop",
    ),
]

WAIT_SECONDS = 120
RATES = ROOT / "fixtures" / "rates" / "bam_CoursVirement_2026-03-25.json"
PARTICIPANTS = 3
PER_PARTICIPANT = 2


def payment(reference: str) -> dict:
    return {
        "reference": reference,
        "direction": "outgoing",
        "category": "SAAS_CLOUD",
        "channel": "card",
        "amount": {"amount": "1250.00", "currency": "EUR"},
        "value_date": "2026-03-25",
        "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
        "description": "Hosting",
    }


def start_worker(log_path: Path, **env: str) -> subprocess.Popen:
    """A real worker (solo pool) on the test database, once it says it is ready."""
    environment = {**os.environ, "DATABASE_URL": _test_database_url(), **env}
    log = log_path.open("ab")
    process = subprocess.Popen(
        worker_command(
            "--loglevel", "INFO", "--concurrency", "1", "--pool", "solo", "--without-heartbeat"
        ),
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until(
        lambda: b"ready." in log_path.read_bytes() or process.poll() is not None,
        timeout=60,
        message="the worker did not become ready",
    )
    assert process.poll() is None, log_path.read_text(errors="replace")
    return process


@pytest.fixture
def workers(transactional_db) -> Iterator[list[subprocess.Popen]]:
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        stop_worker(process)


def given_rules_and_rates() -> None:
    in_force()
    call_command("import_rates", "--source", "bam", "--file", str(RATES))
    # Publishing queued a re-screening of everyone; only the declarations' own work is wanted.
    queue.producer().control.purge()


def declare_everywhere(prefix: str) -> list[str]:
    """Each of PARTICIPANTS startups POSTs PER_PARTICIPANT declarations; all must be accepted."""
    ids = []
    for p in range(PARTICIPANTS):
        client = client_for(make_user(username=f"{prefix}-founder-{p}"))
        for d in range(PER_PARTICIPANT):
            created = client.post(
                "/api/v1/declarations/", payment(f"{prefix}-{p}-{d}"), format="json"
            )
            assert created.status_code == 201, created.content
            ids.append(created.json()["id"])
    return ids


def screened_count(ids: list[str]) -> int:
    return Declaration.objects.filter(pk__in=ids, status="screened").count()


def screenings_per_declaration(ids: list[str]) -> dict[str, int]:
    """How many committed `declaration.screened` events name each declaration."""
    seen = dict.fromkeys(ids, 0)
    for event in AuditEvent.objects.filter(action="declaration.screened"):
        for declaration_id in event.after["declarations"]:
            if declaration_id in seen:
                seen[declaration_id] += 1
    return seen


def wait_all_screened(ids: list[str], log: Path) -> None:
    wait_until(
        lambda: screened_count(ids) == len(ids),
        timeout=WAIT_SECONDS,
        message=log.read_text(errors="replace")[-4000:],
    )


def _side_connection() -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or "127.0.0.1",
        port=params.get("PORT") or 5432,
    )


def _waiting_on_audit(side: psycopg.Connection) -> bool:
    row = side.execute(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = 'audit_auditevent' AND NOT l.granted"
    ).fetchone()
    return bool(row and row[0])


def test_a_worker_killed_mid_chunk_leaves_every_declaration_screened_exactly_once(
    workers, tmp_path
):
    # Given the rules in force, the day's rates, and six declarations accepted with no worker,
    given_rules_and_rates()
    ids = declare_everywhere("kill")
    # and the audit table locked, so a worker that reaches its chunk's audit rows must wait
    # there: it has read, converted and screened, and written all but its last rows,
    locker = _side_connection()
    locker.execute("BEGIN")
    locker.execute("LOCK TABLE audit_auditevent IN SHARE ROW EXCLUSIVE MODE")
    watcher = _side_connection()
    watcher.autocommit = True
    # (the broker hands an unacknowledged message to another worker after 5 s, not 15 min)
    quick = {"FXS_BROKER_VISIBILITY_TIMEOUT_SECONDS": "5"}
    first = start_worker(tmp_path / "first.log", **quick)
    workers.append(first)
    # when the worker is waiting inside its chunk's transaction, it is killed (no race: it
    # cannot finish the chunk while the lock is held),
    wait_until(
        lambda: _waiting_on_audit(watcher),
        timeout=WAIT_SECONDS,
        message=(tmp_path / "first.log").read_text(errors="replace")[-4000:],
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    locker.rollback()
    locker.close()
    # and nothing of its chunk was committed,
    assert screened_count(ids) == 0
    # then another worker gets the chunk again from the broker, and finishes everything,
    workers.append(start_worker(tmp_path / "second.log", **quick))
    wait_all_screened(ids, tmp_path / "second.log")
    # each declaration screened exactly once.
    assert screenings_per_declaration(ids) == dict.fromkeys(ids, 1)
    watcher.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_redis(port: int, directory: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(answers, timeout=20, message="the test's own Redis did not start")
    return process


@pytest.fixture
def own_broker(tmp_path, settings, monkeypatch) -> Iterator[dict]:
    """A Redis of this test's own (the shared one must keep running for everyone else), used by
    the test process and its worker; `stop()` and `start()` it at will."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    state: dict = {"url": url, "process": _start_redis(port, tmp_path)}
    settings.CELERY_BROKER_URL = url
    # Celery lets the environment's CELERY_BROKER_URL override the configured broker.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    queue.producer.cache_clear()

    def stop() -> None:
        state["process"].terminate()
        state["process"].wait(timeout=20)

    def start() -> None:
        state["process"] = _start_redis(port, tmp_path)

    state["stop"], state["start"] = stop, start
    yield state
    if state["process"].poll() is None:
        stop()
    queue.producer.cache_clear()


def test_declarations_made_while_the_broker_is_down_are_screened_once_it_returns(
    workers, tmp_path, own_broker
):
    given_rules_and_rates()
    log = tmp_path / "worker.log"
    env = {"CELERY_BROKER_URL": own_broker["url"], "FXS_PROCESSING_SWEEP_GRACE_SECONDS": "0"}
    workers.append(start_worker(log, **env))
    # Given a worker consuming (a first declaration is screened the normal way),
    wait_all_screened(declare_everywhere("before"), log)
    # and then the broker stopped, when startups declare, every declaration is accepted,
    own_broker["stop"]()
    ids = declare_everywhere("outage")
    assert (
        Declaration.objects.filter(pk__in=ids, processing_requested_at__isnull=False).count() == 6
    )
    assert screened_count(ids) == 0
    # then, once the broker is back and the beat's sweep runs (sent as the beat sends it),
    own_broker["start"]()
    sweep = BEAT_SCHEDULE["processing-sweep"]["task"]
    wait_until(
        lambda: _send(sweep),
        timeout=WAIT_SECONDS,
        message="the broker did not come back for the producer",
    )
    # they are all screened, once each.
    wait_all_screened(ids, log)
    assert screenings_per_declaration(ids) == dict.fromkeys(ids, 1)


def _send(task: str) -> bool:
    try:
        queue.producer().send_task(task)
    except Exception:
        return False
    return True


class FlakyLink:
    """A TCP relay to PostgreSQL that the test can cut: while cut, it drops every connection it
    holds and every new one; it counts the connections it refused."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.refused = 0
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut.is_set():
                self.refused += 1
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def down(self) -> None:
        self.cut.set()
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def up(self) -> None:
        self.cut.clear()

    def close(self) -> None:
        self.down()
        self.listener.close()


def test_a_task_that_finds_the_database_unreachable_retries_and_loses_nothing(workers, tmp_path):
    given_rules_and_rates()
    params = connection.settings_dict
    link = FlakyLink((params.get("HOST") or "127.0.0.1", int(params.get("PORT") or 5432)))
    direct = _test_database_url()
    through_link = direct.replace(
        f"{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}",
        f"127.0.0.1:{link.port}",
    )
    assert through_link != direct
    flaky_log = tmp_path / "worker.log"
    workers.append(start_worker(flaky_log, DATABASE_URL=through_link))
    try:
        # Given the database unreachable from the worker,
        link.down()
        # when startups declare (the API itself reaches the database),
        ids = declare_everywhere("dbdown")
        # the worker's task meets the outage (its connection is refused) and schedules a retry,
        wait_until(lambda: link.refused > 0, timeout=WAIT_SECONDS, message="no task ran")
        wait_until(
            lambda: b"Retry in" in flaky_log.read_bytes(),
            timeout=WAIT_SECONDS,
            message=flaky_log.read_text(errors="replace")[-4000:],
        )
        assert screened_count(ids) == 0
        # then, the database reachable again a few seconds later,
        time.sleep(2)
        link.up()
        # the retries screen every declaration, once each, without any sweep.
        wait_all_screened(ids, flaky_log)
        assert screenings_per_declaration(ids) == dict.fromkeys(ids, 1)
    finally:
        link.close()
