"""Screening database to database: generated declarations bulk-inserted, screened against both
rulebooks through the real screening service (the path each `screening.rescreen_chunk` task
runs), checked against planted breaches exactly, then timed against a per-declaration baseline.

    .venv/bin/python benchmarks/screening_db.py [--participants 5000] [--per-participant 200]

SQLite file in a temporary FXS_DATA_DIR by default; PostgreSQL when DATABASE_URL is set. The
generated rows are analysed before timing, as the autovacuum does after a bulk load.
Targets (issue 5, item 10): batch <= 15 s for 1,000,000 declarations, >= 50x the baseline,
peak memory <= 1.5 GB. A second run of the same job must write nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sys
import time
from decimal import Decimal

from benchmarks.workdir import django_in_workdir

WORKDIR = django_in_workdir("fxs-screening-bench-")

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, connections, transaction  # noqa: E402

from backend.accounts.models import Organisation, ParticipantProfile  # noqa: E402
from backend.declarations.models import Declaration  # noqa: E402
from backend.screening.models import (  # noqa: E402
    Evaluation,
    Finding,
    Flag,
    JobStatus,
    ScreeningRunChunk,
)
from backend.screening.services.runs import screening_run_chunk, screening_run_start  # noqa: E402
from backend.screening.services.screening import screening_after_processing  # noqa: E402
from benchmarks.generate import (  # noqa: E402
    YEAR_START,
    Shape,
    declarations_generate,
    participants_generate,
    settle_bulk_load,
)
from tests.integration.screening.helpers import cohort, in_force, proposal  # noqa: E402

IN_FORCE_CAP = "2000000.00"
PROPOSAL_CAP = "4000000.00"
# Ordinary payments keep every participant far below both caps over the year; one planted
# payment on the last day tips every tenth participant over the in-force cap only.
SHAPE = Shape(ordinary_mad=Decimal("1000.00"), planted_mad=Decimal("2500000.00"), planted_every=10)
# Participants per chunk task; the two worker processes stand for the two cores.
CHUNK = 500
WORKERS = 2
# As the chunk task's autoretry_for=(OperationalError,), max_retries=5.
CHUNK_RETRIES = 5
BASELINE_SAMPLE = 50
TARGET_SECONDS = 15.0
TARGET_RATIO = 50.0
TARGET_PEAK_MB = 1536


def peak_mb() -> float:
    """Peak resident memory of this process or its largest worker child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def generate(participants: int, per_participant: int) -> set[str]:
    """Organisations, profiles and converted declarations; the planted declaration ids."""
    orgs = participants_generate(participants, SHAPE)
    _, planted = declarations_generate(orgs, per_participant, SHAPE)
    return planted


def check(planted: set[str], in_force_id: str, proposal_id: str) -> None:
    """Findings must be exactly the planted breaches (in force), none under the proposal."""
    breaches = set(
        Finding.objects.filter(evaluation__is_current=True, outcome="breach").values_list(
            "evaluation__declaration_id", "evaluation__rulebook_version_id"
        )
    )
    got = {(str(d), str(v)) for d, v in breaches}
    want = {(d, in_force_id) for d in planted}
    if got != want:
        sys.exit(
            f"findings differ from the planted breaches: {len(got)} found, {len(want)} planted"
        )
    others = Finding.objects.exclude(outcome="breach").count()
    if others:
        sys.exit(f"{others} unexpected non-breach findings")
    # Every participant is in the cohort: its proposal governs and raises the flags, so the
    # in-force breaches are evidence only and no flag opens.
    flags = Flag.objects.count()
    if flags != 0:
        sys.exit(f"{flags} flags where the governing proposal is never breached")
    del proposal_id


def _run_chunks(chunk_ids: list[int]) -> None:
    """One worker process's share of a run: the chunk task's service, chunk by chunk, retried
    on OperationalError like the task (SQLite: a writer that waited out the busy timeout)."""
    for chunk_id in chunk_ids:
        for attempt in range(CHUNK_RETRIES + 1):
            try:
                screening_run_chunk(chunk_id=chunk_id)
                break
            except OperationalError:
                if attempt == CHUNK_RETRIES:
                    raise


