"""Stored evaluations whose verdict or findings changed, rewritten in place, set-based.

A payment declared mid-year changes the running totals of every later payment of its allowance
year: their stored evaluations keep their key and their row, only their verdict, findings hash
and provenance change. They are updated in one set-based statement (PostgreSQL: `COPY` to a
temporary table joined in one `UPDATE`) and their findings replaced in one `DELETE` and one
`COPY`, instead of deleting each row through the ORM (which collects its cascade row by row)
and inserting it again with its findings as model instances.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
from django.db import connection

from backend.common.bulk import db_json, frame_read, raw_insert, raw_update
from backend.rates.models import Conversion
from backend.rule_engine import ENGINE_VERSION
from backend.rule_engine.evaluator import FINDING_COLUMNS as ENGINE_FINDING_COLUMNS
from backend.screening.columns import (
    bools,
    fact_lists,
    ints,
    optional_dates,
    optional_ints,
    texts,
    texts_or_empty,
)
from backend.screening.models import Evaluation, Finding, Verdict
from backend.screening.services.screening.diff import Diff
from backend.screening.services.screening.frames import _chunks, _field_prep
from backend.screening.services.screening.plan import NO_RATE_ROWS, Plan
from backend.screening.services.screening.writes import _snapshots
from backend.screening.versions import EMPTY_FINDINGS_HASH

# A stored finding: the engine's columns, keyed by its evaluation instead of its declaration,
# with the rule's citation.
FINDING_COLUMNS = ("evaluation_id", *ENGINE_FINDING_COLUMNS[1:], "citation")


def _in_place(diff: Diff) -> pd.Series:
    """Rows of the diff that replace a stored current evaluation of the same key (no stored
    non-current one) and stay stored (not an implied compliant verdict)."""
    insert = diff.insert
    if insert.empty or "pk" not in insert:
        return pd.Series(False, index=insert.index, dtype=bool)
    stored = (insert["verdict"] != Verdict.COMPLIANT) | (
        insert["findings_hash"] != EMPTY_FINDINGS_HASH
    )
    stale = insert["stale_pk"].notna() if "stale_pk" in insert else False
    return stored & insert["pk"].notna() & ~stale


def _delete_findings(evaluation_pks: list[int]) -> None:
    table = connection.ops.quote_name(Finding._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"DELETE FROM {table} WHERE evaluation_id = ANY(%s)",  # noqa: S608
                [evaluation_pks],
            )
            return
        for part in _chunks(evaluation_pks):
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"DELETE FROM {table} WHERE evaluation_id IN ({marks})",  # noqa: S608
                part,
            )


def _id_lists(values: pd.Series) -> list[str]:
    """Id sequences (tuples, lists or arrays of ids) in a JSONField's database form."""
    return [json.dumps([str(i) for i in v]) if len(v) else "[]" for v in values.tolist()]


def _fact_lists(findings: pd.DataFrame) -> list[str]:
    """The engine's missing facts (comma-separated names) as JSON lists, each distinct value
    converted once (a handful over thousands of findings)."""
    if "missing_facts" not in findings.columns:
        return ["[]"] * len(findings)
    codes, distinct = pd.factorize(findings["missing_facts"].astype(str))
    lists = db_json(fact_lists(pd.DataFrame({"missing_facts": distinct}), "missing_facts"))
    return [lists[c] for c in codes.tolist()]


def _finding_rows(plan: Plan, pk_of: dict[tuple[str, str], int]) -> list[tuple[Any, ...]]:
    """Database-ready finding rows of the rewritten evaluations, column by column."""
    out: list[tuple[Any, ...]] = []
    day = _field_prep(Finding, "window_start")
    for result in plan.results:
        f = result.findings
        if f.empty:
            continue
        version_id = str(result.version.id)
        keys = [pk_of.get((d, version_id)) for d in texts(f, "declaration_id")]
        mask = [k is not None for k in keys]
        if not any(mask):
            continue
        f = f[mask]
        out.extend(
            zip(
                [k for k in keys if k is not None],
                texts(f, "rule_id"),
                texts(f, "rule_kind"),
                texts(f, "outcome"),
                optional_ints(f, "measured_minor"),
                optional_ints(f, "limit_minor"),
                texts(f, "unit"),
                [day(d) for d in optional_dates(f, "window_start")],
                [day(d) for d in optional_dates(f, "window_end")],
                _id_lists(f["contributing"]),
                ints(f, "contributing_count"),
                _fact_lists(f),
                texts(f, "explanation_fr"),
                texts(f, "explanation_en"),
                texts(f, "severity"),
                texts(f, "confidence"),
                texts_or_empty(f, "citation"),
                strict=True,
            )
        )
    return out


