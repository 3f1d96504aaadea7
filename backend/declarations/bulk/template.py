"""The downloadable import template: the columns, in order, with one example row."""

import csv
import io

from backend.declarations.bulk.columns import COLUMNS

EXAMPLE_ROW: dict[str, str] = {
    "reference": "INV-2026-0042",
    "direction": "outgoing",
    "category": "SAAS_CLOUD",
    "channel": "card",
    "amount": "1250.00",
    "currency": "EUR",
    "value_date": "2026-03-25",
    "counterparty_name": "Example Cloud Ltd",
    "counterparty_country": "IE",
    "description": "Hosting, March",
    "service_performance_date": "",
    "expected_repatriation_date": "",
}


def template_csv() -> bytes:
    """The CSV template (UTF-8 with BOM, comma-separated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE_ROW[c] for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The XLSX template; dates and amounts are text cells so Excel keeps them as typed."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "declarations"
    sheet.append(list(COLUMNS))
    sheet.append([EXAMPLE_ROW[c] for c in COLUMNS])
    for cell in sheet[2]:
        cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
