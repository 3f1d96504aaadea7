"""Column-wise cell checks shared by the import's row checks: text, choices, amounts, dates,
and the collector of failures they report into (rows numbered as a spreadsheet shows them)."""

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from backend.common.iso import CURRENCY_MINOR_UNITS
from backend.declarations import validation as v

HEADER_ROWS = 1
MAX_INTEGER_DIGITS = len(str(int(v.MAX_AMOUNT)))
SPACES = r"[\s\u00a0\u202f']"  # thousands separators: space, no-break spaces, Swiss apostrophe
PLAIN_AMOUNT = re.compile(r"\d+(\.\d+)?")


class Collector:
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


def per_distinct(values: pd.Series, apply: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`apply` run once per distinct value and spread back over the rows: dates, names and
    amounts repeat across a file, and every pandas string method is a Python loop per cell."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = apply(pd.Series(uniques, dtype=values.dtype))
    return pd.Series(done.to_numpy()[codes], index=values.index, dtype=done.dtype)


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return per_distinct(frame[column].astype(str), lambda u: u.str.strip())


def codes(frame: pd.DataFrame, column: str, clean: Callable[[str], str]) -> pd.Series:
    """A low-cardinality column (currency, country, category...) cleaned once per distinct value."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    codes, uniques = pd.factorize(frame[column].astype(str), use_na_sentinel=False)
    cleaned = np.array([clean(str(u).strip()) for u in uniques], dtype=object)
    return pd.Series(cleaned[codes], index=frame.index, dtype=object)


def check_text(
    errors: Collector, values: pd.Series, column: str, limit: int, *, required: bool
) -> None:
    if required:
        errors.add(values == "", column, v.REQUIRED)
    errors.add(values.str.len() > limit, column, v.TOO_LONG, v.TOO_LONG.format(limit=limit))


def check_choice(errors: Collector, values: pd.Series, column: str, allowed: list[str]) -> None:
    errors.add(values == "", column, v.REQUIRED)
    bad = (values != "") & ~values.isin(allowed)
    errors.add(
        bad,
        column,
        v.INVALID_CHOICE,
        lambda: "'" + values + "' is not one of: " + ", ".join(allowed) + ".",
    )


def _amount_failure(cell: str) -> tuple[str, int]:
    """The first rule a normalised amount fails ("" when none) and its decimal places."""
    plain = PLAIN_AMOUNT.fullmatch(cell)
    if plain is not None and cell[0] != "0" and len(cell) < MAX_INTEGER_DIGITS:
        # The common case: digits with an optional fraction, no leading zero, short enough to
        # be below the upper bound whatever the digits.
        return "", 0 if plain.group(1) is None else len(plain.group(1)) - 1
    if cell == "":
        return "", 0  # reported as required
    if "e" in cell or "E" in cell:
        return v.AMOUNT_EXPONENT.code, 0
    if cell.startswith("-"):
        return v.AMOUNT_NOT_POSITIVE.code, 0
    if plain is None:
        return v.AMOUNT_INVALID.code, 0
    whole, _, decimals = cell.partition(".")
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
    failures = [_amount_failure(cell) for cell in amount.tolist()]
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


def check_amount_column(
    errors: Collector,
    frame: pd.DataFrame,
    column: str,
    currency: pd.Series,
    *,
    decimal_comma: bool,
    required: bool = True,
) -> tuple[pd.Series, pd.Series]:
    """A money column normalised to plain decimal text ("" where empty), and the rows whose
    cell failed a check (the currency gives the decimal places allowed)."""
    raw = text(frame, column)
    empty = raw == ""
    if required:
        errors.add(empty, column, v.REQUIRED)
    elif empty.all():
        return raw, pd.Series(False, index=frame.index)  # an optional column left blank
    amount = per_distinct(raw, lambda u: _normalised_amounts(u, decimal_comma=decimal_comma))
    failures = _amount_failures(amount)
    code = failures["code"]
    failed = pd.Series(False, index=frame.index)
    for rule in (v.AMOUNT_EXPONENT, v.AMOUNT_NOT_POSITIVE, v.AMOUNT_INVALID):
        errors.add(code == rule.code, column, rule)
        failed |= code == rule.code
    errors.add(
        code == v.AMOUNT_TOO_LARGE.code,
        column,
        v.AMOUNT_TOO_LARGE,
        v.AMOUNT_TOO_LARGE.format(limit=f"{v.MAX_AMOUNT:,}"),
    )
    failed |= code == v.AMOUNT_TOO_LARGE.code
    places = currency.map(CURRENCY_MINOR_UNITS)
    precise = (code == "") & (raw != "") & places.notna() & (failures["places"] > places.fillna(0))
    errors.add(
        precise,
        column,
        v.AMOUNT_TOO_PRECISE,
        lambda: (
            currency
            + " amounts have "
            + places.fillna(0).astype(int).map(v.decimal_places_en)
            + "."
        ),
    )
    return amount.where(raw != "", ""), failed | precise


def check_dates(
    errors: Collector, frame: pd.DataFrame, column: str, today: date, *, required: bool
) -> pd.Series:
    raw = text(frame, column)
    if required:
        errors.add(raw == "", column, v.REQUIRED)
    parsed = per_distinct(raw, parse_dates)
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
