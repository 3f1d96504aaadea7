"""The vectorised rate of a date for batch work: same rules, same answers as `lookup`, exactly.

Pure pandas/numpy over frames of declarations and of stored rates, so it serves
`conversion_apply`, batch re-conversions and the benchmark alike; `lookup.rate_of_date` (with
`money.mad_amount`) is the per-row reference it must equal.

Two steps keep it fast. The rules (official, carried forward, derived through EUR, estimate) are
resolved once per distinct (currency, value date) pair with `merge_asof`, then broadcast to the
declarations by integer codes. The MAD amount is then computed with integer arithmetic on int64
arrays (`money.mad_minor`): amounts in minor units, rates as scaled integers, the product rounded
half-even to centimes without ever building a Decimal per row.
"""

from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from backend.rates.calendar import BAM, ECB, honest_start
from backend.rates.lookup import EURO, MAD, Method, Origin, cross_rate
from backend.rates.money import (
    CENTIME_EXPONENT,
    decimal_to_scaled,
    mad_amount,
    mad_minor,
    rates_to_scaled,
)

RATE_COLUMNS = ["currency", "published_on", "per_unit", "row_id"]
RESULT_COLUMNS = [
    "id",
    "mad_per_unit",
    "rate_date",
    "source",
    "method",
    "row_ids",
    "amount_mad",
]
# The engine's result: the rate columns of RESULT_COLUMNS, and the amount in int64 centimes.
MINOR_RESULT_COLUMNS = [*RESULT_COLUMNS[:-1], "amount_mad_minor"]
RATE_FIELDS = ("mad_per_unit", "rate_date", "source", "method", "row_ids")
STARTS = ("bam_start", "ecb_start")