def _rate_rows(plan: Plan, declarations: set[str]) -> dict[str, list[int]]:
    """Rate row ids of these declarations' conversions, by declaration: one set-based read of
    the plan's participants' conversions from its start (the rewritten rows are most of them),
    as `facts.rate_rows_of` gives them."""
    through = Conversion.rate_rows.through
    participants = sorted(set(texts(plan.bundle.frame, "participant_id")))
    found: dict[str, list[int]] = {}
    for part in _chunks(participants):
        rows = frame_read(
            through.objects.filter(
                conversion__declaration__organisation_id__in=part,
                conversion__declaration__value_date__gte=plan.since,
            ).order_by("raterow_id"),
            ("conversion__declaration_id", "raterow_id"),
        )
        for declaration, row in zip(
            texts(rows, "conversion__declaration_id"), texts(rows, "raterow_id"), strict=True
        ):
            if declaration in declarations:
                # The integer value of the rate row's UUID, as evaluations store it.
                found.setdefault(declaration, []).append(int(row.replace("-", ""), 16))
    return found


def evaluations_rewrite(
    plan: Plan, diff: Diff, snapshots: dict[str, int], *, as_of: date, now: datetime
) -> tuple[Diff, int]:
    """Rewrite in place the stored evaluations the diff changes but keeps stored, with their
    findings; the diff left for the insert path (new keys, rows leaving the store) and the
    number of rows rewritten. `snapshots` (facts snapshot ids by participant) gains the ones
    stored for them."""
    mask = _in_place(diff)
    if not mask.any():
        return diff, 0
    rows = diff.insert[mask.to_numpy()]
    pks = [int(p) for p in rows["pk"].tolist()]
    participants = texts(rows, "participant_id")
    snapshots.update(_snapshots(plan, set(participants) - snapshots.keys()))
    declarations = texts(rows, "declaration_id")
    hashes = plan.bundle.participant_hashes()
    rate_rows = _rate_rows(plan, set(declarations))
    # The key fixes the declaration, hence its participant and value date: not rewritten.
    columns: dict[str, list[Any]] = {
        "verdict": texts(rows, "verdict"),
        "governing": bools(rows, "governing"),
        "facts_snapshot_id": [snapshots[p] for p in participants],
        "facts_hash": [hashes[p] for p in participants],
        "findings_hash": texts(rows, "findings_hash"),
        "rate_row_ids": db_json(rate_rows.get(d, NO_RATE_ROWS) for d in declarations),
    }
    constants = {
        "engine_version": ENGINE_VERSION,
        "as_of": _field_prep(Evaluation, "as_of")(as_of),
        "evaluated_at": _field_prep(Evaluation, "evaluated_at")(now),
    }
    names = [*columns, *constants]
    fixed = tuple(constants.values())
    raw_update(
        Evaluation,
        names,
        [(pk, *values, *fixed) for pk, *values in zip(pks, *columns.values(), strict=True)],
    )
    _delete_findings(pks)
    versions = texts(rows, "version_id")
    pk_of = dict(zip(zip(declarations, versions, strict=True), pks, strict=True))
    raw_insert(Finding, list(FINDING_COLUMNS), _finding_rows(plan, pk_of))
    rewritten = set(pks)
    rest = replace(
        diff,
        insert=diff.insert[~mask.to_numpy()],
        replace_pks=[p for p in diff.replace_pks if p not in rewritten],
    )
    return rest, len(pks)
