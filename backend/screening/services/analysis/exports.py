"""The analysis jobs' results as CSV files (UTF-8 with BOM, formula-safe)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from backend.screening.models import Backtest, Sweep

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Spreadsheets must show a cell that looks like a formula as text, never run it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def backtest_csv(*, backtest: Backtest) -> bytes:
    """The transitions of a backtest as CSV (UTF-8 with BOM, formula-safe)."""
    rows = (
        [
            str(t.declaration_id),
            t.reference,
            str(t.participant_id),
            t.value_date.isoformat(),
            t.category,
            "" if t.amount_mad is None else str(t.amount_mad),
            t.before,
            t.after,
            " ".join(t.rules_before),
            " ".join(t.rules_after),
        ]
        for t in backtest.transitions.order_by("value_date", "id")
    )
    return _csv(
        [
            "declaration",
            "reference",
            "participant",
            "value_date",
            "category",
            "amount_mad",
            "before",
            "after",
            "rules_before",
            "rules_after",
        ],
        rows,
    )


def sweep_csv(*, sweep: Sweep) -> bytes:
    """A sweep's curve as CSV."""
    return _csv(
        [sweep.parameter, "breaches", "participants", "volume_mad_blocked"],
        (
            [r["value"], r["breaches"], r["participants"], r["volume_mad_blocked"]]
            for r in sweep.results
        ),
    )
