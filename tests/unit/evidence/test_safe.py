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
    # Given a cell whose label and a rule whose citation are spreadsheet formulas,
    payload = {
        "tables": {
            "reviews": [
                {
                    "outcome": "@SUM(A1)",
                    "cases": 3,
                    "participants": 2,
                    "days_total": 7,
                    "documents_requested": 0,
                    "suppressed": False,
                }
            ]
        }
    }
    manifest = {
        "filters": {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        "cutoff": "2026-12-01T00:00:00Z",
        "disclosure": None,
    }
    rules = [
        {
            "version": "Rules v1",
            "kind": "in_force",
            "rule_id": "R1",
            "title": "x",
            "citation": "=HYPERLINK(1)",
            "confidence": "press",
        }
    ]
    lines = csv_bytes(payload, manifest, rules).decode("utf-8-sig").split("\r\n")
    # then the header block lines start with '#' (inert), the label is neutralised, the
    # numbers stay bare.
    assert all(line.startswith(("#", '"#')) for line in lines[:-3])
    assert any("R1: press (presse); =HYPERLINK(1)" in line for line in lines)
    assert lines[-3] == "table,row,column,basis,declarations,participants,mad,suppressed"
    assert lines[-2] == "reviews,'@SUM(A1),,,3,2,,"
