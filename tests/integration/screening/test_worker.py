"""The real path with real workers: declare → convert → screen → flag; an idempotent re-run;
and a re-screening whose worker is killed mid-run, finished by another worker."""

import os
import signal
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command

from backend.common.queue import producer
from backend.screening.models import Coverage, Evaluation, Flag, JobStatus, ScreeningRun
from backend.screening.services.runs import screening_run_start, screening_runs_resume
from tests.celery_worker import stop_worker, worker_command
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.conftest import ROOT, _test_database_url, wait_until
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening.helpers import in_force, row_counts

WAIT_SECONDS = 90
RATES = ROOT / "fixtures" / "rates"
BAM_MARCH_25 = "bam_CoursVirement_2026-03-25.json"
PAYMENT = {
    "reference": "INV-2026-0042",
    "direction": "outgoing",
    "category": "SAAS_CLOUD",
    "channel": "card",
    # 250,000 EUR at the BAM rate of 25 March 2026 (10.8057) is 2,701,425.00 MAD.
    "amount": {"amount": "250000.00", "currency": "EUR"},
    "value_date": "2026-03-25",
    "counterparty": {"name": "Example Cloud Ltd", "country": "IE"},
    "description": "Annual licence",
}


def start_worker(log_path: Path, *, name: str = "celery") -> subprocess.Popen:
    """A real `celery worker` (solo pool) named `name` sharing the test database, once it is
    ready."""
    env = dict(os.environ, DATABASE_URL=_test_database_url())
    log = log_path.open("wb")
    process = subprocess.Popen(
        worker_command(
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--hostname",
            f"{name}@%h",
        ),
        cwd=ROOT,
        env=env,
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
def workers(transactional_db, tmp_path) -> Iterator[list[subprocess.Popen]]:
    """Workers started by a test, stopped at the end."""
    producer().control.purge()
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        stop_worker(process)


def _run_done(run_id) -> bool:
    return ScreeningRun.objects.get(pk=run_id).status == JobStatus.DONE


@pytest.mark.worker
def test_declare_convert_screen_flag_with_a_real_worker(workers, tmp_path, startup_user):
    in_force()
    call_command("import_rates", "--source", "bam", "--file", str(RATES / BAM_MARCH_25))
    workers.append(start_worker(tmp_path / "worker.log"))
    client = client_for(startup_user)
    created = client.post("/api/v1/declarations/", PAYMENT, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/declarations/{created.json()['id']}/"
    wait_until(
        lambda: client.get(url).json()["status"] == "screened",
        timeout=WAIT_SECONDS,
        message=(tmp_path / "worker.log").read_text(errors="replace")[-3000:],
    )
    body = client.get(url).json()
    assert body["conversion"]["amount_mad"] == "2701425.00"
    assert [(v["rulebook"]["name"], v["verdict"]) for v in body["verdicts"]] == [
        ("Test rules in force", "breach")
    ]
    flag = Flag.objects.get()
    assert (str(flag.declaration_id), flag.rule_id, flag.status) == (
        created.json()["id"],
        "CARD_CAP",
        "open",
    )


def _declare_for(participants: int) -> None:
    from tests.integration.screening.helpers import declare, process

    for i in range(participants):
        user = make_user(username=f"founder-{i}")
        process(
            declare(user, "1500000.00", date(2026, 2, 1)),
            declare(user, "600000.00", date(2026, 5, 1)),
        )


@pytest.mark.worker
def test_a_re_screening_run_through_the_workers_twice_creates_nothing_new(workers, tmp_path):
    in_force()
    _declare_for(4)
    before = row_counts()
    # (one coverage run per participant, one stored evaluation per breach)
    assert (before["coverage"], before["evaluations"], before["flags"]) == (4, 4, 4)
    # Publishing the version queued a re-screening of everyone; drop it so only these runs work.
    producer().control.purge()
    workers.append(start_worker(tmp_path / "worker.log"))
    client = client_for(regulator())
    before = row_counts()
    for _ in range(2):
        run_id = client.post("/api/v1/screening-runs/", {}, format="json").json()["id"]
        wait_until(lambda r=run_id: _run_done(r), timeout=WAIT_SECONDS, message="run not done")
        body = client.get(f"/api/v1/screening-runs/{run_id}/").json()
        assert (body["progress"], body["evaluations_written"], body["verdicts_changed"]) == (
            100,
            0,
            0,
        )
    # Nothing new but the two runs' start and finish events.
    assert row_counts() == {**before, "audit": before["audit"] + 4}


class _WritesHeld:
    """Every write to the test database held by another connection: a worker that reaches its
    first write waits there, inside its transaction, until `release()`. `worker_waits()` says
    when one does (PostgreSQL shows the waiting lock; SQLite cannot, so a received chunk, which
    cannot get past its first write, stands for it)."""

    def __init__(self, log: Path) -> None:
        from django.db import connection

        self.log = log
        self.vendor = connection.vendor
        params = connection.settings_dict
        if self.vendor == "postgresql":
            import psycopg

            self.side = psycopg.connect(
                dbname=params["NAME"],
                user=params.get("USER") or None,
                password=params.get("PASSWORD") or None,
                host=params.get("HOST") or "127.0.0.1",
                port=params.get("PORT") or 5432,
                autocommit=True,
            )
            self.side.execute("BEGIN")
            self.side.execute("LOCK TABLE audit_auditevent IN SHARE ROW EXCLUSIVE MODE")
            self.watch = psycopg.connect(
                dbname=params["NAME"],
                user=params.get("USER") or None,
                password=params.get("PASSWORD") or None,
                host=params.get("HOST") or "127.0.0.1",
                port=params.get("PORT") or 5432,
                autocommit=True,
            )
        else:
            import sqlite3

            self.side = sqlite3.connect(params["NAME"], isolation_level=None)
            self.side.execute("BEGIN IMMEDIATE")

    def worker_waits(self) -> bool:
        if self.vendor == "postgresql":
            row = self.watch.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'audit_auditevent' AND NOT l.granted"
            ).fetchone()
            return bool(row and row[0])
        return b"screening.rescreen_chunk" in self.log.read_bytes()

    def release(self) -> None:
        self.side.execute("ROLLBACK")
        self.side.close()
        if self.vendor == "postgresql":
            self.watch.close()


@pytest.mark.worker
def test_a_worker_killed_mid_run_leaves_work_another_worker_finishes(workers, tmp_path):
    # Given 30 participants screened under a 2,000,000 MAD cap (each breaches once),
    version = in_force()
    _declare_for(30)
    # As if never screened: the run has real work to do.
    Evaluation.objects.all().delete()
    Coverage.objects.all().delete()
    Flag.objects.all().delete()
    # Publishing the version queued a re-screening of everyone; drop it so only this run works.
    producer().control.purge()
    # when a run of one participant per chunk starts while every write is held, so its worker
    # stops inside its first chunk's transaction (no race with the chunk's end),
    run = screening_run_start(
        actor=None, reason="test", rulebook_version=version, participants_per_chunk=1
    )
    held = _WritesHeld(tmp_path / "first.log")
    first = start_worker(tmp_path / "first.log")
    workers.append(first)
    wait_until(
        held.worker_waits,
        timeout=WAIT_SECONDS,
        message=(tmp_path / "first.log").read_text(errors="replace")[-3000:],
    )
    # and that worker is killed there,
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    held.release()
    # nothing of its chunk is committed,
    killed = ScreeningRun.objects.get(pk=run.pk)
    assert killed.chunks_done == 0
    assert killed.status in {JobStatus.QUEUED, JobStatus.RUNNING}
    assert Coverage.objects.count() == 0
    # then another worker, with the stalled chunks re-sent, finishes it,
    workers.append(start_worker(tmp_path / "second.log"))
    assert screening_runs_resume(stale_after=timedelta(0)) <= 30
    wait_until(
        lambda: _run_done(run.pk),
        timeout=WAIT_SECONDS,
        message=(tmp_path / "second.log").read_text(errors="replace")[-3000:],
    )
    # with exactly one coverage run per participant, one stored evaluation and one flag per
    # breach, no duplicates.
    done = ScreeningRun.objects.get(pk=run.pk)
    assert (done.chunks_done, done.chunks_total, done.evaluations_written) == (30, 30, 60)
    assert Coverage.objects.count() == 30
    assert Evaluation.objects.count() == 30
    assert Evaluation.objects.filter(verdict="breach").count() == 30
    assert Flag.objects.count() == 30
