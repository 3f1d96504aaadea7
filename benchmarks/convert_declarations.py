"""Benchmark: convert 1,000,000 declarations with the vectorised path; a sample one at a time.

Run: `.venv/bin/python benchmarks/convert_declarations.py [--rows 1000000] [--sample 2000]`.

Both paths read the same throwaway SQLite database (created and migrated in a temporary
directory, removed at the end), holding the bundled recorded rates: the BAM answer of 2026-03-25
re-dated onto every BAM publication day of 2025-01-02..2026-03-18 and the ECB's SDMX history of
the same span, parsed by the production parsers. No network is used.

- Vectorised: `rate_frames_for` (one query for every rate the batch needs) then `convert_minor`:
  amounts in int64 minor units, MAD amounts out in int64 centimes, as the rule engine takes them.
- Per row: the single-declaration path live conversion would take without batching,
  `lookup.rate_of_date` (its ORM queries) and `money.mad_amount` (Decimal), for each declaration
  of a sample.

The sample's answers must be identical (rate, rate date, source, method, rate rows, and the MAD
amount as a Decimal). Targets (issue 4, item 8): 1,000,000 rows in <= 2 s, >= 20x the per-row path.
"""

import argparse
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

# A private database, so the benchmark never touches a development or demo one.
from benchmarks.workdir import django_in_workdir

WORKDIR = django_in_workdir("fxs-bench-", sqlite_only=True)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from backend.common.iso import currency_minor_units  # noqa: E402
from backend.rates import conf  # noqa: E402
from backend.rates.batch import convert_minor, rate_frames_for  # noqa: E402
from backend.rates.calendar import is_publication_day, window_start  # noqa: E402
from backend.rates.lookup import confirmed_non_publication, rate_of_date  # noqa: E402
from backend.rates.models import (  # noqa: E402
    PayloadFormat,
    PayloadOrigin,
    PayloadStatus,
    RatePayload,
    RateQuote,
    RateRow,
    RateSource,
)
from backend.rates.money import CENTIME_EXPONENT, mad_amount  # noqa: E402
from backend.rates.providers.bam import parse_bam  # noqa: E402
from backend.rates.providers.ecb import parse_ecb_csv  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rates"
BAM_FILE = "bam_CoursVirement_2026-03-25.json"
ECB_FILE = "ecb_sdmx_EXR_D_2025-01-01_2026-03-18.csv"
FIRST, LAST = date(2025, 1, 2), date(2026, 3, 18)
# Quoted by BAM (official / carried forward), crossed through EUR (PLN, SGD, KRW, ISK: derived),
# minor units 0, 2 and 3 (JPY, XOF, KRW, ISK / most / KWD), and MAD itself.
CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "CAD", "KWD", "XOF", "PLN", "SGD", "KRW", "ISK"]
CURRENCIES.append("MAD")
# Amounts spread log-uniformly from one minor unit to 10^11 of them (a billion euros).
MAX_AMOUNT_DIGITS = 11
TARGET_SECONDS = 2.0
TARGET_RATIO = 20.0
SEED = 42


def store_rates() -> None:
    """The recorded rates, stored as the import would store them (one payload per source)."""
    now = datetime.now(UTC)
    template = parse_bam((FIXTURES / BAM_FILE).read_bytes())
    ecb = parse_ecb_csv((FIXTURES / ECB_FILE).read_bytes())
    payloads = {
        source: RatePayload.objects.create(
            source=source,
            payload_format=payload_format,
            origin=PayloadOrigin.FILE,
            status=PayloadStatus.STORED,
            sha256=source * 8,
            received_at=now,
            filename=filename,
        )
        for source, payload_format, filename in (
            (RateSource.BAM, PayloadFormat.BAM, BAM_FILE),
            (RateSource.ECB, PayloadFormat.ECB_CSV, ECB_FILE),
        )
    }
    rows = []
    day = FIRST
    while day <= LAST:
        if is_publication_day(day):
            rows.extend(
                (RateSource.BAM, RateQuote.MAD_PER_UNITS, rate, day) for rate in template.rates
            )
        day += timedelta(days=1)
    rows.extend(
        (RateSource.ECB, RateQuote.UNITS_PER_EUR, rate, rate.published_on) for rate in ecb.rates
    )
    RateRow.objects.bulk_create(
        [
            RateRow(
                payload=payloads[source],
                source=source,
                currency=rate.currency,
                published_on=published_on,
                quote=quote,
                value=rate.value,
                unit=rate.unit,
                per_unit=rate.per_unit,
                fetched_at=now,
                payload_sha256=payloads[source].sha256,
            )
            for source, quote, rate, published_on in rows
        ],
        batch_size=2_000,
    )


