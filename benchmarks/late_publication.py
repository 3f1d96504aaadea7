"""Benchmark: a late Bank Al-Maghrib publication applied to 1,000,000 stored declarations, 100,000
of which it re-converts; the per-declaration path timed on a sample in the same run.

    .venv/bin/python benchmarks/late_publication.py [--size 1000000] [--sample 20]

SQLite file in a temporary FXS_DATA_DIR by default; PostgreSQL when DATABASE_URL names an empty
database. A real `celery worker` (prefork, two processes, as the run command starts it) consumes
the broker: the throwaway filesystem broker in that directory, or Redis when CELERY_BROKER_URL is
set (its queue is purged first).

The scene, as in the issue's own example: Bank Al-Maghrib's rates of Thursday 26 March 2026 are
stored, then Monday 30 March's arrive without Friday 27's, which confirms Friday as a day without
publication. Every participant (`--size` / 200 of them) has 180 card payments in dirhams from
1 January to 26 March, and 20 card payments in euros on Friday 27 and Saturday 28 March (a tenth of
all declarations), carried forward from Thursday's rate; every tenth participant also has a large
payment in euros on Sunday 29 March that keeps its year just under the 2,000,000 MAD card cap in
force at Thursday's rate. Everything is screened against the rules in force and a proposal
trialled by every participant (untimed), and the rows are analysed as the autovacuum does after
a bulk load. Then Friday's file arrives late, its euro rate 1 % above Thursday's.

- Set-based (timed, from storing the file until the last chunk is done): the file stored by
  `rate_payload_ingest` (the import's path); the worker takes the event and runs
  `processing_rates_published`: set-based statements re-converting every declaration the file
  changes and keeping their verdicts before, in waves of two chunks of participants, each wave
  starting a re-screening run over its participant-years (every participant's year: a million
  declarations at full size) as soon as it commits; the chunks of 250 participants are shared by
  both worker processes, each re-screening its participants and recording their re-conversions
  (old and new rate, amount and verdicts), notifications and cases.
- Per declaration (timed on a sample, extrapolated to every re-converted declaration, said so
  below): what one task per declaration would do — read it, look up its rate with
  `lookup.rate_of_date`, rewrite its conversion and rate rows, audit it, and screen its
  participant's year with `screening_after_processing` — in a transaction rolled back afterwards,
  before the set-based path runs.

Checked exactly: every euro payment re-converted at Friday's rate (the Saturday ones carried
forward from Friday now), one audit event each, the breaches under the rules in force exactly
the planted Sunday payments (none before), and a second delivery changes nothing.
Target (issue 15, item 5): <= 30 s on PostgreSQL at 1,000,000 declarations (scaled with --size).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.workdir import django_in_workdir

WORKDIR = django_in_workdir("fxs-late-publication-bench-")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.accounts.models import Organisation  # noqa: E402
from backend.audit.models import AuditEvent  # noqa: E402
from backend.audit.services import audit_record  # noqa: E402
from backend.common.bulk import db_uuids, raw_insert  # noqa: E402
from backend.declarations.models import Declaration, DeclarationStatus  # noqa: E402
from backend.declarations.search import references_indexed_in_bulk  # noqa: E402
from backend.notifications.models import Notification  # noqa: E402
from backend.processing.rates import processing_rates_published  # noqa: E402
from backend.rates.lookup import rate_of_date  # noqa: E402
from backend.rates.models import (  # noqa: E402
    Conversion,
    HeldReconversion,
    NonPublicationDay,
    RatePayload,
    RateRow,
)
from backend.rates.money import mad_amount  # noqa: E402
from backend.rates.services.storage import rate_payload_ingest  # noqa: E402
from backend.screening.models import (  # noqa: E402
    Finding,
    JobStatus,
    ScreeningRun,
    ScreeningRunChunk,
    VerdictChange,
)
from backend.screening.services.runs import screening_run_chunk, screening_run_start  # noqa: E402
from backend.screening.services.screening import screening_after_processing  # noqa: E402
from benchmarks.generate import (  # noqa: E402
    YEAR_START,
    Shape,
    cached_prep,
    participants_generate,
    prepared_columns,
    settle_bulk_load,
)
from benchmarks.worker import start_worker  # noqa: E402
from tests.celery_worker import stop_worker  # noqa: E402
from tests.factories import make_user  # noqa: E402
from tests.integration.screening.helpers import cohort, in_force, proposal  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "rates"
THURSDAY_FILE = "bam_CoursVirement_2026-03-26.json"
THURSDAY, FRIDAY, SATURDAY, SUNDAY, MONDAY = (date(2026, 3, d) for d in (26, 27, 28, 29, 30))
# Friday's euro rate arrives 1 % above Thursday's.
FRIDAY_EUR_SCALE = Decimal("1.01")
PER_PARTICIPANT = 200
# Of each participant's payments: dirham ones before Friday, and euro ones on Friday and Saturday
# (a tenth of all declarations: the ones the late file re-converts).
DIRHAM_PAYMENTS, EURO_PAYMENTS = 180, 20
DIRHAM_MAD = Decimal("1000.00")
EURO_EUR = Decimal("100.00")
# Every tenth participant's year ends, on Sunday, just under the cap at Thursday's rate.
PLANTED_EVERY = 10
CAP_MAD = Decimal("2000000.00")
PROPOSAL_CAP_MAD = "4000000.00"
SHAPE = Shape()
INSERT_BATCH = 100_000
SCREENING_CHUNK = 500
TARGET_SECONDS = 30.0
# How long the worker may take before the run is called stuck.
WAIT_SECONDS = 1800.0
FULL_SIZE = 1_000_000
CENT = Decimal("0.01")


def bam_file(on: date, *, eur_scale: Decimal = Decimal(1)) -> bytes:
    """Thursday's recorded answer moved to another publication day (the euro optionally
    scaled), as a late or back-filled file would read."""
    records = json.loads((FIXTURES / THURSDAY_FILE).read_bytes(), parse_float=Decimal)
    for record in records:
        record["date"] = f"{on.isoformat()}T12:30:00"
        if record["libDevise"] == "EUR":
            record["moyen"] = record["moyen"] * eur_scale
    return json.dumps(records, default=str).encode()


def publish(body: bytes, filename: str) -> Any:
    """Store a file through the import's service and apply it as the worker would."""
    with transaction.atomic():
        payload = rate_payload_ingest(
            payload_format="bam", body=body, origin="file", filename=filename
        ).payload
    processing_rates_published(payload_id=payload.pk)
    return payload


