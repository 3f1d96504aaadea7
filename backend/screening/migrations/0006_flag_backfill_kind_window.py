"""Give every existing flag its rule's kind and the window its finding measured, so that cases
can be grouped per breach (reviews 0003)."""

import calendar
from datetime import date
from typing import Any

from django.db import migrations

# The months a period rule's window spans (as the engine's `caps.MONTHS_IN_PERIOD`).
MONTHS_IN_PERIOD = {"calendar_year": 12, "calendar_quarter": 3, "calendar_month": 1}
PERIOD_KINDS = ("period_cap", "tax_linked_cap")
BATCH = 2_000


def _period(value_date: date, period: str) -> tuple[date, date]:
    size = MONTHS_IN_PERIOD.get(period, 12)
    first_month = value_date.month - (value_date.month - 1) % size
    last_month = first_month + size - 1
    last_day = calendar.monthrange(value_date.year, last_month)[1]
    return date(value_date.year, first_month, 1), date(value_date.year, last_month, last_day)


def _rule_of(document: Any, rule_id: str) -> dict[str, Any]:
    for rule in (document or {}).get("rules", []):
        if rule.get("id") == rule_id:
            return rule
    return {}


def _from_document(flag: Any, documents: dict[Any, Any]) -> tuple[str, Any, Any]:
    """The kind and window of a flag whose finding is gone (the breach was re-screened away)."""
    rule = _rule_of(documents[flag.rulebook_version_id], flag.rule_id)
    kind = str(rule.get("kind", ""))
    if kind in PERIOD_KINDS:
        period = (rule.get("params") or {}).get("period", "calendar_year")
        start, end = _period(flag.value_date, period)
        return kind, start, end
    if kind == "structuring":
        return kind, flag.value_date, flag.value_date
    return kind, None, None


def backfill(apps: Any, schema_editor: Any) -> None:
    Flag = apps.get_model("screening", "Flag")
    Finding = apps.get_model("screening", "Finding")
    RulebookVersion = apps.get_model("rulebooks", "RulebookVersion")
    documents: dict[Any, Any] = {}
    pending = list(Flag.objects.filter(rule_kind="").order_by("pk"))
    for start in range(0, len(pending), BATCH):
        flags = pending[start : start + BATCH]
        found = {
            (d, v, r): (k, ws, we)
            for d, v, r, k, ws, we in Finding.objects.filter(
                evaluation__declaration_id__in={f.declaration_id for f in flags}
            ).values_list(
                "evaluation__declaration_id",
                "evaluation__rulebook_version_id",
                "rule_id",
                "rule_kind",
                "window_start",
                "window_end",
            )
        }
        for flag in flags:
            hit = found.get((flag.declaration_id, flag.rulebook_version_id, flag.rule_id))
            if hit is None:
                if flag.rulebook_version_id not in documents:
                    documents[flag.rulebook_version_id] = (
                        RulebookVersion.objects.filter(pk=flag.rulebook_version_id)
                        .values_list("document", flat=True)
                        .first()
                    )
                hit = _from_document(flag, documents)
            flag.rule_kind, flag.window_start, flag.window_end = hit
        Flag.objects.bulk_update(flags, ["rule_kind", "window_start", "window_end"])


class Migration(migrations.Migration):
    dependencies = [
        ("rulebooks", "0002_rulebook_names_fr_en"),
        ("screening", "0005_flag_rule_kind_window"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
