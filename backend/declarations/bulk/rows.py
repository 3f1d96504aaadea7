"""Vectorised row checks: the same rules as the API, column by column over the whole file.

The outcome is a table of valid rows (typed) and a report of `(row, column, code, message)`, with
rows numbered as the spreadsheet shows them (the header is row 1).
"""

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from backend.common.iso import COUNTRIES, CURRENCY_MINOR_UNITS
from backend.declarations import validation as v
from backend.declarations.bulk.columns import CHANNEL_ALIASES, DIRECTION_ALIASES
from backend.declarations.categories import CATEGORY_CODES, INCOMING_CATEGORIES

HEADER_ROWS = 1
MAX_INTEGER_DIGITS = len(str(int(v.MAX_AMOUNT)))
SPACES = r"[\s\u00a0\u202f']"  # thousands separators: space, no-break spaces, Swiss apostrophe
PLAIN_AMOUNT = re.compile(r"\d+(\.\d+)?")


class _Collector:
    """Accumulates per-cell failures as boolean masks, then renders the report once."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index
        self.failed = pd.Series(False, index=index)
        self.entries: list[tuple[pd.Series, str, str, object]] = []

    def add(
        self,
        mask: pd.Series,
        column: str,
        rule: v.Rule,
        message: str | Callable[[], pd.Series] | None = None,
    ) -> None:
        """Flag `mask` rows; `message` is a string, a function building the per-row messages
        (called only when a row fails), or None for the rule's."""
        if not mask.any():
            return
        mask = mask & ~self.failed_cells(column)
        if mask.any():
            self.failed |= mask
            if message is None:
                text: object = rule.message
            elif callable(message):
                text = message()
            else:
                text = message
            self.entries.append((mask, column, rule.code, text))

    def failed_cells(self, column: str) -> pd.Series:
        seen = pd.Series(False, index=self.index)
        for mask, col, _, _ in self.entries:
            if col == column:
                seen |= mask
        return seen

    def report(self) -> list[tuple[int, str, str, str]]:
        rows: list[tuple[int, str, str, str]] = []
        for mask, column, code, message in self.entries:
            hit = mask[mask].index
            if isinstance(message, pd.Series):
                texts = message.loc[hit].astype(str).tolist()
            else:
                texts = [str(message)] * len(hit)
            rows.extend(
                (int(i) + HEADER_ROWS + 1, column, code, text)
                for i, text in zip(hit, texts, strict=True)
            )
        rows.sort(key=lambda r: (r[0], r[1]))
        return rows


def normalise_amounts(raw: pd.Series, *, decimal_comma: bool) -> pd.Series:
    """Rewrite human amounts (`1 234,56`, `1.234,56`, `1,234.56`) as plain `1234.56` text."""
    s = raw.str.replace(SPACES, "", regex=True)
    commas = s.str.count(",")
    points = s.str.count(r"\.")
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    both = (commas > 0) & (points > 0)
    only_comma = (commas > 0) & (points == 0)
    only_point = (points > 0) & (commas == 0)
    # A lone comma is a decimal comma in `;` files (French Excel); elsewhere "1,234" is thousands.
    single_comma_decimal = (commas == 1) & (
        decimal_comma | ~s.str.fullmatch(r"[-+]?\d{1,3},\d{3}").astype(bool)
    )
    comma_is_decimal = (both & comma_last) | (only_comma & single_comma_decimal)
    comma_is_thousands = (both & ~comma_last) | (only_comma & ~single_comma_decimal)
    point_is_thousands = (both & comma_last) | (only_point & (points > 1))
    out = s.copy()
    out = out.mask(point_is_thousands, out.str.replace(".", "", regex=False))
    out = out.mask(comma_is_thousands, out.str.replace(",", "", regex=False))
    out = out.mask(comma_is_decimal, out.str.replace(",", ".", regex=False))
    return out


def parse_dates(raw: pd.Series) -> pd.Series:
    """ISO `YYYY-MM-DD` or French `DD/MM/YYYY` (also `DD-MM-YYYY`, `DD.MM.YYYY`); NaT otherwise."""
    iso = raw.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    french = raw.str.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
    french_text = raw.where(french).str.replace(r"[.-]", "/", regex=True)
    parsed_iso = pd.to_datetime(raw.where(iso), format="%Y-%m-%d", errors="coerce")
    parsed_fr = pd.to_datetime(french_text, format="%d/%m/%Y", errors="coerce")
    return parsed_iso.fillna(parsed_fr)


