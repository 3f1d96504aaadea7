"""CSV cells that a spreadsheet would run as formulas are neutralised."""

import pytest

from backend.reviews.exports import csv_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Atlas Cloud", "Atlas Cloud"),
        ("2500000.00", "2500000.00"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected
