"""Formula-injection defence for text cells; numbers stay numbers."""

from decimal import Decimal

import pytest

from backend.evidence.exports.safe import safe_cell
from backend.evidence.exports.tabular import csv_bytes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Logiciel", "Logiciel"),
        ("-12.5", "-12.5"),
        ("+33", "+33"),
    ],
)
def test_text_cells(text, expected):
    assert safe_cell(text) == expected


def test_numbers_stay_numbers():
    assert safe_cell(Decimal("-12.5")) == Decimal("-12.5")
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None


def test_csv_writes_numbers_bare_and_formulas_inert():
    data = csv_bytes([("=1+1", Decimal("-12.5"), "-12.5", "@SUM(A1)")], header=("a", "b", "c", "d"))
    assert data.decode("utf-8-sig") == "a,b,c,d\r\n'=1+1,-12.5,-12.5,'@SUM(A1)\r\n"