def _per_distinct(values: pd.Series, apply: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`apply` run once per distinct value and spread back over the rows: dates, names and
    amounts repeat across a file, and every pandas string method is a Python loop per cell."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = apply(pd.Series(uniques, dtype=values.dtype))
    return pd.Series(done.to_numpy()[codes], index=values.index, dtype=done.dtype)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return _per_distinct(frame[column].astype(str), lambda u: u.str.strip())


def _codes(frame: pd.DataFrame, column: str, clean: Callable[[str], str]) -> pd.Series:
    """A low-cardinality column (currency, country, category...) cleaned once per distinct value."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    codes, uniques = pd.factorize(frame[column].astype(str), use_na_sentinel=False)
    cleaned = np.array([clean(str(u).strip()) for u in uniques], dtype=object)
    return pd.Series(cleaned[codes], index=frame.index, dtype=object)


def _check_text(
    errors: _Collector, values: pd.Series, column: str, limit: int, *, required: bool
) -> None:
    if required:
        errors.add(values == "", column, v.REQUIRED)
    errors.add(values.str.len() > limit, column, v.TOO_LONG, v.TOO_LONG.format(limit=limit))


def _check_choice(errors: _Collector, values: pd.Series, column: str, allowed: list[str]) -> None:
    errors.add(values == "", column, v.REQUIRED)
    bad = (values != "") & ~values.isin(allowed)
    errors.add(
        bad,
        column,
        v.INVALID_CHOICE,
        lambda: "'" + values + "' is not one of: " + ", ".join(allowed) + ".",
    )


def _amount_failure(text: str) -> tuple[str, int]:
    """The first rule a normalised amount fails ("" when none) and its decimal places."""
    plain = PLAIN_AMOUNT.fullmatch(text)
    if plain is not None and text[0] != "0" and len(text) < MAX_INTEGER_DIGITS:
        # The common case: digits with an optional fraction, no leading zero, short enough to
        # be below the upper bound whatever the digits.
        return "", 0 if plain.group(1) is None else len(plain.group(1)) - 1
    if text == "":
        return "", 0  # reported as required
    if "e" in text or "E" in text:
        return v.AMOUNT_EXPONENT.code, 0
    if text.startswith("-"):
        return v.AMOUNT_NOT_POSITIVE.code, 0
    if plain is None:
        return v.AMOUNT_INVALID.code, 0
    whole, _, decimals = text.partition(".")
    whole = whole.lstrip("0")
    fraction = decimals.strip("0")
    if whole == "" and fraction == "":
        return v.AMOUNT_NOT_POSITIVE.code, 0
    if len(whole) > MAX_INTEGER_DIGITS or (
        len(whole) == MAX_INTEGER_DIGITS and (whole > str(int(v.MAX_AMOUNT)) or fraction != "")
    ):
        return v.AMOUNT_TOO_LARGE.code, 0
    return "", len(decimals)


def _amount_failures(amount: pd.Series) -> pd.DataFrame:
    failures = [_amount_failure(text) for text in amount.tolist()]
    return pd.DataFrame(
        {
            "code": [code for code, _ in failures],
            "places": np.array([places for _, places in failures], dtype=np.int64),
        },
        index=amount.index,
    )


def _normalised_amounts(raw: pd.Series, *, decimal_comma: bool) -> pd.Series:
    """`normalise_amounts` for the cells that need it (most files hold plain `1234.56`)."""
    amount = raw.astype(object)
    plain = np.array([PLAIN_AMOUNT.fullmatch(text) is not None for text in amount.tolist()])
    if not plain.all():
        amount = amount.copy()
        amount[~plain] = normalise_amounts(raw[~plain], decimal_comma=decimal_comma).astype(object)
    return amount


def _check_amounts(
    errors: _Collector, frame: pd.DataFrame, currency: pd.Series, *, decimal_comma: bool
) -> pd.Series:
    raw = _text(frame, "amount")
    errors.add(raw == "", "amount", v.REQUIRED)
    amount = _per_distinct(raw, lambda u: _normalised_amounts(u, decimal_comma=decimal_comma))
    failures = _amount_failures(amount)
    code = failures["code"]
    for rule in (v.AMOUNT_EXPONENT, v.AMOUNT_NOT_POSITIVE, v.AMOUNT_INVALID):
        errors.add(code == rule.code, "amount", rule)
    errors.add(
        code == v.AMOUNT_TOO_LARGE.code,
        "amount",
        v.AMOUNT_TOO_LARGE,
        v.AMOUNT_TOO_LARGE.format(limit=f"{v.MAX_AMOUNT:,}"),
    )
    places = currency.map(CURRENCY_MINOR_UNITS)
    precise = (code == "") & (raw != "") & places.notna() & (failures["places"] > places.fillna(0))
    errors.add(
        precise,
        "amount",
        v.AMOUNT_TOO_PRECISE,
        lambda: (
            currency
            + " amounts have at most "
            + places.fillna(0).astype(int).astype(str)
            + " decimal place(s)."
        ),
    )
    return amount


def _check_dates(
    errors: _Collector, frame: pd.DataFrame, column: str, today: date, *, required: bool
) -> pd.Series:
    raw = _text(frame, column)
    if required:
        errors.add(raw == "", column, v.REQUIRED)
    parsed = _per_distinct(raw, parse_dates)
    errors.add((raw != "") & parsed.isna(), column, v.DATE_INVALID)
    if column == "value_date":
        earliest = v.earliest_value_date(today)
        errors.add(
            parsed > pd.Timestamp(today),
            column,
            v.DATE_IN_FUTURE,
            v.DATE_IN_FUTURE.format(today=today.isoformat()),
        )
        errors.add(
            parsed < pd.Timestamp(earliest),
            column,
            v.DATE_TOO_OLD,
            v.DATE_TOO_OLD.format(earliest=earliest.isoformat()),
        )
    return parsed


def check_rows(
    frame: pd.DataFrame, *, today: date, decimal_comma: bool
) -> tuple[pd.DataFrame, _Collector]:
    """Check every cell; the normalised table (typed where valid) and the collected failures."""
    errors = _Collector(frame.index)
    out = pd.DataFrame(index=frame.index)

    reference = _text(frame, "reference")
    _check_text(errors, reference, "reference", v.REFERENCE_MAX_LENGTH, required=True)
    errors.add(
        (reference != "") & ~reference.str.fullmatch(v.REFERENCE_PATTERN.pattern).astype(bool),
        "reference",
        v.INVALID_REFERENCE,
    )
    out["reference"] = reference

    direction = _codes(frame, "direction", lambda s: DIRECTION_ALIASES.get(s.lower(), s.lower()))
    _check_choice(errors, direction, "direction", ["outgoing", "incoming"])
    category = _codes(frame, "category", str.upper)
    _check_choice(errors, category, "category", list(CATEGORY_CODES))
    channel = _codes(frame, "channel", lambda s: CHANNEL_ALIASES.get(s.lower(), s.lower()))
    _check_choice(errors, channel, "channel", ["card", "transfer", "other"])
    mismatch = (
        category.isin(list(CATEGORY_CODES))
        & direction.isin(["outgoing", "incoming"])
        & (category.isin(list(INCOMING_CATEGORIES)) != (direction == "incoming"))
    )
    errors.add(mismatch, "direction", v.DIRECTION_MISMATCH)
    out["direction"], out["category"], out["channel"] = direction, category, channel

    currency = _codes(frame, "currency", str.upper)
    errors.add(currency == "", "currency", v.REQUIRED)
    errors.add(
        (currency != "") & ~currency.isin(list(CURRENCY_MINOR_UNITS)),
        "currency",
        v.UNKNOWN_CURRENCY,
        lambda: "Not an ISO 4217 currency code: '" + currency + "'.",
    )
    errors.add(currency == v.HOME_CURRENCY, "currency", v.NOT_CROSS_BORDER_CURRENCY)
    out["currency"] = currency
    out["amount"] = _check_amounts(errors, frame, currency, decimal_comma=decimal_comma)

    name = _text(frame, "counterparty_name")
    _check_text(errors, name, "counterparty_name", v.COUNTERPARTY_NAME_MAX_LENGTH, required=True)
    country = _codes(frame, "counterparty_country", str.upper)
    errors.add(country == "", "counterparty_country", v.REQUIRED)
    errors.add(
        (country != "") & ~country.isin(list(COUNTRIES)),
        "counterparty_country",
        v.UNKNOWN_COUNTRY,
        lambda: "Not an ISO 3166-1 alpha-2 country code: '" + country + "'.",
    )
    errors.add(country == v.HOME_COUNTRY, "counterparty_country", v.NOT_CROSS_BORDER_COUNTRY)
    description = _text(frame, "description")
    _check_text(errors, description, "description", v.DESCRIPTION_MAX_LENGTH, required=False)
    out["counterparty_name"], out["counterparty_country"], out["description"] = (
        name,
        country,
        description,
    )

    out["value_date"] = _check_dates(errors, frame, "value_date", today, required=True)
    performed = _check_dates(errors, frame, "service_performance_date", today, required=False)
    repatriation = _check_dates(errors, frame, "expected_repatriation_date", today, required=False)
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