def euro_rate(on: date) -> RateRow:
    return RateRow.objects.filter(source="bam", currency="EUR", published_on=on).latest("revision")


def year_total(rate: Decimal, planted: Decimal) -> Decimal:
    """A planted participant's year in MAD at `rate`, each payment converted on its own."""
    euros = EURO_PAYMENTS * mad_amount(EURO_EUR, rate) + mad_amount(planted, rate)
    return DIRHAM_PAYMENTS * DIRHAM_MAD + euros


def planted_eur(thursday: Decimal, friday: Decimal) -> Decimal:
    """A Sunday payment in euros that keeps the year under the cap at Thursday's rate and takes
    it over at Friday's."""
    middle = (thursday + friday) / 2
    euros = ((CAP_MAD - DIRHAM_PAYMENTS * DIRHAM_MAD) / middle).quantize(CENT)
    euros -= EURO_PAYMENTS * EURO_EUR
    assert year_total(thursday, euros) < CAP_MAD < year_total(friday, euros)
    return euros


def declarations_generate(orgs: list[Organisation], thursday: RateRow) -> tuple[set[str], int]:
    """Each participant's dirham and euro payments, converted and stored in bulk (the euro ones
    carried forward from Thursday's rate, linked to its row); (planted ids, euro payments)."""
    now = timezone.now()
    author = make_user(role="startup", username="bench-author")
    decl_columns, decl_template = prepared_columns(
        Declaration,
        Declaration(
            organisation=orgs[0],
            created_by=author,
            reference="",
            direction="outgoing",
            category="SAAS_CLOUD",
            channel="card",
            amount=DIRHAM_MAD,
            currency="MAD",
            value_date=YEAR_START,
            counterparty_name="Example Cloud Ltd",
            counterparty_country="IE",
            status=DeclarationStatus.CONVERTED,
            created_at=now,
            updated_at=now,
        ),
    )
    conv_columns, conv_template = prepared_columns(
        Conversion,
        Conversion(
            declaration_id=uuid.uuid4(),
            amount_mad=DIRHAM_MAD,
            mad_per_unit=Decimal(1),
            rate_date=YEAR_START,
            source="identity",
            method="official",
            converted_at=now,
        ),
    )
    prep = {name: cached_prep(Declaration, name) for name in ("id", "amount", "value_date")}
    prep_mad = cached_prep(Conversion, "amount_mad")
    prep_rate = cached_prep(Conversion, "mad_per_unit")
    prep_rate_day = cached_prep(Conversion, "rate_date")
    prep_created = cached_prep(Declaration, "created_at")
    rate = thursday.per_unit
    planted_amount = planted_eur(rate, rate * FRIDAY_EUR_SCALE)
    euro_conv = {
        "mad_per_unit": prep_rate(rate),
        "rate_date": prep_rate_day(THURSDAY),
        "source": "bam",
        "method": "carried_forward",
    }
    span = (THURSDAY - YEAR_START).days
    planted: set[str] = set()
    rows: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    euros = 0

    def add(org_db: Any, n: int, k: int, day: date, amount: Decimal, currency: str) -> str:
        pk = uuid.uuid4()
        decl = dict(
            decl_template,
            id=prep["id"](pk),
            organisation_id=org_db,
            reference=f"L{n}-{k}",
            amount=prep["amount"](amount),
            currency=currency,
            value_date=prep["value_date"](day),
            # The Sunday payment is each year's last.
            created_at=prep_created(now + timedelta(seconds=1 if day == SUNDAY else 0)),
        )
        rows[0].append(tuple(decl[c] for c in decl_columns))
        conv = dict(conv_template, id=prep["id"](uuid.uuid4()), declaration_id=decl["id"])
        if currency == "MAD":
            conv.update(amount_mad=prep_mad(amount), rate_date=prep_rate_day(day))
        else:
            conv.update(euro_conv, amount_mad=prep_mad(mad_amount(amount, rate)))
            rows[2].append(conv["id"])
        rows[1].append(tuple(conv[c] for c in conv_columns))
        return str(pk)

    def flush() -> None:
        through = Conversion.rate_rows.through
        with transaction.atomic(), references_indexed_in_bulk():
            raw_insert(Declaration, decl_columns, rows[0])
            raw_insert(Conversion, conv_columns, rows[1])
            row_db = db_uuids([str(thursday.pk)])[0]
            raw_insert(through, ["conversion_id", "raterow_id"], [(c, row_db) for c in rows[2]])
        for part in rows:
            part.clear()

    for n, org in enumerate(orgs):
        org_db = prep["id"](org.pk)
        for k in range(DIRHAM_PAYMENTS):
            add(
                org_db,
                n,
                k,
                YEAR_START + timedelta(days=(k * span) // DIRHAM_PAYMENTS),
                DIRHAM_MAD,
                "MAD",
            )
        for k in range(EURO_PAYMENTS):
            add(org_db, n, DIRHAM_PAYMENTS + k, FRIDAY if k % 2 == 0 else SATURDAY, EURO_EUR, "EUR")
            euros += 1
        if n % PLANTED_EVERY == 0:
            planted.add(add(org_db, n, PER_PARTICIPANT, SUNDAY, planted_amount, "EUR"))
            euros += 1
        if len(rows[0]) >= INSERT_BATCH:
            flush()
    flush()
    return planted, euros


def screen_everyone() -> float:
    """Every participant's year screened through the re-screening run's chunks (setup)."""
    started = time.perf_counter()
    run = screening_run_start(
        actor=None,
        reason="benchmark setup",
        since=YEAR_START,
        participants_per_chunk=SCREENING_CHUNK,
    )
    for chunk_id in ScreeningRunChunk.objects.filter(run=run).values_list("pk", flat=True):
        screening_run_chunk(chunk_id=chunk_id)
    run.refresh_from_db()
    if run.status != JobStatus.DONE:
        sys.exit(f"setup screening not done: {run.chunks_done} of {run.chunks_total} chunks")
    return time.perf_counter() - started


def in_force_breaches(version_id: str) -> set[str]:
    return {
        str(d)
        for d in Finding.objects.filter(
            evaluation__is_current=True,
            evaluation__rulebook_version_id=version_id,
            outcome="breach",
        ).values_list("evaluation__declaration_id", flat=True)
    }


def checks(reconverted: int, euros: int, planted: set[str], in_force_id: str) -> bool:
    """Every euro payment at Friday's rate (Friday's official, the weekend's carried forward from
    Friday) with its amount, one audit event each, and the planted years now over the cap."""
    rate = euro_rate(FRIDAY).per_unit
    moved = Conversion.objects.filter(
        declaration__currency="EUR", source="bam", rate_date=FRIDAY, mad_per_unit=rate
    )
    fridays = moved.filter(declaration__value_date=FRIDAY, method="official").count()
    weekend = moved.exclude(declaration__value_date=FRIDAY).filter(method="carried_forward")
    events = AuditEvent.objects.filter(action="declaration.reconverted")
    ordinary = moved.filter(declaration__amount=EURO_EUR, amount_mad=mad_amount(EURO_EUR, rate))
    found = {
        "re-converted": reconverted,
        "at Friday's rate": moved.count(),
        "Friday's and the weekend's": fridays + weekend.count(),
        "ordinary amounts": ordinary.count() + len(planted),
        "audit events": events.count(),
        "audit events with verdicts after": events.exclude(after__verdicts=[]).count(),
    }
    wrong = {what: count for what, count in found.items() if count != euros}
    if wrong:
        print(f"expected {euros:,} each, found {wrong}")
    breaches = in_force_breaches(in_force_id)
    if breaches != planted:
        print(f"breaches: {len(breaches):,} found, {len(planted):,} planted")
    return not wrong and breaches == planted


class Rollback(Exception):
    """Undoes the per-declaration sample once it is timed."""


def per_declaration(sample: list[str]) -> float:
    """Seconds per declaration of the one-task-per-declaration path, its writes rolled back."""
    elapsed = 0.0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            for pk in sample:
                with transaction.atomic():
                    declaration = Declaration.objects.select_related("conversion").get(pk=pk)
                    answer = rate_of_date(currency=declaration.currency, on=declaration.value_date)
                    assert answer is not None
                    conversion = declaration.conversion
                    before = {
                        "rate": str(conversion.mad_per_unit),
                        "rate_date": str(conversion.rate_date),
                    }
                    conversion.mad_per_unit = answer.mad_per_unit
                    conversion.rate_date = answer.rate_date
                    conversion.source = answer.source
                    conversion.method = answer.method
                    conversion.amount_mad = mad_amount(declaration.amount, answer.mad_per_unit)
                    conversion.converted_at = timezone.now()
                    conversion.save()
                    conversion.rate_rows.set(list(answer.row_ids))
                    audit_record(
                        actor=None,
                        actor_username="system:rates",
                        action="declaration.reconverted",
                        obj=declaration,
                        organisation=declaration.organisation,
                        before=before,
                        after={
                            "rate": str(answer.mad_per_unit),
                            "rate_date": str(answer.rate_date),
                        },
                    )
                    screening_after_processing(declaration_ids=[pk])
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed / len(sample)


def wait_applied(payload_id: Any, worker: subprocess.Popen[bytes]) -> list[ScreeningRun]:
    """Until the worker has applied the payload and every chunk of its re-screening is done
    with its records (no re-conversion still kept); the runs it started."""
    deadline = time.monotonic() + WAIT_SECONDS
    payload = RatePayload.objects.filter(pk=payload_id, applied_at__isnull=False)
    runs = ScreeningRun.objects.filter(reason="rates published")
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            sys.exit("the worker exited")
        if (
            payload.exists()
            and not runs.exclude(status=JobStatus.DONE).exists()
            and not HeldReconversion.objects.exists()
        ):
            return list(runs)
        time.sleep(0.05)
    log = (WORKDIR / "worker.log").read_text(errors="replace")[-3000:]
    sys.exit(f"not applied within {WAIT_SECONDS:.0f} s\n{log}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=FULL_SIZE, help="declarations stored")
    parser.add_argument("--sample", type=int, default=20, help="per-declaration sample")
    args = parser.parse_args()
    participants = max(args.size // PER_PARTICIPANT, 1)
    call_command("migrate", verbosity=0)
    if Declaration.objects.exists():
        sys.exit("the benchmark needs an empty database (drop and recreate it)")

    t0 = time.perf_counter()
    with transaction.atomic():
        rules = in_force(str(CAP_MAD))
        trial = proposal(PROPOSAL_CAP_MAD)
    publish(bam_file(THURSDAY), "thursday.json")
    publish(bam_file(MONDAY), "monday.json")
    if not NonPublicationDay.objects.filter(source="bam", day=FRIDAY).exists():
        sys.exit("Monday's file did not confirm Friday as a day without publication")
    orgs = participants_generate(participants, SHAPE)
    cohort(trial, orgs)
    planted, euros = declarations_generate(orgs, euro_rate(THURSDAY))
    total = Declaration.objects.count()
    print(f"database: {connection.vendor}; {participants:,} participants")
    print(
        f"stored {total:,} declarations ({euros:,} in euros carried forward from Thursday) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    print(f"setup screening of every year: {screen_everyone():.1f} s")
    settle_bulk_load()
    if in_force_breaches(str(rules.pk)):
        sys.exit("breaches before the late publication: the planted years should be within the cap")

    late = bam_file(FRIDAY, eur_scale=FRIDAY_EUR_SCALE)
    affected = list(
        Declaration.objects.filter(currency="EUR")
        .order_by("?")
        .values_list("pk", flat=True)[: args.sample]
    )
    each = per_declaration([str(pk) for pk in affected])

    told_before = Notification.objects.count()
    worker = start_worker(WORKDIR)
    load_before = os.getloadavg()
    try:
        started = time.perf_counter()
        started_at = timezone.now()
        with transaction.atomic():
            payload = rate_payload_ingest(
                payload_format="bam", body=late, origin="file", filename="friday-late.json"
            ).payload
        stored = time.perf_counter() - started
        runs = wait_applied(payload.pk, worker)
        set_based = time.perf_counter() - started
    finally:
        stop_worker(worker)
    reconverted = AuditEvent.objects.filter(action="declaration.reconverted").count()
    participants = sum(run.participants for run in runs)
    chunks = sum(run.chunks_total for run in runs)
    first_chunk = ScreeningRunChunk.objects.filter(run__in=runs).aggregate(t=Min("started_at"))["t"]
    handed_over = (first_chunk - started_at).total_seconds() if first_chunk else set_based
    screened_in = [
        (done - began).total_seconds()
        for began, done in ScreeningRunChunk.objects.filter(run__in=runs).values_list(
            "started_at", "finished_at"
        )
    ]
    changed = VerdictChange.objects.filter(run__in=runs).count()
    notified = Notification.objects.count() - told_before

    exact = checks(reconverted, euros, planted, str(rules.pk))
    again = processing_rates_published(payload_id=payload.pk)
    projected = each * reconverted
    ratio = projected / set_based
    target = TARGET_SECONDS * total / FULL_SIZE
    print(
        f"set-based: {set_based:.2f} s ({stored:.2f} s storing the file, "
        f"{set_based - stored:.2f} s applying it with the worker): {reconverted:,} re-converted, "
        f"{participants:,} participant-years re-screened in {chunks:,} chunks, "
        f"{changed:,} verdicts changed, {notified:,} notifications; the first chunk started "
        f"{handed_over:.2f} s after the clock (the file stored, the event taken, the re-conversion "
        f"and the hand-over); each chunk screened in {min(screened_in, default=0):.2f}–"
        f"{max(screened_in, default=0):.2f} s"
    )
    print(
        f"per declaration: {each * 1000:.1f} ms each, measured on {len(affected)} declarations and "
        f"extrapolated to the {reconverted:,} re-converted: {projected:,.0f} s projected"
    )
    print(f"ratio: {ratio:,.1f}x; peak memory {peak_mb():,.0f} MB")
    print(
        "load average (1, 5, 15 min) of the machine: "
        f"{' '.join(f'{x:.2f}' for x in load_before)} at the clock's start, "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at its end"
    )
    print(
        f"checks: re-conversions, audit and breaches exact: {'yes' if exact else 'NO'}; "
        f"second delivery changes nothing: {'yes' if again is None else 'NO'}"
    )
    print(f"target <= {target:.1f} s for {total:,} declarations: {verdict(set_based <= target)}")
    return 0 if exact and again is None else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
    sys.exit(code)
