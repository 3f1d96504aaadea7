"""Benchmark: impact measures over 1,000,000 stored declarations, database to answer, and a naive
ORM loop on a sample.

Run: `.venv/bin/python benchmarks/impact_measures.py [--participants 5000] [--per-participant 200]
[--repeat 5]`.

- Data: participants (six sectors, every cluster), their screened declarations over 2026
  (five categories, eight countries) and their stored verdicts — a verdict under the rules in
  force for every declaration, one under the sandbox proposal for the 60 % of participants in
  the cohort, stored as screening stores them (coverage runs, and an evaluation row for each
  verdict other than compliant) — bulk-inserted. The verdicts are generated (80 % compliant,
  17 % breach, 3 % needs review), not screened: the measures read stored verdicts, and screening
  has its own benchmark.
- Timed: `evidence_measures` for an advocate over the year, exactly what the measures endpoint
  answers: the reads of declarations, verdicts, profiles and reviews, allowance usage under both
  rulebooks (the engine's headroom on the facts of every participant), every measure, disclosure
  control and the payload. It runs `--repeat` times in this process, as a server process
  answers request after request; every run is printed and the median is held to the target
  (the first run also pays for a new process's first allocations and lazy imports).
- Naive: the way a per-row implementation would measure: one declaration at a time, its
  verdicts (the declaration API's read), conversion and profile through the ORM, counted in
  dictionaries, on `--sample` declarations; its per-row time is scaled to the whole population
  for the ratio.

A temporary SQLite database unless DATABASE_URL names an (empty) PostgreSQL one.
Targets (issue 7, item 6): <= 5 s for 1,000,000 declarations, >= 20x the naive loop.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from benchmarks.workdir import django_in_workdir

WORKDIR = django_in_workdir("fxs-bench-evidence-")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from backend.accounts.models import Cluster  # noqa: E402
from backend.common.roles import Role  # noqa: E402
from backend.declarations.models import Declaration, DeclarationStatus  # noqa: E402
from backend.evidence.frames import EvidenceFilters  # noqa: E402
from backend.evidence.measures import TOTAL  # noqa: E402
from backend.evidence.selectors import evidence_measures  # noqa: E402
from backend.screening.selectors import declaration_verdicts  # noqa: E402
from benchmarks.generate import Shape, settle_bulk_load, stored_verdicts_seed  # noqa: E402
from tests.factories import make_user  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_RATIO = 20.0
SEED = 20260325
SHAPE = Shape(
    ordinary_mad=Decimal("1000.00"),
    categories=("SAAS_CLOUD", "DIGITAL_ADS", "FREELANCE_DEV", "TELECOM", "DATA_INFO"),
    countries=("IE", "US", "FR", "DE", "GB", "NL", "ES", "AE"),
    sectors=("Logiciel", "Fintech", "E-commerce", "Santé", "Agritech", "Edtech"),
    clusters=tuple(Cluster.values),
    status=DeclarationStatus.SCREENED,
)
TRIALLED_SHARE = 0.6
VERDICTS = ("compliant", "breach", "needs_review")
VERDICT_WEIGHTS = (0.8, 0.17, 0.03)
YEAR = EvidenceFilters(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))


def seed(participants: int, per_participant: int) -> tuple[int, int]:
    """Participants, declarations and verdicts; (declarations, evaluations)."""
    _, ids, evaluations = stored_verdicts_seed(
        participants,
        per_participant,
        SHAPE,
        trialled_share=TRIALLED_SHARE,
        verdicts=VERDICTS,
        weights=VERDICT_WEIGHTS,
        seed=SEED,
    )
    return len(ids), evaluations


def naive(sample_ids: list[str]) -> float:
    """Per declaration through the ORM: its verdicts, conversion and profile."""
    started = time.perf_counter()
    cells: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, set(), 0])
    for declaration in Declaration.objects.filter(pk__in=sample_ids).order_by("value_date", "id"):
        verdicts = {
            v["rulebook"]["kind"]: v["verdict"]
            for v in declaration_verdicts(declaration=declaration)
        }
        profile = declaration.organisation.participant
        amount = declaration.conversion.amount_mad
        pair = (verdicts.get("in_force", "none"), verdicts.get("proposed", "none"))
        for key in (
            ("pair", str(pair)),
            ("cluster", profile.cluster),
            ("sector", profile.sector),
            ("category", declaration.category),
            ("country", declaration.counterparty_country),
            ("month", str(declaration.value_date)[:7]),
        ):
            cell = cells[key]
            cell[0] += 1
            cell[1].add(declaration.organisation_id)
            cell[2] += int(amount * 100)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--per-participant", type=int, default=200)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        if Declaration.objects.exists():
            sys.exit("the benchmark needs an empty database (drop and recreate it)")
        started = time.perf_counter()
        total, evaluations = seed(args.participants, args.per_participant)
        settle_bulk_load()
        print(
            f"database: {connection.vendor}; seeded {total:,} declarations and "
            f"{evaluations:,} verdict rows (coverage runs and other-than-compliant evaluations) "
            f"in {time.perf_counter() - started:.0f} s"
        )
        advocate = make_user(role=Role.ADVOCATE, username="bench-advocate")

        runs = []
        for _ in range(max(args.repeat, 1)):
            started = time.perf_counter()
            payload = evidence_measures(viewer=advocate, filters=YEAR)
            runs.append(time.perf_counter() - started)
            counted = payload["headline"][TOTAL][TOTAL]["declarations"]
            if counted != total:
                sys.exit(f"the measures counted {counted:,} declarations of {total:,}")
        seconds = statistics.median(runs)
        hidden = sum(r["suppressed"] for rows in payload["tables"].values() for r in rows)

        sample_ids = [
            str(pk)
            for pk in Declaration.objects.order_by("?")[: args.sample].values_list("pk", flat=True)
        ]
        naive_seconds = naive(sample_ids)
        scaled = naive_seconds / len(sample_ids) * total
        ratio = scaled / seconds
        print(
            f"measures   : {total:>9,} declarations in {seconds:6.2f} s, the median of "
            f"{len(runs)} runs ({', '.join(f'{r:.2f}' for r in runs)} s; "
            f"{total / seconds:,.0f}/s; {hidden} cells hidden by disclosure control)"
        )
        print(
            f"naive ORM  : {len(sample_ids):>9,} declarations in {naive_seconds:6.2f} s "
            f"= {scaled:8.1f} s scaled to {total:,}"
        )
        print(f"ratio      : {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x)")
        print(
            f"target <= {TARGET_SECONDS:.0f} s: {'met' if seconds <= TARGET_SECONDS else 'NOT met'}"
        )
        ok = seconds <= TARGET_SECONDS and ratio >= TARGET_RATIO
        print("targets met" if ok else "TARGETS MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
