"""Amounts and counts written as each reader writes them, from exact decimals only."""

from decimal import Decimal

import pytest

from backend.evidence.exports.numbers import amount_text, count_text


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        ("5302500.00", "5\u202f302\u202f500,00\u00a0MAD", "5,302,500.00 MAD"),
        (Decimal("999.5"), "999,50\u00a0MAD", "999.50 MAD"),
        (1000, "1\u202f000,00\u00a0MAD", "1,000.00 MAD"),
        ("0.00", "0,00\u00a0MAD", "0.00 MAD"),
        ("-1234567.89", "-1\u202f234\u202f567,89\u00a0MAD", "-1,234,567.89 MAD"),
    ],
)
def test_an_amount_reads_as_its_reader_writes_it(value, french, english):
    assert amount_text(value, "fr") == french
    assert amount_text(value, "en") == english


def test_a_count_groups_its_thousands_for_its_reader():
    assert count_text(1234567, "fr") == "1\u202f234\u202f567"
    assert count_text(1234567, "en") == "1,234,567"
    assert count_text(7, "fr") == count_text(7, "en") == "7"


@pytest.mark.parametrize("value", [5302500.0, True])
def test_an_amount_is_never_a_float_or_a_flag(value):
    with pytest.raises(TypeError):
        amount_text(value, "en")


def test_an_amount_finer_than_a_centime_is_refused():
    with pytest.raises(ValueError, match="centime"):
        amount_text("1.005", "fr")
