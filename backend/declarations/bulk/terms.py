"""Row checks of what a file says about receipts and advances (the API's rules, vectorised):
a receipt is received or expected, an advance states its contract total (and a subscription's
term), each only where it applies."""

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from backend.declarations import validation as v
from backend.declarations.bulk.cells import (
    Collector,
    check_amount_column,
    check_choice,
    codes,
    per_distinct,
    text,
)
from backend.declarations.bulk.columns import PAYMENT_KIND_ALIASES, RECEIPT_STATUS_ALIASES
from backend.declarations.categories import INCOMING_CATEGORIES

ADVANCE_COLUMNS = ("payment_kind", "contract_amount", "contract_currency", "subscription_months")


def _filled(frame: pd.DataFrame, column: str) -> bool:
    """Whether the file has this column with at least one non-blank cell."""
    if column not in frame:
        return False
    distinct = pd.unique(frame[column].astype(str))
    return any(str(value).strip() for value in distinct)


def _receipts(errors: Collector, frame: pd.DataFrame, out: pd.DataFrame, today: date) -> pd.Series:
    """receipt_status ('' outside receipts); an expected receipt's value date is the day it is
    expected, as the API records it."""
    receipt = out["category"].isin(list(INCOMING_CATEGORIES))
    raw_value_date = text(frame, "value_date")
    if not receipt.any() and not _filled(frame, "receipt_status"):
        # Most files: payments only, no receipt column.
        errors.add(raw_value_date == "", "value_date", v.VALUE_DATE_REQUIRED)
        return pd.Series("", index=out.index, dtype=object)
    status = codes(frame, "receipt_status", lambda s: RECEIPT_STATUS_ALIASES.get(s.lower(), s))
    given = status != ""
    allowed = ["expected", "received"]
    check_choice(errors, status.where(given, "received"), "receipt_status", allowed)
    errors.add(given & ~receipt, "receipt_status", v.RECEIPT_NOT_APPLICABLE)
    expected = receipt & (status == "expected")
    errors.add(expected & (raw_value_date != ""), "value_date", v.EXPECTED_WITH_VALUE_DATE)
    on = out["expected_repatriation_date"]
    errors.add(expected & on.isna(), "expected_repatriation_date", v.EXPECTED_DATE_REQUIRED)
    latest = v.latest_expected_date(today)
    errors.add(
        expected & (on > pd.Timestamp(latest)),
        "expected_repatriation_date",
        v.EXPECTED_TOO_FAR,
        v.EXPECTED_TOO_FAR.format(days=v.EXPECTED_RECEIPT_MAX_DAYS_AHEAD, latest=latest),
    )
    errors.add(~expected & (raw_value_date == ""), "value_date", v.VALUE_DATE_REQUIRED)
    out["value_date"] = out["value_date"].mask(expected, on)
    return status.mask(receipt & ~given, "received").where(receipt, "")


def _advances(
    errors: Collector, frame: pd.DataFrame, out: pd.DataFrame, *, decimal_comma: bool
) -> None:
    """payment_kind, contract_amount (None unless an advance) and subscription_months."""
    if not any(_filled(frame, c) for c in ADVANCE_COLUMNS):
        # Most files: settlements only, no advance column.
        out["payment_kind"] = "settlement"
        out["contract_amount"] = None
        out["subscription_months"] = pd.array([pd.NA] * len(out), dtype="Int64")
        return
    kind = codes(frame, "payment_kind", lambda s: PAYMENT_KIND_ALIASES.get(s.lower(), s))
    kind = kind.where(kind != "", "settlement")
    check_choice(errors, kind, "payment_kind", ["settlement", "advance"])
    advance = kind == "advance"
    errors.add(advance & (out["direction"] == "incoming"), "payment_kind", v.ADVANCE_NOT_APPLICABLE)
    contract_currency = codes(frame, "contract_currency", str.upper)
    currency = contract_currency.where(contract_currency != "", out["currency"])
    contract, failed = check_amount_column(
        errors, frame, "contract_amount", currency, decimal_comma=decimal_comma, required=False
    )
    has_contract = contract != ""
    errors.add(advance & ~has_contract & ~failed, "contract_amount", v.CONTRACT_REQUIRED)
    errors.add(~advance & has_contract, "contract_amount", v.CONTRACT_NOT_APPLICABLE)
    errors.add(
        advance & (currency != out["currency"]),
        "contract_currency",
        v.CONTRACT_CURRENCY_MISMATCH,
        lambda: (
            "State the contract amount in the payment's currency ("
            + out["currency"]
            + "), so the share paid ahead is exact."
        ),
    )
    comparable = advance & has_contract & ~failed & ~errors.failed_cells("amount")
    # Exact decimal comparison, on the few advance rows only.
    over = {
        i
        for i, a, c in zip(
            out.index[comparable], out.loc[comparable, "amount"], contract[comparable], strict=True
        )
        if Decimal(a) > Decimal(c)
    }
    exceeds = pd.Series(out.index.isin(list(over)), index=out.index)
    errors.add(exceeds, "contract_amount", v.ADVANCE_EXCEEDS_CONTRACT)
    months_raw = text(frame, "subscription_months")
    given = months_raw != ""
    digits = per_distinct(months_raw, lambda u: u.where(u.str.fullmatch(r"\d{1,4}")))
    months = pd.to_numeric(digits, errors="coerce")
    errors.add(
        given & (months.isna() | (months < 1) | (months > v.SUBSCRIPTION_MAX_MONTHS)),
        "subscription_months",
        v.SUBSCRIPTION_OUT_OF_RANGE,
    )
    errors.add(given & ~advance, "subscription_months", v.SUBSCRIPTION_NOT_APPLICABLE)
    out["payment_kind"] = kind
    out["contract_amount"] = contract.where(advance & has_contract, None)
    out["subscription_months"] = pd.array(
        np.where(given & months.notna(), months.fillna(0), np.nan), dtype="Int64"
    )


def check_terms(
    errors: Collector, frame: pd.DataFrame, out: pd.DataFrame, *, today: date, decimal_comma: bool
) -> None:
    """Check and add the receipt and advance columns of `out` (the checked table)."""
    out["receipt_status"] = _receipts(errors, frame, out, today)
    _advances(errors, frame, out, decimal_comma=decimal_comma)
