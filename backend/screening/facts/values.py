"""Column conversions of the facts: dates, flags, money and publication lags as the engine
reads them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from backend.declarations.models import (
    ReceiptStatus,
)
from backend.rates.calendar import is_publication_day
from backend.rule_engine.schema import MINOR_PER_MAD

# A basis point is a ten-thousandth.
BP = 10_000


def normalise_counterparty(names: pd.Series) -> pd.Series:
    """Beneficiary key: case-folded, punctuation as spaces, single spaces (``ACME, Inc.`` ->
    ``acme inc``), so spelling variants of one payee group together for structuring."""
    # Normalised once per distinct name: a participant pays few payees many times.
    codes, distinct = pd.factorize(names, use_na_sentinel=False)
    keys = (
        pd.Series(distinct, dtype="string")
        .str.casefold()
        .str.replace(r"[\W_]+", " ", regex=True)
        .str.strip()
        .astype(object)
        .to_numpy()
    )
    return pd.Series(keys[codes], index=names.index, dtype=object)


@cache
def _publication_holidays(year: int) -> tuple[np.datetime64, ...]:
    """Weekdays of `year` on which no rate is published (holidays, 25-26 December)."""
    day = date(year, 1, 1)
    out = []
    while day.year == year:
        if day.weekday() < 5 and not is_publication_day(day):
            out.append(np.datetime64(day, "D"))
        day += timedelta(days=1)
    return tuple(out)


def publication_lag(rate_date: pd.Series, value_date: pd.Series) -> pd.Series:
    """Publication days in (rate_date, value_date]: 0 for the value date's own rate and for a
    weekend carried back to Friday; null without a rate."""
    valid = rate_date.notna().to_numpy()
    out = _unknown_ints(len(rate_date))
    if not valid.any():
        return pd.Series(out, index=rate_date.index)
    start = day_column(rate_date)[valid].astype("datetime64[D]") + 1
    end = pd.to_datetime(value_date[valid]).to_numpy().astype("datetime64[D]") + 1
    years = range(int(start.min().astype(object).year), int(end.max().astype(object).year) + 1)
    holidays = [h for y in years for h in _publication_holidays(y)]
    lag = np.busday_count(np.minimum(start, end), end, holidays=holidays)
    out[valid] = lag.astype(np.int64)
    return pd.Series(out, index=rate_date.index)


def _unknown_ints(count: int) -> Any:
    """A nullable integer array of `count` nulls."""
    return pd.arrays.IntegerArray(np.zeros(count, dtype=np.int64), np.ones(count, dtype=bool))


def mad_amounts(minor: pd.Series, has_rate: pd.Series) -> list[Decimal | None]:
    """MAD amounts with two decimals from centimes; None where there is no rate."""
    return [
        Decimal(int(m)).scaleb(-2) if rated else None
        for m, rated in zip(minor.tolist(), has_rate.tolist(), strict=True)
    ]


def day_column(values: pd.Series) -> np.ndarray:
    """A column of dates (or None) as datetime64, converting each distinct day once."""
    codes, distinct = pd.factorize(values)
    converted = pd.to_datetime(pd.Series(distinct, dtype=object)).to_numpy(dtype="datetime64[ns]")
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    known = codes >= 0
    out[known] = converted[codes[known]]
    return out


def _known_flag(values: pd.Series) -> pd.arrays.BooleanArray:
    """A participant fact as a nullable boolean: null (unknown) stays null, never False."""
    return pd.array(
        [None if v is None or v is pd.NA or v != v else bool(v) for v in values.tolist()],
        dtype="boolean",
    )


def _tax_minor(values: pd.Series) -> pd.arrays.IntegerArray:
    """Tax paid last year in MAD centimes; null when unknown (never 0)."""
    return pd.array(
        [
            int(Decimal(v) * MINOR_PER_MAD) if v is not None and v == v else None
            for v in values.tolist()
        ],
        dtype="Int64",
    )


def _advance_share_bp(amount: pd.Series, contract: pd.Series) -> pd.arrays.IntegerArray:
    """Share of the contract paid ahead, in basis points rounded up, for advances (null for a
    settlement): both amounts are in the payment's currency, so the share is exact, and
    rounding up keeps "more than 30 %" exact against a whole number of basis points."""
    out: list[int | None] = [None] * len(amount)
    advances = np.flatnonzero(amount.notna().to_numpy() & contract.notna().to_numpy())
    paid, total = amount.to_numpy(dtype=object), contract.to_numpy(dtype=object)
    # Advances are a small share of the rows: exact Decimal arithmetic on those alone.
    for i in advances.tolist():
        share = Decimal(str(paid[i])) * BP / Decimal(str(total[i]))
        out[i] = int(share.to_integral_value(rounding=ROUND_CEILING))
    return pd.array(out, dtype="Int64")


def _received_date(value_date: np.ndarray, receipt_status: pd.Series) -> np.ndarray:
    """The day the money arrived: the value date, unless the receipt is still expected."""
    expected = (receipt_status == ReceiptStatus.EXPECTED).to_numpy(dtype=bool)
    return np.where(expected, np.datetime64("NaT"), value_date).astype("datetime64[ns]")