def _asof(frame: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """For each row, the latest rate of its currency published on or before its value date."""
    if rates.empty or frame.empty:
        out = frame.copy()
        out["published_on"] = pd.NaT
        out["per_unit"] = None
        out["row_ids"] = None
        return out
    right = rates.rename(columns={"published_on": "rate_ts"}).sort_values("rate_ts")
    merged = pd.merge_asof(
        frame.sort_values("value_ts"),
        right[["currency", "rate_ts", "per_unit", "row_ids"]],
        left_on="value_ts",
        right_on="rate_ts",
        by="currency",
        direction="backward",
    )
    return merged.rename(columns={"rate_ts": "published_on"})


def _prepare(rates: pd.DataFrame) -> pd.DataFrame:
    out = rates[RATE_COLUMNS].copy()
    out["published_on"] = pd.to_datetime(out["published_on"])
    return out


def _with_single_ids(rates: pd.DataFrame) -> pd.DataFrame:
    out = rates.copy()
    out["row_ids"] = [(row_id,) for row_id in out["row_id"]]
    return out


def _dates(stamps: pd.Series) -> np.ndarray:
    """datetime64 values as `date` objects, converting each distinct day once."""
    codes, uniques = pd.factorize(stamps)
    return np.array([stamp.date() for stamp in uniques], dtype=object)[codes]


def _take(
    result: dict[str, np.ndarray],
    found: pd.DataFrame,
    mask_name: str,
    source: str,
    method: str | None,
) -> None:
    """Copy the rows of `found` whose rate is usable into the `result` arrays (by position)."""
    usable = found[found[mask_name]]
    if usable.empty:
        return
    positions = usable["position"].to_numpy()
    result["mad_per_unit"][positions] = usable["per_unit"].to_numpy()
    result["rate_date"][positions] = _dates(usable["published_on"])
    result["source"][positions] = source
    if method is None:
        official = (usable["published_on"] == usable["value_ts"]).to_numpy()
        result["method"][positions] = np.where(official, Method.OFFICIAL, Method.CARRIED_FORWARD)
    else:
        result["method"][positions] = method
    ids = np.empty(len(usable), dtype=object)
    ids[:] = list(usable["row_ids"])
    result["row_ids"][positions] = ids


def _starts(
    days: np.ndarray, source: str, lookback_days: int, confirmed: Mapping[str, Collection[date]]
) -> dict[Any, pd.Timestamp]:
    """The oldest publication date of `source` that may stand for each distinct value day."""
    days_off = confirmed.get(source, frozenset())
    return {
        day: pd.Timestamp(
            honest_start(
                source,
                pd.Timestamp(day).date(),
                confirmed=days_off,
                lookback_days=lookback_days,
            )
        )
        for day in days
    }


def _derived(
    remaining: pd.DataFrame, bam_rates: pd.DataFrame, ecb_rates: pd.DataFrame
) -> pd.DataFrame:
    """BAM's EUR rate crossed with the ECB's rate of the currency, each leg the latest of its
    source on or before the value date and usable when not older than that source's start."""
    euro = _asof(remaining.assign(currency=EURO), bam_rates).set_index("position")
    foreign = _asof(remaining, ecb_rates).set_index("position")
    legs = remaining.set_index("position")[["value_ts"]].join(
        euro[["published_on", "per_unit", "row_ids"]].add_suffix("_eur")
    )
    legs = legs.join(foreign[["published_on", "per_unit", "row_ids"]])
    legs["ok"] = (
        legs["published_on_eur"].notna()
        & legs["published_on"].notna()
        & (legs["published_on_eur"] >= remaining.set_index("position")["bam_start"])
        & (legs["published_on"] >= remaining.set_index("position")["ecb_start"])
    )
    usable = legs["ok"].to_numpy()
    crosses = np.full(len(legs), None, dtype=object)
    ids = np.full(len(legs), None, dtype=object)
    euro_rates, foreign_rates = legs["per_unit_eur"].tolist(), legs["per_unit"].tolist()
    euro_ids, foreign_ids = legs["row_ids_eur"].tolist(), legs["row_ids"].tolist()
    for at in np.flatnonzero(usable).tolist():
        crosses[at] = cross_rate(euro_rates[at], foreign_rates[at])
        ids[at] = (euro_ids[at][0], foreign_ids[at][0])
    legs["per_unit"] = crosses
    legs["row_ids"] = ids
    # The older leg dates the rate: it is as old as the oldest thing it rests on.
    legs["published_on"] = legs[["published_on_eur", "published_on"]].min(axis=1)
    return legs.reset_index()[["position", "value_ts", "published_on", "per_unit", "row_ids", "ok"]]


def _resolve(
    pairs: pd.DataFrame,
    *,
    bam: pd.DataFrame,
    ecb: pd.DataFrame,
    lookback_days: int,
    confirmed: Mapping[str, Collection[date]],
    allow_estimate: bool,
) -> dict[str, np.ndarray]:
    """The rate of each (`currency`, `value_ts`) pair by the rules of `lookup.rate_of_date`."""
    count = len(pairs)
    result: dict[str, np.ndarray] = {
        name: np.full(count, None, dtype=object) for name in RATE_FIELDS
    }
    frame = pd.DataFrame(
        {
            "position": np.arange(count),
            "currency": pairs["currency"].to_numpy(),
            "value_ts": pairs["value_ts"].to_numpy(),
        }
    )
    days = frame["value_ts"].unique()
    frame["bam_start"] = frame["value_ts"].map(_starts(days, BAM, lookback_days, confirmed))
    frame["ecb_start"] = frame["value_ts"].map(_starts(days, ECB, lookback_days, confirmed))

    mad = frame["currency"] == MAD
    if mad.any():
        positions = frame.loc[mad, "position"].to_numpy()
        result["mad_per_unit"][positions] = Decimal(1)
        result["rate_date"][positions] = _dates(frame.loc[mad, "value_ts"])
        result["source"][positions] = Origin.NONE
        result["method"][positions] = Method.OFFICIAL
        empty = np.empty(len(positions), dtype=object)
        empty[:] = [()] * len(positions)
        result["row_ids"][positions] = empty

    bam_rates = _with_single_ids(_prepare(bam))
    ecb_rates = _with_single_ids(_prepare(ecb))
    remaining = frame[~mad]
    found = _asof(remaining, bam_rates)
    found["ok"] = found["published_on"].notna() & (found["published_on"] >= found["bam_start"])
    _take(result, found, "ok", Origin.BAM, None)

    remaining = found.loc[~found["ok"], ["position", "currency", "value_ts", *STARTS]]
    if not remaining.empty:
        derived = _derived(remaining, bam_rates, ecb_rates)
        _take(result, derived, "ok", Origin.BAM_ECB, Method.DERIVED)
        waiting = set(derived.loc[~derived["ok"], "position"])
        remaining = remaining[remaining["position"].isin(waiting)]

    if allow_estimate and not remaining.empty:
        estimated = _asof(remaining, bam_rates)
        estimated["ok"] = estimated["published_on"].notna()
        _take(result, estimated, "ok", Origin.BAM, Method.ESTIMATE)
    return result


def _pair_codes(currency: np.ndarray, value_date: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's index into the frame of distinct (currency, value date) pairs, and that frame."""
    currency_codes, currencies = pd.factorize(currency)
    day_codes, days = pd.factorize(value_date)
    width = max(len(days), 1)
    combined = currency_codes.astype(np.int64) * width + day_codes
    codes, uniques = pd.factorize(combined)
    pairs = pd.DataFrame(
        {
            "currency": np.asarray(currencies, dtype=object)[uniques // width],
            "value_ts": pd.to_datetime(pd.Index(days)[uniques % width]),
        }
    )
    return codes, pairs


def convert_minor(
    declarations: pd.DataFrame,
    *,
    bam: pd.DataFrame,
    ecb: pd.DataFrame,
    lookback_days: int,
    confirmed: Mapping[str, Collection[date]],
    allow_estimate: bool = False,
) -> pd.DataFrame:
    """Rates and MAD centimes for `declarations` given in minor units (the batch engine).

    `declarations` has `id`, `currency`, `value_date` (dates or datetime64), `amount_minor`
    (int64) and `amount_scale` (its decimal places: amount = amount_minor x 10^-amount_scale).
    `bam` and `ecb` hold the current revision of each stored rate (`currency`, `published_on`,
    `per_unit` Decimal, `row_id`). The result has MINOR_RESULT_COLUMNS; rows with no usable rate
    have `method` None and `amount_mad_minor` 0.
    """
    codes, pairs = _pair_codes(
        declarations["currency"].to_numpy(), declarations["value_date"].to_numpy()
    )
    resolved = _resolve(
        pairs,
        bam=bam,
        ecb=ecb,
        lookback_days=lookback_days,
        confirmed=confirmed,
        allow_estimate=allow_estimate,
    )
    has_rate = np.array([method is not None for method in resolved["method"]], dtype=bool)
    rate_int, rate_scale, rate_ok = rates_to_scaled(
        [rate if rate is not None else Decimal(0) for rate in resolved["mad_per_unit"]]
    )
    minor = mad_minor(
        declarations["amount_minor"].to_numpy(dtype=np.int64),
        declarations["amount_scale"].to_numpy(dtype=np.int64),
        rate_int[codes],
        rate_scale[codes],
        rate_ok[codes],
        rates=resolved["mad_per_unit"][codes],
        usable=has_rate[codes],
    )
    # dtype=object keeps None as None (pandas would otherwise infer strings and NaN).
    columns = {
        name: pd.Series(resolved[name][codes], dtype=object, copy=False) for name in RATE_FIELDS
    }
    return pd.DataFrame(
        {
            "id": declarations["id"].to_numpy(),
            **columns,
            "amount_mad_minor": minor,
        }
    )[MINOR_RESULT_COLUMNS]


def convert_frame(
    declarations: pd.DataFrame,
    *,
    bam: pd.DataFrame,
    ecb: pd.DataFrame,
    lookback_days: int,
    confirmed: Mapping[str, Collection[date]],
    allow_estimate: bool = False,
) -> pd.DataFrame:
    """Rates and Decimal MAD amounts for `declarations` (`id`, `currency`, `value_date`, `amount`).

    The same engine as `convert_minor`, with Decimal amounts in and out. Amounts whose minor units
    do not fit int64 (or whose MAD amount would not) are converted with `money.mad_amount`, which
    gives the same answer by definition.
    """
    amounts = list(declarations["amount"])
    minor, scale, fits = decimal_to_scaled(amounts)
    engine_input = pd.DataFrame(
        {
            "id": declarations["id"].to_numpy(),
            "currency": declarations["currency"].to_numpy(),
            "value_date": declarations["value_date"].to_numpy(),
            "amount_minor": np.where(fits, minor, 0),
            "amount_scale": np.where(fits, scale, 0),
        }
    )
    try:
        found = convert_minor(
            engine_input,
            bam=bam,
            ecb=ecb,
            lookback_days=lookback_days,
            confirmed=confirmed,
            allow_estimate=allow_estimate,
        )
        centimes: list[int] | None = found["amount_mad_minor"].tolist()
    except OverflowError:
        engine_input["amount_minor"] = 0
        found = convert_minor(
            engine_input,
            bam=bam,
            ecb=ecb,
            lookback_days=lookback_days,
            confirmed=confirmed,
            allow_estimate=allow_estimate,
        )
        centimes = None
    out = np.full(len(amounts), None, dtype=object)
    for at, (method, rate) in enumerate(zip(found["method"], found["mad_per_unit"], strict=True)):
        if method is None:
            continue
        if centimes is not None and fits[at]:
            out[at] = Decimal(centimes[at]).scaleb(CENTIME_EXPONENT)
        else:
            out[at] = mad_amount(amounts[at], rate)
    found["amount_mad"] = pd.Series(out, dtype=object, index=found.index)
    return found[RESULT_COLUMNS]


def rate_frames_for(
    *, currencies: set[str], start: date, end: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The current BAM and ECB rates needed to convert values dated in [start, end]."""
    from backend.rates.models import RateRow, RateSource

    wanted = set(currencies) | {EURO}
    rows = (
        RateRow.objects.filter(currency__in=wanted, published_on__gte=start, published_on__lte=end)
        .order_by("source", "currency", "published_on", "revision")
        .values_list("source", "currency", "published_on", "per_unit", "id")
    )
    latest: dict[tuple[str, str, date], tuple[object, ...]] = {}
    for source, currency, published_on, per_unit, row_id in rows:
        latest[(source, currency, published_on)] = (currency, published_on, per_unit, row_id)
    frames = []
    for source in (RateSource.BAM, RateSource.ECB):
        records = [value for key, value in latest.items() if key[0] == source]
        frames.append(pd.DataFrame(records, columns=RATE_COLUMNS))
    return frames[0], frames[1]
