"""Screening database to database: generated declarations bulk-inserted, screened against both
rulebooks through the real screening service (the path each `screening.rescreen_chunk` task
runs), checked against planted breaches exactly, then timed against a per-declaration baseline.

    .venv/bin/python benchmarks/screening_db.py [--participants 5000] [--per-participant 200]

SQLite file in a temporary FXS_DATA_DIR by default; PostgreSQL when DATABASE_URL is set.
Targets (issue 5, item 10): batch <= 15 s for 1,000,000 declarations, >= 50x the baseline,
peak memory <= 1.5 GB. A second run of the same job must write nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

WORKDIR = Path(tempfile.mkdtemp(prefix="fxs-screening-bench-"))
os.environ["FXS_DATA_DIR"] = str(WORKDIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, connections, transaction  # noqa: E402
from django.db.models.fields import AutoFieldMixin  # noqa: E402

from backend.accounts.models import Organisation, ParticipantProfile  # noqa: E402
from backend.common.bulk import raw_insert  # noqa: E402
from backend.common.roles import OrganisationKind, Role  # noqa: E402
from backend.declarations.models import Declaration, DeclarationStatus  # noqa: E402
from backend.rates.models import Conversion  # noqa: E402
from backend.screening.models import (  # noqa: E402
    Evaluation,
    Finding,
    Flag,
    JobStatus,
    ScreeningRunChunk,
)
from backend.screening.services.runs import screening_run_chunk, screening_run_start  # noqa: E402
from backend.screening.services.screening import screening_after_processing  # noqa: E402
from tests.factories import make_user  # noqa: E402
from tests.integration.screening.helpers import cohort, in_force, proposal  # noqa: E402

YEAR_START = date(2026, 1, 1)
DAYS = 365
IN_FORCE_CAP = "2000000.00"
PROPOSAL_CAP = "4000000.00"
# Ordinary payments keep every participant far below both caps over the year.
ORDINARY_MAD = Decimal("1000.00")
# One planted payment on the last day tips every tenth participant over the in-force cap only.
PLANTED_MAD = Decimal("2500000.00")
PLANTED_EVERY = 10
# Participants per chunk task; the two worker processes stand for the two cores.
CHUNK = 500
WORKERS = 2
# As the chunk task's autoretry_for=(OperationalError,), max_retries=5.
CHUNK_RETRIES = 5
INSERT_BATCH = 5_000
# Generated declarations per raw insert transaction.
GENERATE_BATCH = 100_000
BASELINE_SAMPLE = 50
TARGET_SECONDS = 15.0
TARGET_RATIO = 50.0
TARGET_PEAK_MB = 1536


def peak_mb() -> float:
    """Peak resident memory of this process or its largest worker child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _prepared(model: type[Any], template: Any) -> tuple[list[str], dict[str, Any]]:
    """Database-ready values of every concrete column of a template instance (the defaults and
    constants shared by all generated rows), by attname, auto primary keys left out."""
    columns: list[str] = []
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, AutoFieldMixin):
            continue
        columns.append(f.attname)
        values[f.attname] = f.get_db_prep_save(f.pre_save(template, True), connection)
    return columns, values


def _cached_prep(model: type[Any], attname: str) -> Callable[[Any], Any]:
    field = model._meta.get_field(attname.removesuffix("_id"))
    seen: dict[Any, Any] = {}

    def prep(value: Any) -> Any:
        if value not in seen:
            seen[value] = field.get_db_prep_save(value, connection)
        return seen[value]

    return prep


def generate(participants: int, per_participant: int) -> set[str]:
    """Insert organisations, profiles, converted declarations; the planted declaration ids.

    Test data only: declarations and conversions go in through raw bulk inserts (the screening
    under test still reads and writes through its service path)."""
    now = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench {i:05d}", kind=OrganisationKind.STARTUP)
            for i in range(participants)
        ],
        batch_size=INSERT_BATCH,
    )
    ParticipantProfile.objects.bulk_create(
        [
            ParticipantProfile(
                organisation=o,
                labelled=True,
                labelled_on=date(2021, 1, 1),
                incorporated_on=date(2020, 1, 1),
                has_fx_account=False,
                tax_paid_last_fy=Decimal("0.00"),
                sector="software",
                region="Casablanca-Settat",
            )
            for o in orgs
        ],
        batch_size=INSERT_BATCH,
    )
    author = make_user(role=Role.STARTUP, username="bench-author")
    decl_columns, decl_template = _prepared(
        Declaration,
        Declaration(
            organisation=orgs[0],
            created_by=author,
            reference="",
            direction="outgoing",
            category="SAAS_CLOUD",
            channel="card",
            amount=ORDINARY_MAD,
            currency="MAD",
            value_date=YEAR_START,
            counterparty_name="Example Cloud Ltd",
            counterparty_country="IE",
            status=DeclarationStatus.CONVERTED,
            created_at=now,
            updated_at=now,
        ),
    )
    conv_columns, conv_template = _prepared(
        Conversion,
        Conversion(
            declaration_id=uuid.uuid4(),
            amount_mad=ORDINARY_MAD,
            mad_per_unit=Decimal(1),
            rate_date=YEAR_START,
            source="identity",
            method="official",
            converted_at=now,
        ),
    )
    prep_amount = _cached_prep(Declaration, "amount")
    prep_mad = _cached_prep(Conversion, "amount_mad")
    prep_day = _cached_prep(Declaration, "value_date")
    prep_rate_day = _cached_prep(Conversion, "rate_date")
    prep_uuid = _cached_prep(Declaration, "id")
    planted: set[str] = set()
    decl_rows: list[tuple[Any, ...]] = []
    conv_rows: list[tuple[Any, ...]] = []
    for n, org in enumerate(orgs):
        org_db = prep_uuid(org.pk)
        for k in range(per_participant):
            last = k == per_participant - 1 and n % PLANTED_EVERY == 0
            day = YEAR_START + timedelta(days=DAYS - 1 if last else (k * DAYS) // per_participant)
            amount = PLANTED_MAD if last else ORDINARY_MAD
            pk = uuid.uuid4()
            if last:
                planted.add(str(pk))
            decl = dict(
                decl_template,
                id=prep_uuid(pk),
                organisation_id=org_db,
                reference=f"B{n}-{k}",
                amount=prep_amount(amount),
                value_date=prep_day(day),
            )
            decl_rows.append(tuple(decl[c] for c in decl_columns))
            conv = dict(
                conv_template,
                id=prep_uuid(uuid.uuid4()),
                declaration_id=decl["id"],
                amount_mad=prep_mad(amount),
                rate_date=prep_rate_day(day),
            )
            conv_rows.append(tuple(conv[c] for c in conv_columns))
        if len(decl_rows) >= GENERATE_BATCH or n == len(orgs) - 1:
            with transaction.atomic():
                raw_insert(Declaration, decl_columns, decl_rows)
                raw_insert(Conversion, conv_columns, conv_rows)
            decl_rows, conv_rows = [], []
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
