"""Pure parsing of import files: amounts, dates, encodings, delimiters (no database)."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from backend.declarations import validation as v
from backend.declarations.bulk.columns import column_for
from backend.declarations.bulk.reader import decode, sniff_delimiter
from backend.declarations.bulk.rows import normalise_amounts, parse_dates


@pytest.mark.parametrize(
    ("raw", "decimal_comma", "expected"),
    [
        ("1 234,56", True, "1234.56"),
        ("1\u00a0234,56", True, "1234.56"),
        ("1\u202f234,5", True, "1234.5"),
        ("1.234,56", True, "1234.56"),
        ("1,234.56", False, "1234.56"),
        ("1,234", False, "1234"),
        ("12,5", False, "12.5"),
        ("1,234", True, "1.234"),
        ("1.234.567", True, "1234567"),
        ("1,234,567.89", False, "1234567.89"),
        ("1250", True, "1250"),
        ("1250.00", True, "1250.00"),
        ("1'234.50", False, "1234.50"),
        ("1E3", False, "1E3"),
    ],
)
def test_amounts_are_normalised_as_people_write_them(raw, decimal_comma, expected):
    assert normalise_amounts(pd.Series([raw]), decimal_comma=decimal_comma).tolist() == [expected]


def test_dates_in_iso_and_french_forms():
    parsed = parse_dates(
        pd.Series(
            ["2026-03-25", "25/03/2026", "5/3/2026", "25.03.2026", "31/02/2026", "03-25-2026", ""]
        )
    )
    assert [None if pd.isna(x) else x.date() for x in parsed] == [
        date(2026, 3, 25),
        date(2026, 3, 25),
        date(2026, 3, 5),
        date(2026, 3, 25),
        None,
        None,
        None,
    ]


def test_decode_prefers_utf8_then_windows_1252():
    assert decode("€ é".encode()) == ("€ é", "utf-8")
    assert decode(b"\xef\xbb\xbfa;b") == ("a;b", "utf-8-sig")
    assert decode("Société € — «".encode("cp1252")) == ("Société € — «", "cp1252")


@pytest.mark.parametrize(
    ("header", "delimiter"), [("a;b;c", ";"), ("a,b,c", ","), ("a\tb", "\t"), ("abc", ",")]
)
def test_delimiter_sniffing(header, delimiter):
    assert sniff_delimiter(header) == delimiter


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Référence", "reference"),
        (" MONTANT ", "amount"),
        ("Date de valeur", "value_date"),
        ("counterparty_country", "counterparty_country"),
        ("Pays contrepartie", "counterparty_country"),
        ("status", None),
    ],
)
def test_headers_in_french_or_english(header, column):
    assert column_for(header) == column


@pytest.mark.parametrize(
    ("raw", "currency", "code"),
    [
        ("1250.00", "EUR", None),
        ("1250", "JPY", None),
        ("1.5", "JPY", "amount_too_precise"),
        ("1.234", "KWD", None),
        ("1.2345", "KWD", "amount_too_precise"),
        ("0", "EUR", "amount_not_positive"),
        ("1e3", "EUR", "amount_exponent"),
        ("1000000000000", "EUR", None),
        ("1000000000000.01", "EUR", "amount_too_large"),
    ],
)
def test_amount_check(raw, currency, code):
    amount, rule, _ = v.amount_check(raw, currency)
    assert (rule.code if rule else None) == code
    assert amount == (Decimal(raw) if code is None else None)


def test_value_date_window():
    today = date(2026, 3, 25)
    assert v.value_date_check(today, today) is None
    assert (
        v.value_date_check(date(2026, 3, 26), today)
        == "The value date cannot be in the future (today is 2026-03-25)."
    )
    assert v.value_date_check(date(2016, 3, 25), today) is None
    assert (
        v.value_date_check(date(2016, 3, 24), today)
        == "The value date cannot be before 2016-03-25."
    )
    assert v.earliest_value_date(date(2028, 2, 29)) == date(2018, 2, 28)


def test_an_imported_row_in_dirhams_or_to_morocco_is_refused_as_not_cross_border():
    from backend.declarations.bulk.rows import check_rows

    row = {
        "reference": "R-1",
        "direction": "outgoing",
        "category": "SAAS_CLOUD",
        "channel": "card",
        "amount": "10.00",
        "currency": "EUR",
        "value_date": "2026-03-25",
        "counterparty_name": "X",
        "counterparty_country": "IE",
        "description": "",
    }
    frame = pd.DataFrame(
        [row, {**row, "currency": "mad"}, {**row, "counterparty_country": "MA"}], dtype=str
    )
    _, errors = check_rows(frame, today=date(2026, 3, 25), decimal_comma=False)
    assert [(column, code) for _, column, code, _ in errors.report()] == [
        ("currency", "not_cross_border"),
        ("counterparty_country", "not_cross_border"),
    ]
