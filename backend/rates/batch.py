"""The vectorised rate of a date (`merge_asof`) for batch work: same rules, same answers.

Pure pandas over frames of declarations and of stored rates, so it serves `conversion_apply`,
batch re-conversions and the benchmark alike. `lookup.rate_of_date` is the per-row reference.
"""

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from backend.rates.calendar import lookback_start
from backend.rates.lookup import EURO, MAD, Method, Origin, cross_rate
from backend.rates.money import mad_amount

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


def _cross_table(bam: pd.DataFrame, ecb: pd.DataFrame) -> pd.DataFrame:
    """MAD per unit of each ECB currency on each date BAM also quoted EUR."""
    euro = bam[bam["currency"] == EURO][["published_on", "per_unit", "row_id"]]
    joined = ecb.merge(euro, on="published_on", suffixes=("", "_eur"))
    if joined.empty:
        return pd.DataFrame(columns=["currency", "published_on", "per_unit", "row_ids"])
    joined["per_unit"] = pd.Series(
        [
            cross_rate(eur, foreign)
            for eur, foreign in zip(joined["per_unit_eur"], joined["per_unit"], strict=True)
        ],
        index=joined.index,
        dtype=object,
    )
    joined["row_ids"] = list(zip(joined["row_id_eur"], joined["row_id"], strict=True))
    return joined[["currency", "published_on", "per_unit", "row_ids"]]


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


def convert_frame(
    declarations: pd.DataFrame,
    *,
    bam: pd.DataFrame,
    ecb: pd.DataFrame,
    lookback_days: int,
    allow_estimate: bool = False,
) -> pd.DataFrame:
    """Rates and MAD amounts for `declarations` (`id`, `currency`, `value_date`, `amount`).

    `bam` and `ecb` hold the current revision of each stored rate (`currency`, `published_on`,
    `per_unit` Decimal, `row_id`). Rows with no usable rate get `method` None.
    """
    count = len(declarations)
    result: dict[str, np.ndarray] = {
        name: np.full(count, None, dtype=object)
        for name in ("mad_per_unit", "rate_date", "source", "method", "row_ids")
    }
    frame = pd.DataFrame(
        {
            "position": np.arange(count),
            "currency": declarations["currency"].to_numpy(),
            "value_ts": pd.to_datetime(declarations["value_date"]),
        }
    )
    starts = {
        day: pd.Timestamp(lookback_start(day.date(), lookback_days))
        for day in frame["value_ts"].unique()
    }
    frame["window_ts"] = frame["value_ts"].map(starts)

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
    ecb_rates = _prepare(ecb)
    remaining = frame[~mad]
    found = _asof(remaining, bam_rates)
    found["ok"] = found["published_on"].notna() & (found["published_on"] >= found["window_ts"])
    _take(result, found, "ok", Origin.BAM, None)

    remaining = found.loc[~found["ok"], ["position", "currency", "value_ts", "window_ts"]]
    if not remaining.empty:
        crosses = _cross_table(_prepare(bam), ecb_rates)
        if not crosses.empty:
            crosses = crosses.copy()
            crosses["published_on"] = pd.to_datetime(crosses["published_on"])
        derived = _asof(remaining, crosses)
        derived["ok"] = derived["published_on"].notna() & (
            derived["published_on"] >= derived["window_ts"]
        )
        _take(result, derived, "ok", Origin.BAM_ECB, Method.DERIVED)
        remaining = derived.loc[~derived["ok"], ["position", "currency", "value_ts", "window_ts"]]

    if allow_estimate and not remaining.empty:
        estimated = _asof(remaining, bam_rates)
        estimated["ok"] = estimated["published_on"].notna()
        _take(result, estimated, "ok", Origin.BAM, Method.ESTIMATE)

    amounts = declarations["amount"].to_numpy()
    result["amount_mad"] = np.array(
        [
            None if rate is None else mad_amount(amount, rate)
            for amount, rate in zip(amounts, result["mad_per_unit"], strict=True)
        ]
        + [None],  # keeps an object array of Decimals (a trailing sentinel, dropped below)
        dtype=object,
    )[:count]
    # dtype=object keeps None as None (pandas would otherwise infer strings and NaN).
    columns = {name: pd.Series(values, dtype=object) for name, values in result.items()}
    return pd.DataFrame({"id": declarations["id"].to_numpy(), **columns})[RESULT_COLUMNS]


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
