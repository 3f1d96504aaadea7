"""Benchmark: import a generated 100,000-row CSV through the real import path; a sample per row.

Run: `.venv/bin/python benchmarks/import_declarations.py [--rows 100000] [--sample 2000]`.

Both paths write to a throwaway SQLite database (created and migrated in a temporary directory,
removed at the end), or to the PostgreSQL database `DATABASE_URL` names (an empty one: the
benchmark migrates it and leaves its rows); the broker is the embedded filesystem one in the
temporary directory.

- Import path: `declaration_import_start` (limits, header, storage) then `declaration_import_run`
  (pandas parse, vectorised checks, duplicate lookup, chunked set-based insert, audit, hand-off),
  exactly what the upload endpoint and the `declarations.run_import` task do.
- Per row: what a naive importer would do, each row through `DeclarationInputSerializer` and
  `declaration_create` (its duplicate check, insert, audit event and hand-off).

Both paths must accept every row of their input. Targets (issue 3, item 9): 100,000 rows in
<= 5 s on 2 cores, >= 10x the per-row path.
"""

import argparse
import csv
import io
import random
import shutil
import sys
import time
from datetime import date, timedelta

from benchmarks.workdir import django_in_workdir

WORKDIR = django_in_workdir("fxs-bench-import-")

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from backend.declarations.bulk.columns import COLUMNS  # noqa: E402
from backend.declarations.models import Declaration  # noqa: E402
from backend.declarations.serializers import DeclarationInputSerializer  # noqa: E402
from backend.declarations.services.declarations import (  # noqa: E402
    DeclarationChanges,
    declaration_create,
)
from backend.declarations.services.imports import (  # noqa: E402
    declaration_import_run,
    declaration_import_start,
)
from tests.factories import make_organisation, make_user  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_RATIO = 10.0
SEED = 20260325
CURRENCIES = [("EUR", 2), ("USD", 2), ("GBP", 2), ("JPY", 0), ("KWD", 3), ("MAD", 2)]
CATEGORIES = ["SAAS_CLOUD", "DIGITAL_ADS", "FREELANCE_DEV", "TELECOM", "DATA_INFO", "RND"]
COUNTRIES = ["IE", "FR", "US", "DE", "GB", "JP", "NL", "ES"]


def generate_rows(count: int, prefix: str) -> list[dict[str, str]]:
    """Valid declarations spread over 2025, in every supported currency precision."""
    rng = random.Random(SEED)
    start = date(2025, 1, 1)
    rows = []
    for n in range(count):
        currency, places = rng.choice(CURRENCIES)
        minor = rng.randint(1, 10**8)
        amount = f"{minor / 10**places:.{places}f}" if places else str(minor)
        rows.append(
            {
                "reference": f"{prefix}-{n:07d}",
                "direction": "outgoing",
                "category": rng.choice(CATEGORIES),
                "channel": rng.choice(["card", "transfer"]),
                "amount": amount,
                "currency": currency,
                "value_date": (start + timedelta(days=rng.randint(0, 364))).isoformat(),
                "counterparty_name": f"Supplier {rng.randint(1, 5000)}",
                "counterparty_country": rng.choice(COUNTRIES),
                "description": "Generated for the import benchmark",
                "service_performance_date": "",
                "expected_repatriation_date": "",
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def bench_import(user, content: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    job = declaration_import_start(
        actor=user,
        organisation=user.membership.organisation,
        upload=SimpleUploadedFile("bench.csv", content),
        dry_run=False,
    )
    job = declaration_import_run(import_id=job.pk)
    elapsed = time.perf_counter() - started
    assert job is not None, "the job vanished"
    assert job.status == "done", job.failure_detail
    assert (job.errors, job.duplicates) == (0, 0), job.report[:3]
    return elapsed, job.created


def bench_per_row(user, rows: list[dict[str, str]]) -> float:
    organisation = user.membership.organisation
    started = time.perf_counter()
    for row in rows:
        body = {
            "reference": row["reference"],
            "direction": row["direction"],
            "category": row["category"],
            "channel": row["channel"],
            "amount": {"amount": row["amount"], "currency": row["currency"]},
            "value_date": row["value_date"],
            "counterparty": {
                "name": row["counterparty_name"],
                "country": row["counterparty_country"],
            },
            "description": row["description"],
        }
        serializer = DeclarationInputSerializer(data=body)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            declaration_create(
                actor=user,
                organisation=organisation,
                reference=serializer.validated_data["reference"],
                changes=DeclarationChanges.from_validated(serializer.validated_data),
            )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        bulk_user = make_user(
            role="startup", organisation=make_organisation(name="Bench bulk"), username="bulk"
        )
        row_user = make_user(
            role="startup", organisation=make_organisation(name="Bench rows"), username="rows"
        )
        content = to_csv(generate_rows(args.rows, "BULK"))
        sample = generate_rows(args.sample, "ROW")

        bulk_seconds, created = bench_import(bulk_user, content)
        row_seconds = bench_per_row(row_user, sample)
        assert created == args.rows
        assert Declaration.objects.count() == args.rows + args.sample

        bulk_rate = args.rows / bulk_seconds
        row_rate = args.sample / row_seconds
        ratio = bulk_rate / row_rate
        print(f"file: {len(content) / 1e6:.1f} MB, {args.rows:,} rows")
        for label, rows, seconds, rate in (
            ("import path ", args.rows, bulk_seconds, bulk_rate),
            ("per-row path", args.sample, row_seconds, row_rate),
        ):
            print(f"{label}: {rows:>9,} rows in {seconds:6.2f} s = {rate:>10,.0f} rows/s")
        print(f"ratio       : {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x)")
        ok = bulk_seconds <= TARGET_SECONDS * args.rows / 100_000 and ratio >= TARGET_RATIO
        print("targets met" if ok else "TARGETS MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