def declarations(rows: int) -> pd.DataFrame:
    """Generated declarations, amounts in int64 minor units of their currency."""
    rng = np.random.default_rng(SEED)
    currency = np.array(CURRENCIES, dtype=object)[rng.integers(0, len(CURRENCIES), rows)]
    span = (LAST - FIRST).days + 1
    value_date = np.datetime64(FIRST, "D") + rng.integers(0, span, rows).astype("timedelta64[D]")
    minor = np.floor(10 ** rng.uniform(0, MAX_AMOUNT_DIGITS, rows)).astype(np.int64)
    scale = pd.Series(currency).map({code: currency_minor_units(code) for code in CURRENCIES})
    return pd.DataFrame(
        {
            "id": np.arange(rows),
            "currency": currency,
            "value_date": value_date,
            "amount_minor": minor,
            "amount_scale": scale.to_numpy(dtype=np.int64),
        }
    )


def vectorised(frame: pd.DataFrame) -> pd.DataFrame:
    """The batch path, rates query included."""
    first = pd.Timestamp(frame["value_date"].min()).date()
    last = pd.Timestamp(frame["value_date"].max()).date()
    lookback = conf.lookback_publication_days()
    start = window_start(first, lookback)
    bam, ecb = rate_frames_for(currencies=set(frame["currency"].unique()), start=start, end=last)
    confirmed = confirmed_non_publication(start=start, end=last)
    return convert_minor(frame, bam=bam, ecb=ecb, lookback_days=lookback, confirmed=confirmed)


def per_row(sample: pd.DataFrame) -> list[tuple[object, ...]]:
    """The single-declaration path, one declaration at a time."""
    answers: list[tuple[object, ...]] = []
    for currency, value_date, minor, scale in zip(
        sample["currency"],
        sample["value_date"],
        sample["amount_minor"],
        sample["amount_scale"],
        strict=True,
    ):
        answer = rate_of_date(currency=currency, on=pd.Timestamp(value_date).date())
        if answer is None:
            answers.append((None,) * 6)
            continue
        amount = Decimal(int(minor)).scaleb(-int(scale))
        answers.append(
            (
                answer.mad_per_unit,
                answer.rate_date,
                answer.source,
                answer.method,
                answer.row_ids,
                mad_amount(amount, answer.mad_per_unit),
            )
        )
    return answers


def as_answers(result: pd.DataFrame) -> list[tuple[object, ...]]:
    """The vectorised rows in the per-row path's shape (MAD amounts back to Decimal)."""
    return [
        (None,) * 6
        if method is None
        else (rate, rate_date, source, method, tuple(ids), Decimal(int(c)).scaleb(CENTIME_EXPONENT))
        for rate, rate_date, source, method, ids, c in zip(
            result["mad_per_unit"],
            result["rate_date"],
            result["source"],
            result["method"],
            result["row_ids"],
            result["amount_mad_minor"],
            strict=True,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    store_rates()
    frame = declarations(args.rows)
    bam_rows = RateRow.objects.filter(source=RateSource.BAM).count()
    ecb_rows = RateRow.objects.filter(source=RateSource.ECB).count()
    print(f"rates: {bam_rows:,} BAM rows, {ecb_rows:,} ECB rows; declarations: {args.rows:,}")

    started = time.perf_counter()
    result = vectorised(frame)
    vectorised_s = time.perf_counter() - started
    vectorised_rate = args.rows / vectorised_s

    sample = frame.iloc[: args.sample].reset_index(drop=True)
    started = time.perf_counter()
    slow = per_row(sample)
    per_row_s = time.perf_counter() - started
    per_row_rate = args.sample / per_row_s

    fast = as_answers(result.iloc[: args.sample])
    identical = fast == slow
    methods = pd.Series([answer[3] for answer in slow]).value_counts(dropna=False).to_dict()
    converted = int(result["method"].notna().sum())
    ratio = vectorised_rate / per_row_rate
    in_time = vectorised_s <= TARGET_SECONDS * args.rows / 1_000_000
    fast_enough = ratio >= TARGET_RATIO
    print(f"vectorised: {args.rows:,} rows in {vectorised_s:.2f} s = {vectorised_rate:,.0f} rows/s")
    print(f"per-row:    {args.sample:,} rows in {per_row_s:.2f} s = {per_row_rate:,.0f} rows/s")
    print(f"ratio: {ratio:,.0f}x; converted {converted:,} of {args.rows:,}")
    print(f"sample methods: {methods}")
    print(f"answers identical on the per-row sample: {'yes' if identical else 'NO'}")
    print(
        f"targets: <= {TARGET_SECONDS:.0f} s per 1,000,000 rows {'met' if in_time else 'MISSED'}; "
        f">= {TARGET_RATIO:.0f}x {'met' if fast_enough else 'MISSED'}"
    )
    return 0 if identical and in_time and fast_enough else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
    sys.exit(code)
