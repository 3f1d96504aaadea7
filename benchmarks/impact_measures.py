"""Benchmark: impact measures over 1,000,000 declarations, and a naive ORM loop on a sample.

Run: `.venv/bin/python benchmarks/impact_measures.py [--rows 1000000] [--sample 2000]`.

- Vectorised: the frames the evidence selectors read (declarations, current evaluations under
  both rulebooks, participant profiles), generated directly with the same columns and dtypes,
  then `impact_measures` (verdict pairs, monthly series, four breakdowns), disclosure control
  (primary + complementary suppression, rounding) and the JSON payload, as the API answers.
- Naive: `--sample` declarations written to a throwaway SQLite database with their conversion
  and two evaluations, then measured the way a per-row implementation would: one declaration
  at a time, its evaluations, conversion and profile through the ORM, counted in dictionaries.
  Its per-row time is scaled to `--rows` for the ratio.

Targets (issue 7, item 6): <= 5 s for 1,000,000 declarations, >= 20x the naive loop.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="fxs-bench-evidence-"))
os.environ["FXS_DATA_DIR"] = str(WORKDIR)
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from backend.accounts.models import Organisation, ParticipantProfile, User  # noqa: E402
from backend.declarations.models import Declaration  # noqa: E402
from backend.evidence.disclosure import DisclosureParams, disclose  # noqa: E402
from backend.evidence.measures import impact_measures  # noqa: E402
from backend.evidence.present import measures_payload  # noqa: E402
from backend.rates.models import Conversion  # noqa: E402
from backend.rulebooks.models import Rulebook, RulebookVersion  # noqa: E402
from backend.screening.models import Evaluation, FactsSnapshot  # noqa: E402
from tests.unit.rulebooks.documents import small_document  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_RATIO = 20.0
SEED = 20260325
PARTICIPANTS = 5_000
CATEGORIES = np.array(["SAAS_CLOUD", "DIGITAL_ADS", "FREELANCE_DEV", "TELECOM", "DATA_INFO"])
COUNTRIES = np.array(["IE", "US", "FR", "DE", "GB", "NL", "ES", "AE"])
CLUSTERS = np.array(["MNC", "CAP", "NONE", "AGRI", "AUTO"])
SECTORS = np.array(["Logiciel", "Fintech", "E-commerce", "Santé", "Agritech", "Edtech"])
VERDICTS = np.array(["compliant", "breach", "needs_review"])
VERDICT_WEIGHTS = [0.8, 0.17, 0.03]
START = np.datetime64("2026-01-01")
PARAMS = DisclosureParams(min_participants=5, rounding_mad=1000)


def frames(rows: int, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Selector-shaped frames: `rows` declarations, 2 evaluations each, the participants."""
    ids = np.arange(rows).astype(str).astype(object)
    participant = rng.integers(0, PARTICIPANTS, rows).astype(str).astype(object)
    declarations = pd.DataFrame(
        {
            "declaration_id": ids,
            "participant_id": participant,
            "value_date": pd.to_datetime(START + rng.integers(0, 365, rows)),
            "category": rng.choice(CATEGORIES, rows).astype(object),
            "channel": "card",
            "country": rng.choice(COUNTRIES, rows).astype(object),
            "amount_minor": rng.integers(10_000, 50_000_000, rows, dtype=np.int64),
        }
    )
    trialled = rng.random(rows) < 0.6
    evaluations = pd.concat(
        [
            pd.DataFrame(
                {
                    "declaration_id": ids,
                    "kind": "in_force",
                    "verdict": rng.choice(VERDICTS, rows, p=VERDICT_WEIGHTS).astype(object),
                    "effective_from": pd.Timestamp("2026-01-01"),
                }
            ),
            pd.DataFrame(
                {
                    "declaration_id": ids[trialled],
                    "kind": "proposed",
                    "verdict": rng.choice(VERDICTS, int(trialled.sum()), p=VERDICT_WEIGHTS).astype(
                        object
                    ),
                    "effective_from": pd.Timestamp("2026-01-01"),
                }
            ),
        ],
        ignore_index=True,
    )
    people = np.arange(PARTICIPANTS).astype(str).astype(object)
    participants = pd.DataFrame(
        {
            "participant_id": people,
            "name": people,
            "cluster": rng.choice(CLUSTERS, PARTICIPANTS).astype(object),
            "sector": rng.choice(SECTORS, PARTICIPANTS).astype(object),
            "region": "Casablanca-Settat",
            "labelled": True,
        }
    )
    return {"declarations": declarations, "evaluations": evaluations, "participants": participants}


