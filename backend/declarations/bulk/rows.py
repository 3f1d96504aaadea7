"""Vectorised row checks: the same rules as the API, column by column over the whole file.

The outcome is a table of valid rows (typed) and a report of `(row, column, code, message)`, with
rows numbered as the spreadsheet shows them (the header is row 1).
"""

from datetime import date

import pandas as pd

from backend.common.iso import COUNTRIES, CURRENCY_MINOR_UNITS
from backend.declarations import validation as v
from backend.declarations.bulk.cells import (
    HEADER_ROWS,
    Collector,
    check_amount_column,
    check_choice,
    check_dates,
    check_text,
    codes,
    normalise_amounts,
    parse_dates,
    text,
)
from backend.declarations.bulk.columns import CHANNEL_ALIASES, DIRECTION_ALIASES
from backend.declarations.bulk.terms import check_terms
from backend.declarations.categories import CATEGORY_CODES, INCOMING_CATEGORIES

__all__ = ["check_duplicates", "check_rows", "normalise_amounts", "parse_dates"]


def check_rows(
    frame: pd.DataFrame, *, today: date, decimal_comma: bool
) -> tuple[pd.DataFrame, Collector]:
    """Check every cell; the normalised table (typed where valid) and the collected failures."""
    errors = Collector(frame.index)
    out = pd.DataFrame(index=frame.index)

    reference = text(frame, "reference")
    check_text(errors, reference, "reference", v.REFERENCE_MAX_LENGTH, required=True)
    errors.add(
        (reference != "") & ~reference.str.fullmatch(v.REFERENCE_PATTERN.pattern).astype(bool),
        "reference",
        v.INVALID_REFERENCE,
    )
    out["reference"] = reference

    direction = codes(frame, "direction", lambda s: DIRECTION_ALIASES.get(s.lower(), s.lower()))
    check_choice(errors, direction, "direction", ["outgoing", "incoming"])
    category = codes(frame, "category", str.upper)
    check_choice(errors, category, "category", list(CATEGORY_CODES))
    channel = codes(frame, "channel", lambda s: CHANNEL_ALIASES.get(s.lower(), s.lower()))
    check_choice(errors, channel, "channel", ["card", "transfer", "other"])
    mismatch = (
        category.isin(list(CATEGORY_CODES))
        & direction.isin(["outgoing", "incoming"])
        & (category.isin(list(INCOMING_CATEGORIES)) != (direction == "incoming"))
    )
    errors.add(mismatch, "direction", v.DIRECTION_MISMATCH)
    out["direction"], out["category"], out["channel"] = direction, category, channel

    currency = codes(frame, "currency", str.upper)
    errors.add(currency == "", "currency", v.REQUIRED)
    errors.add(
        (currency != "") & ~currency.isin(list(CURRENCY_MINOR_UNITS)),
        "currency",
        v.UNKNOWN_CURRENCY,
        lambda: "Not an ISO 4217 currency code: '" + currency + "'.",
    )
    errors.add(currency == v.HOME_CURRENCY, "currency", v.NOT_CROSS_BORDER_CURRENCY)
    out["currency"] = currency
    out["amount"], _ = check_amount_column(
        errors, frame, "amount", currency, decimal_comma=decimal_comma
    )

    name = text(frame, "counterparty_name")
    check_text(errors, name, "counterparty_name", v.COUNTERPARTY_NAME_MAX_LENGTH, required=True)
    country = codes(frame, "counterparty_country", str.upper)
    errors.add(country == "", "counterparty_country", v.REQUIRED)
    errors.add(
        (country != "") & ~country.isin(list(COUNTRIES)),
        "counterparty_country",
        v.UNKNOWN_COUNTRY,
        lambda: "Not an ISO 3166-1 alpha-2 country code: '" + country + "'.",
    )
    errors.add(country == v.HOME_COUNTRY, "counterparty_country", v.NOT_CROSS_BORDER_COUNTRY)
    description = text(frame, "description")
    check_text(errors, description, "description", v.DESCRIPTION_MAX_LENGTH, required=False)
    out["counterparty_name"], out["counterparty_country"], out["description"] = (
        name,
        country,
        description,
    )

    # Required unless the row is a receipt still expected (check_terms decides).
    out["value_date"] = check_dates(errors, frame, "value_date", today, required=False)
    performed = check_dates(errors, frame, "service_performance_date", today, required=False)
    repatriation = check_dates(errors, frame, "expected_repatriation_date", today, required=False)
    errors.add(
        repatriation.notna() & (direction != "incoming"),
        "expected_repatriation_date",
        v.REPATRIATION_NOT_APPLICABLE,
    )
    errors.add(
        repatriation.notna() & performed.notna() & (repatriation < performed),
        "expected_repatriation_date",
        v.REPATRIATION_BEFORE_PERFORMANCE,
    )
    out["service_performance_date"], out["expected_repatriation_date"] = performed, repatriation
    check_terms(errors, frame, out, today=today, decimal_comma=decimal_comma)
    return out, errors


def check_duplicates(
    table: pd.DataFrame, valid: pd.Series, *, existing: set[str]
) -> tuple[pd.Series, list[tuple[int, str, str, str]]]:
    """Among valid rows, references repeated in the file or already declared: (mask, report)."""
    reference = table["reference"]
    repeated = valid & reference.duplicated(keep="first")
    taken = valid & ~repeated & reference.isin(existing)
    first_index = pd.Series(table.index, index=table.index).groupby(reference).transform("first")
    report = [
        (
            int(i) + HEADER_ROWS + 1,
            "reference",
            v.DUPLICATE_IN_FILE.code,
            v.DUPLICATE_IN_FILE.format(row=int(first_index.loc[i]) + HEADER_ROWS + 1),
        )
        for i in repeated[repeated].index
    ]
    report += [
        (
            int(i) + HEADER_ROWS + 1,
            "reference",
            v.DUPLICATE_REFERENCE.code,
            v.DUPLICATE_REFERENCE.message,
        )
        for i in taken[taken].index
    ]
    return repeated | taken, report
