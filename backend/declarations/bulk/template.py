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
    "receipt_status": "",
    "payment_kind": "settlement",
    "contract_amount": "",
    "contract_currency": "",
    "subscription_months": "",
}
# Further rows showing how an advance and a receipt still expected are written.
MORE_EXAMPLES: tuple[dict[str, str], ...] = (
    {
        **EXAMPLE_ROW,
        "reference": "INV-2026-0043",
        "channel": "transfer",
        "amount": "3000.00",
        "counterparty_name": "Example Studio SARL",
        "counterparty_country": "FR",
        "description": "Design sprint, 30 % advance",
        "payment_kind": "advance",
        "contract_amount": "10000.00",
        "contract_currency": "EUR",
    },
    {
        **EXAMPLE_ROW,
        "reference": "RCV-2026-0007",
        "direction": "incoming",
        "category": "SERVICE_EXPORT_RECEIPT",
        "channel": "transfer",
        "amount": "8000.00",
        "currency": "USD",
        "value_date": "",
        "counterparty_name": "Example Client Inc",
        "counterparty_country": "US",
        "description": "Audit delivered in March, paid on invoice",
        "service_performance_date": "2026-03-20",
        "expected_repatriation_date": "2026-05-15",
        "receipt_status": "expected",
        "payment_kind": "",
    },
)


def template_csv() -> bytes:
    """The CSV template (UTF-8 with BOM, comma-separated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in (EXAMPLE_ROW, *MORE_EXAMPLES):
        writer.writerow([row[c] for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The XLSX template; dates and amounts are text cells so Excel keeps them as typed."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "declarations"
    sheet.append(list(COLUMNS))
    for row in (EXAMPLE_ROW, *MORE_EXAMPLES):
        sheet.append([row[c] for c in COLUMNS])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
