"""The queue as CSV for regulators, safe to open in a spreadsheet."""

from collections.abc import Iterable, Iterator
from datetime import UTC, date
from typing import Any

# Cells a spreadsheet would read as a formula (or that hide one behind a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "case_id",
    "reference",
    "participant",
    "cluster",
    "state",
    "priority",
    "severity",
    "amount_mad",
    "kind",
    "payments",
    "window",
    "rules",
    "assignee",
    "due_at",
    "overdue",
    "outcome",
    "opened_at",
)


def csv_safe(value: Any) -> str:
    """The cell as text, with a leading `'` when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _when(value: Any) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def queue_rows(cases: Iterable[Any]) -> Iterator[list[str]]:
    """The header, then one row per case (in the queue's order)."""
    yield list(COLUMNS)
    for case in cases:
        profile = getattr(case.participant, "participant", None)
        yield [
            csv_safe(v)
            for v in (
                case.pk,
                case.declaration.reference,
                case.participant.name,
                profile.cluster if profile is not None else "",
                case.state,
                case.priority,
                case.severity,
                f"{case.amount_mad:.2f}",
                case.kind,
                case.payment_count,
                f"{case.window_start}..{case.window_end}" if case.window_start else "",
                " ".join(sorted({f.rule_id for f in case.flags.all()})),
                case.assignee.get_username() if case.assignee_id else "",
                _when(case.due_at),
                "yes" if case.overdue else "no",
                case.outcome,
                _when(case.opened_at),
            )
        ]


def export_name(filters: dict[str, Any], day: date) -> str:
    """The download's name: what it holds, the day it was taken and the filters applied
    (``review-cases-2026-12-06-state-open+in_review-overdue-true.csv``; ``all`` without)."""
    parts = []
    for key in sorted(k for k in filters if k != "ordering"):
        value = filters[key]
        if isinstance(value, list):
            value = "+".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        text = str(value)
        if key in ("participant", "declaration") or len(text) == 36:
            text = text[:8]  # an id: its first characters are enough to tell it apart
        parts.append(f"{key}-{text}")
    stem = "-".join(["review-cases", day.isoformat(), *(parts or ["all"])])
    return "".join(c if c.isalnum() or c in "-_+" else "_" for c in stem)[:150] + ".csv"
