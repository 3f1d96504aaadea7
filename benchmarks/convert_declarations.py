"""Benchmark: convert 1,000,000 declarations with the vectorised path; a sample per row.

Run: `.venv/bin/python benchmarks/convert_declarations.py [--rows 1000000] [--sample 5000]`.
Rates are the bundled recorded answers (BAM re-dated onto every publication day of 2025-2026, the
ECB's 2025-2026 history), parsed by the production parsers; no database or network is used. The
per-row path resolves each declaration on its own (the same rules, one lookup at a time), as a
naive converter would. Targets (issue 4): 1,000,000 in <= 2 s, >= 20x the per-row path.
"""

import argparse
import os
import random
import time
from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
django.setup()

import pandas as pd  # noqa: E402

from backend.rates.batch import convert_frame  # noqa: E402
from backend.rates.calendar import is_publication_day, lookback_start  # noqa: E402
from backend.rates.lookup import cross_rate  # noqa: E402
from backend.rates.money import mad_amount  # noqa: E402
from backend.rates.providers.bam import parse_bam  # noqa: E402
from backend.rates.providers.ecb import parse_ecb_csv  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rates"
FIRST, LAST = date(2025, 1, 2), date(2026, 3, 18)
LOOKBACK = 5
CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "CAD", "PLN", "SGD", "KRW", "INR", "MAD"]


def rate_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    template = parse_bam((FIXTURES / "bam_CoursVirement_2026-03-25.json").read_bytes()).rates
    bam_records = []
    day = FIRST
    while day <= LAST:
        if is_publication_day(day):
            for rate in template:
                bam_records.append(
                    (rate.currency, day, rate.per_unit, f"bam-{rate.currency}-{day}")
                )
        day += timedelta(days=1)
    ecb = parse_ecb_csv((FIXTURES / "ecb_sdmx_EXR_D_2025-01-01_2026-03-18.csv").read_bytes())
    ecb_records = [
        (r.currency, r.published_on, r.per_unit, f"ecb-{r.currency}-{r.published_on}")
        for r in ecb.rates
    ]
    columns = ["currency", "published_on", "per_unit", "row_id"]
    return pd.DataFrame(bam_records, columns=columns), pd.DataFrame(ecb_records, columns=columns)


def declarations(rows: int, seed: int = 42) -> pd.DataFrame:
    rng = random.Random(seed)
    span = (LAST - FIRST).days + 1
    return pd.DataFrame(
        {
            "id": range(rows),
            "currency": [rng.choice(CURRENCIES) for _ in range(rows)],
            "value_date": [FIRST + timedelta(days=rng.randrange(span)) for _ in range(rows)],
            "amount": [Decimal(rng.randrange(1, 10**9)).scaleb(-2) for _ in range(rows)],
        }
    )


def per_row(frame: pd.DataFrame, bam: pd.DataFrame, ecb: pd.DataFrame) -> list:
    """One lookup per declaration: the rules of `lookup.rate_of_date`, over in-memory rates."""

    def index(rates: pd.DataFrame) -> dict:
        found: dict = {}
        for currency, day, value in zip(
            rates["currency"], rates["published_on"], rates["per_unit"], strict=True
        ):
            found.setdefault(currency, ([], []))
            found[currency][0].append(day)
            found[currency][1].append(value)
        return found

    bam_index, ecb_index = index(bam), index(ecb)
    euro = dict(zip(*bam_index["EUR"], strict=True))
    out = []
    for currency, on, amount in zip(
        frame["currency"], frame["value_date"], frame["amount"], strict=True
    ):
        if currency == "MAD":
            out.append(mad_amount(amount, Decimal(1)))
            continue
        start = lookback_start(on, LOOKBACK)
        rate = None
        days, values = bam_index.get(currency, ([], []))
        at = bisect_right(days, on) - 1
        if at >= 0 and days[at] >= start:
            rate = values[at]
        else:
            days, values = ecb_index.get(currency, ([], []))
            at = bisect_right(days, on) - 1
            while at >= 0 and days[at] >= start:
                if days[at] in euro:
                    rate = cross_rate(euro[days[at]], values[at])
                    break
                at -= 1
        out.append(None if rate is None else mad_amount(amount, rate))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    args = parser.parse_args()
    bam, ecb = rate_frames()
    frame = declarations(args.rows)
    print(f"rates: {len(bam):,} BAM rows, {len(ecb):,} ECB rows; declarations: {args.rows:,}")

    started = time.perf_counter()
    result = convert_frame(frame, bam=bam, ecb=ecb, lookback_days=LOOKBACK)
    vectorised_s = time.perf_counter() - started
    vectorised_rate = args.rows / vectorised_s

    sample = frame.iloc[: args.sample].reset_index(drop=True)
    started = time.perf_counter()
    slow = per_row(sample, bam, ecb)
    per_row_s = time.perf_counter() - started
    per_row_rate = args.sample / per_row_s

    fast = list(result["amount_mad"].iloc[: args.sample])
    assert fast == slow, "the vectorised and per-row paths disagree"
    converted = int(result["method"].notna().sum())
    print(f"vectorised: {args.rows:,} rows in {vectorised_s:.2f} s = {vectorised_rate:,.0f} rows/s")
    print(f"per-row:    {args.sample:,} rows in {per_row_s:.2f} s = {per_row_rate:,.0f} rows/s")
    print(f"ratio: {vectorised_rate / per_row_rate:.1f}x; converted {converted:,} of {args.rows:,}")
    print("answers identical on the per-row sample: yes")


if __name__ == "__main__":
    main()