def vectorised(data: dict[str, pd.DataFrame]) -> tuple[float, dict]:
    started = time.perf_counter()
    measures = impact_measures(**data)
    payload = measures_payload(disclose(measures, PARAMS), disclosure=PARAMS.as_dict())
    return time.perf_counter() - started, payload


def seed_sample(sample: int, rng: np.random.Generator) -> None:
    """`sample` declarations with a conversion and two current evaluations, in bulk."""
    now = datetime(2026, 6, 1, tzinfo=UTC)
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench {i}", kind="startup") for i in range(50)]
    )
    ParticipantProfile.objects.bulk_create(
        [
            ParticipantProfile(
                organisation=o,
                labelled=False,
                incorporated_on=date(2023, 1, 1),
                has_fx_account=False,
                tax_paid_last_fy=Decimal("0"),
                sector=str(rng.choice(SECTORS)),
                cluster=str(rng.choice(CLUSTERS[:3])),
                region="Casablanca-Settat",
            )
            for o in organisations
        ]
    )
    author = User.objects.create_user(username="bench", password=None)
    versions = []
    for kind in ("in_force", "proposed"):
        book = Rulebook.objects.create(name=f"Bench {kind}", kind=kind)
        versions.append(
            RulebookVersion.objects.create(
                rulebook=book,
                number=1,
                document=small_document(kind=kind),
                content_hash="0" * 64,
                effective_from=date(2026, 1, 1),
            )
        )
    declarations = Declaration.objects.bulk_create(
        [
            Declaration(
                organisation=organisations[i % len(organisations)],
                created_by=author,
                reference=f"B-{i}",
                direction="outgoing",
                category=str(rng.choice(CATEGORIES)),
                channel="card",
                amount=Decimal("1000.00"),
                currency="MAD",
                value_date=date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 365))),
                counterparty_name="Bench Ltd",
                counterparty_country=str(rng.choice(COUNTRIES)),
                status="screened",
            )
            for i in range(sample)
        ]
    )
    Conversion.objects.bulk_create(
        [
            Conversion(
                declaration=d,
                amount_mad=Decimal("1000.00"),
                mad_per_unit=Decimal("1"),
                rate_date=d.value_date,
                source="identity",
                method="official",
                converted_at=now,
            )
            for d in declarations
        ]
    )
    snapshot = FactsSnapshot.objects.create(
        participant=organisations[0],
        facts_start=date(2026, 1, 1),
        facts_hash="0" * 64,
        declaration_ids=[],
        traits={},
        taken_at=now,
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                declaration=d,
                participant_id=d.organisation_id,
                rulebook_version=v,
                value_date=d.value_date,
                verdict=str(rng.choice(VERDICTS, p=VERDICT_WEIGHTS)),
                governing=True,
                engine_version="bench",
                facts_snapshot=snapshot,
                facts_hash="0" * 64,
                findings_hash="0" * 64,
                as_of=date(2026, 6, 1),
                evaluated_at=now,
            )
            for d in declarations
            for v in versions
        ]
    )


def naive(sample: int) -> float:
    """Per declaration through the ORM: its evaluations, conversion and profile."""
    started = time.perf_counter()
    pairs: dict[tuple[str, str], list] = defaultdict(lambda: [0, set(), 0])
    for declaration in Declaration.objects.filter(is_current=True).order_by("value_date", "id"):
        verdicts = {
            e.rulebook_version.rulebook.kind: e.verdict
            for e in declaration.evaluations.filter(is_current=True)
        }
        profile = declaration.organisation.participant
        amount = declaration.conversion.amount_mad
        pair = (verdicts.get("in_force", "none"), verdicts.get("proposed", "none"))
        for key in (
            ("pair", str(pair)),
            ("cluster", profile.cluster),
            ("month", str(declaration.value_date)[:7]),
        ):
            cell = pairs[key]
            cell[0] += 1
            cell[1].add(declaration.organisation_id)
            cell[2] += int(amount * 100)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    try:
        data = frames(args.rows, rng)
        seconds, payload = vectorised(data)
        call_command("migrate", verbosity=0)
        seed_sample(args.sample, rng)
        naive_seconds = naive(args.sample)
        scaled = naive_seconds / args.sample * args.rows
        ratio = scaled / seconds
        hidden = sum(r["suppressed"] for rows in payload["tables"].values() for r in rows)
        print(
            f"vectorised : {args.rows:>9,} declarations in {seconds:6.2f} s ({hidden} cells hidden)"
        )
        print(
            f"naive ORM  : {args.sample:>9,} declarations in {naive_seconds:6.2f} s "
            f"= {scaled:8.1f} s scaled to {args.rows:,}"
        )
        print(f"ratio      : {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x)")
        ok = seconds <= TARGET_SECONDS and ratio >= TARGET_RATIO
        print("targets met" if ok else "TARGETS MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