def run_job(workers: int) -> tuple[float, int]:
    """A re-screening run of every participant, its chunks spread over `workers` processes the
    way the Celery workers take them; (seconds, evaluations written)."""
    t0 = time.perf_counter()
    run = screening_run_start(
        actor=None, reason="benchmark", since=YEAR_START, participants_per_chunk=CHUNK
    )
    chunk_ids = list(ScreeningRunChunk.objects.filter(run=run).values_list("pk", flat=True))
    # Forked children must open their own database connections.
    connections.close_all()
    if workers <= 1:
        _run_chunks(chunk_ids)
    else:
        context = multiprocessing.get_context("fork")
        processes = [
            context.Process(target=_run_chunks, args=(chunk_ids[i::workers],))
            for i in range(workers)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
            if process.exitcode != 0:
                sys.exit(f"a chunk worker failed with exit code {process.exitcode}")
    seconds = time.perf_counter() - t0
    run.refresh_from_db()
    if run.status != JobStatus.DONE:
        sys.exit(f"run not done: {run.chunks_done} of {run.chunks_total} chunks")
    return seconds, run.evaluations_written


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--per-participant", type=int, default=200)
    parser.add_argument("--workers", type=int, default=WORKERS)
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        if Declaration.objects.exists():
            # Counts and planted expectations assume the generated data only.
            sys.exit("the benchmark needs an empty database (drop and recreate it)")
        with transaction.atomic():
            in_force_version = in_force(IN_FORCE_CAP)
            trial = proposal(PROPOSAL_CAP)
        t0 = time.perf_counter()
        planted = generate(args.participants, args.per_participant)
        ids = [str(p) for p in ParticipantProfile.objects.values_list("organisation_id", flat=True)]
        cohort(trial, list(Organisation.objects.filter(pk__in=ids)))
        total = Declaration.objects.count()
        elapsed = time.perf_counter() - t0
        print(f"database: {connection.vendor}; {args.workers} worker processes")
        print(f"inserted {total:,} declarations for {len(ids):,} participants in {elapsed:.1f} s")
        settle_bulk_load()

        batch, written_first = run_job(args.workers)
        check(planted, str(in_force_version.pk), str(trial.pk))
        evaluations = Evaluation.objects.count()
        print(
            f"batch: {batch:.2f} s, {total / batch:,.0f} declarations/s, "
            f"{evaluations:,} evaluations ({written_first:,} written), "
            f"findings match the {len(planted):,} planted breaches"
        )

        counts = (Evaluation.objects.count(), Finding.objects.count(), Flag.objects.count())
        again_seconds, written = run_job(args.workers)
        again = (Evaluation.objects.count(), Finding.objects.count(), Flag.objects.count())
        unchanged = written == 0 and again == counts
        print(
            f"second run: {again_seconds:.2f} s, {written} evaluations written, "
            f"rows {'unchanged' if again == counts else 'CHANGED'}"
        )

        sample = list(
            Declaration.objects.order_by("?").values_list("pk", flat=True)[:BASELINE_SAMPLE]
        )
        t0 = time.perf_counter()
        for pk in sample:
            screening_after_processing(declaration_ids=[pk])
        per_declaration = (time.perf_counter() - t0) / len(sample)
        baseline = per_declaration * total
        ratio = baseline / batch
        peak = peak_mb()
        print(
            f"baseline: {per_declaration * 1000:.1f} ms per declaration "
            f"({1 / per_declaration:,.1f} declarations/s), "
            f"{baseline:,.0f} s projected for {total:,}"
        )
        print(f"ratio: {ratio:.1f}x; peak memory {peak:,.0f} MB (largest process)")
        print(f"target batch <= {TARGET_SECONDS:.0f} s: {verdict(batch <= TARGET_SECONDS)}")
        print(f"target ratio >= {TARGET_RATIO:.0f}x: {verdict(ratio >= TARGET_RATIO)}")
        print(f"target peak <= {TARGET_PEAK_MB} MB: {verdict(peak <= TARGET_PEAK_MB)}")
        print(f"target second run writes nothing: {verdict(unchanged)}")
        return 0 if unchanged else 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
