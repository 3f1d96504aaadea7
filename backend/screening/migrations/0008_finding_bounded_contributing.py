"""Bound the contributing payments every stored finding names: keep the latest ten (the list was
in the engine's canonical order, so the last ten) and record how many there were; then hash each
touched evaluation's findings as the engine now does, so that a re-run or a replay of an
unchanged screening still finds it equal and writes nothing."""

import hashlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from django.db import migrations

# rule_engine.CONTRIBUTING_SAMPLE when this migration was written.
SAMPLE = 10
# The rule kinds whose findings name contributing payments.
MEMBER_KINDS = ("period_cap", "tax_linked_cap", "structuring")
BATCH = 2_000


def _batches(queryset: Any, fields: tuple[str, ...]) -> Iterator[list[tuple[Any, ...]]]:
    """The queryset's rows (pk first) in primary-key order, a batch at a time."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page.values_list("pk", *fields)[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _hashes(rows: list[tuple[Any, ...]]) -> dict[int, str]:
    """Per evaluation, its findings' hash exactly as screening.versions.findings_hashes computes
    it from the engine's frame: the same pandas renderings of a missing number or date."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "evaluation_id",
            "rule_id",
            "outcome",
            "measured_minor",
            "limit_minor",
            "window_start",
            "contributing",
            "contributing_count",
            "explanation_fr",
        ],
    )
    measured = pd.Series(pd.array(frame["measured_minor"].tolist(), dtype="Int64"))
    limit = pd.Series(pd.array(frame["limit_minor"].tolist(), dtype="Int64"))
    window = pd.Series(np.array(frame["window_start"].tolist(), dtype="datetime64[ns]"))
    lines: dict[int, list[str]] = {}
    for evaluation, rule, outcome, m, lim, start, ids, count, fr in zip(
        frame["evaluation_id"],
        frame["rule_id"],
        frame["outcome"],
        measured.astype(object),
        limit.astype(object),
        window.astype(str),
        frame["contributing"],
        frame["contributing_count"],
        frame["explanation_fr"],
        strict=True,
    ):
        named = f"{','.join(ids)}#{count}"
        lines.setdefault(int(evaluation), []).append(
            f"{rule}|{outcome}|{m}|{lim}|{start}|{named}|{fr}"
        )
    return {e: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest() for e, v in lines.items()}


def _rehash(apps: Any, evaluation_ids: list[int]) -> None:
    Evaluation = apps.get_model("screening", "Evaluation")
    Finding = apps.get_model("screening", "Finding")
    rows = list(
        Finding.objects.filter(evaluation_id__in=evaluation_ids).values_list(
            "evaluation_id",
            "rule_id",
            "outcome",
            "measured_minor",
            "limit_minor",
            "window_start",
            "contributing",
            "contributing_count",
            "explanation_fr",
        )
    )
    if not rows:
        return
    Evaluation.objects.bulk_update(
        [Evaluation(pk=pk, findings_hash=h) for pk, h in _hashes(rows).items()],
        ["findings_hash"],
        batch_size=BATCH,
    )


def bound(apps: Any, schema_editor: Any) -> None:
    Finding = apps.get_model("screening", "Finding")
    # Rows not counted yet (a count of 0 with payments named): those stored before the count.
    named = Finding.objects.filter(rule_kind__in=MEMBER_KINDS, contributing_count=0)
    for rows in _batches(named, ("evaluation_id", "contributing")):
        kept = [(pk, evaluation, list(ids or [])) for pk, evaluation, ids in rows]
        kept = [row for row in kept if row[2]]
        Finding.objects.bulk_update(
            [
                Finding(pk=pk, contributing=ids[-SAMPLE:], contributing_count=len(ids))
                for pk, _, ids in kept
            ],
            ["contributing", "contributing_count"],
            batch_size=BATCH,
        )
        _rehash(apps, sorted({evaluation for _, evaluation, _ in kept}))


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0007_finding_contributing_count"),
    ]

    operations = [
        migrations.RunPython(bound, migrations.RunPython.noop, elidable=True),
    ]
