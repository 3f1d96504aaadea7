"""Backtests and sweeps: a version (draft or any) over a period of history, never touching live
verdicts. Both are background jobs with progress; results are stored and exportable as CSV.

A backtest compares each declaration's verdict under the version with a baseline (a chosen
version, or the in-force version of each value date) and keeps the transitions. A sweep varies
one numeric parameter of one rule and returns, per value, the breaches, participants and MAD
volume blocked.
"""

from __future__ import annotations

import copy
import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.domain_errors import InvalidInput
from backend.common.queue import enqueue_on_commit
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rule_engine import validate_rulebook
from backend.rulebooks.models import RulebookVersion
from backend.screening.columns import dates, texts
from backend.screening.facts import facts_build, mad_amounts
from backend.screening.models import Backtest, BacktestTransition, JobStatus, Sweep
from backend.screening.versions import (
    VersionInfo,
    VersionResult,
    assign,
    in_force_versions,
    parsed,
    run_version,
    version_info,
)

BACKTEST_TASK = "screening.run_backtest"
SWEEP_TASK = "screening.run_sweep"
PARTICIPANTS_PER_CHUNK = 500
MAX_SWEEP_POINTS = 50
# A period longer than this is refused: it would hold years of facts per chunk in memory.
MAX_PERIOD_DAYS = 3 * 366
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NO_VERDICT = "not_screened"
JobT = TypeVar("JobT", Backtest, Sweep)


def _field_problem(pointer: str, code: str, detail: str) -> InvalidInput:
    return InvalidInput(
        code=code, detail=detail, errors=[{"pointer": pointer, "code": code, "detail": detail}]
    )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise _field_problem("/period_end", "period_reversed", "The period ends before it starts.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise _field_problem(
            "/period_end", "period_too_long", f"A period spans at most {MAX_PERIOD_DAYS} days."
        )


def _participants(start: date, end: date) -> list[str]:
    ids = (
        Declaration.objects.filter(is_current=True, value_date__gte=start, value_date__lte=end)
        .exclude(status=DeclarationStatus.WITHDRAWN)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return [str(i) for i in ids]


def _chunks(items: list[str], size: int = PARTICIPANTS_PER_CHUNK) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _facts_for(chunk: list[str], start: date, end: date, lookback: int) -> pd.DataFrame:
    """Whole calendar years up to the period's end, so running totals are the real ones."""
    first = date(start.year, 1, 1) - timedelta(days=lookback)
    return facts_build(participant_ids=chunk, start=first, end=end, taken_at=timezone.now()).frame


# ---- backtests ----


@transaction.atomic
def backtest_start(
    *,
    actor: Any,
    version: RulebookVersion,
    period_start: date,
    period_end: date,
    baseline_version: RulebookVersion | None = None,
) -> Backtest:
    """Record a backtest of `version` over the period and send it to the workers."""
    _check_period(period_start, period_end)
    backtest = Backtest.objects.create(
        rulebook_version=version,
        baseline_version=baseline_version,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="backtest.start",
        obj=backtest,
        after={
            "version": str(version.pk),
            "baseline": str(baseline_version.pk) if baseline_version else None,
            "period": [period_start.isoformat(), period_end.isoformat()],
        },
    )
    enqueue_on_commit(BACKTEST_TASK, kwargs={"backtest_id": str(backtest.pk)})
    return backtest


def _claim(model: type[JobT], pk: Any) -> JobT | None:
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return None
        job.status = JobStatus.RUNNING
        job.progress = 0
        job.save(update_fields=["status", "progress"])
        return job


def _baseline(
    frame: pd.DataFrame, screened: np.ndarray, baseline: VersionInfo | None, as_of: date
) -> list[VersionResult]:
    if baseline is not None:
        return [run_version(baseline, frame, screened, as_of=as_of)]
    timeline = in_force_versions()
    assignment = assign(frame, timeline, [])
    results = []
    for i, version in enumerate(timeline):
        rows = screened & (assignment.in_force == i)
        if rows.any():
            results.append(run_version(version, frame, rows, as_of=as_of))
    return results


def _breached_rules(results: list[VersionResult]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for result in results:
        f = result.findings
        for d, r in zip(
            f.loc[f["outcome"] == "breach", "declaration_id"],
            f.loc[f["outcome"] == "breach", "rule_id"].astype(str),
            strict=True,
        ):
            out.setdefault(d, []).append(r)
    return {d: sorted(set(v)) for d, v in out.items()}


def _verdicts(results: list[VersionResult]) -> dict[str, str]:
    out: dict[str, str] = {}
    for result in results:
        out.update(zip(result.verdicts["declaration_id"], result.verdicts["verdict"], strict=True))
    return out


class _Tally:
    """Running totals of a backtest's report across chunks."""

    def __init__(self) -> None:
        self.declarations = 0
        self.participants: set[str] = set()
        self.affected: set[str] = set()
        self.matrix: Counter[tuple[str, str]] = Counter()
        self.volume: dict[tuple[str, str], Decimal] = {}
        self.rules: dict[str, Counter[str]] = {}

    def rule(self, rule_id: str) -> Counter[str]:
        return self.rules.setdefault(rule_id, Counter())

    def report(self, as_of: date) -> dict[str, Any]:
        matrix: list[dict[str, Any]] = [
            {
                "before": b,
                "after": a,
                "count": n,
                "volume_mad": str(self.volume.get((b, a), Decimal("0.00"))),
            }
            for (b, a), n in sorted(self.matrix.items())
        ]
        changed = [m for m in matrix if m["before"] != m["after"]]
        return {
            "as_of": as_of.isoformat(),
            "declarations": self.declarations,
            "participants": len(self.participants),
            "participants_affected": len(self.affected),
            "transitions": sum(m["count"] for m in changed),
            "volume_mad_changed": str(
                sum((Decimal(m["volume_mad"]) for m in changed), Decimal("0.00"))
            ),
            "matrix": matrix,
            "per_rule": [
                {
                    "rule_id": rule_id,
                    "breaches_before": c["before"],
                    "breaches_after": c["after"],
                    "newly_breached": c["new"],
                    "no_longer_breached": c["gone"],
                }
                for rule_id, c in sorted(self.rules.items())
            ],
        }


def _backtest_chunk(
    backtest: Backtest,
    frame: pd.DataFrame,
    candidate: VersionInfo,
    baseline: VersionInfo | None,
    tally: _Tally,
    as_of: date,
) -> None:
    if frame.empty:
        return
    values = frame["value_date"]
    screened = (
        (values >= pd.Timestamp(backtest.period_start))
        & (values <= pd.Timestamp(backtest.period_end))
    ).to_numpy()
    if not screened.any():
        return
    after_results = [run_version(candidate, frame, screened, as_of=as_of)]
    before_results = _baseline(frame, screened, baseline, as_of)
    after, before = _verdicts(after_results), _verdicts(before_results)
    rules_after, rules_before = _breached_rules(after_results), _breached_rules(before_results)
    rows = frame.loc[screened]
    transitions = []
    columns = zip(
        texts(rows, "declaration_id"),
        texts(rows, "participant_id"),
        texts(rows, "reference"),
        dates(rows, "value_date"),
        texts(rows, "category"),
        mad_amounts(rows["amount_mad_minor"], rows["has_rate"]),
        strict=True,
    )
    for d, participant_id, reference, value_date, category, amount_mad in columns:
        b, a = before.get(d, NO_VERDICT), after.get(d, NO_VERDICT)
        amount = amount_mad if amount_mad is not None else Decimal("0.00")
        tally.declarations += 1
        tally.participants.add(participant_id)
        tally.matrix[(b, a)] += 1
        tally.volume[(b, a)] = tally.volume.get((b, a), Decimal("0.00")) + amount
        rb, ra = set(rules_before.get(d, [])), set(rules_after.get(d, []))
        for rule_id in rb | ra:
            c = tally.rule(rule_id)
            c["before"] += rule_id in rb
            c["after"] += rule_id in ra
            c["new"] += rule_id in ra - rb
            c["gone"] += rule_id in rb - ra
        if b != a:
            tally.affected.add(participant_id)
            transitions.append(
                BacktestTransition(
                    backtest=backtest,
                    declaration_id=d,
                    participant_id=participant_id,
                    reference=reference,
                    value_date=value_date,
                    category=category,
                    amount_mad=amount_mad,
                    before=b,
                    after=a,
                    rules_before=sorted(rb),
                    rules_after=sorted(ra),
                )
            )
    BacktestTransition.objects.bulk_create(transitions, batch_size=2_000)


def _run_job(job: JobT, work: Callable[[JobT], dict[str, Any] | list[Any]], field: str) -> JobT:
    try:
        result = work(job)
    except Exception as exc:  # a failed job says why; the worker log keeps the traceback
        type(job).objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, failure_detail=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        setattr(job, field, result)
        job.status = JobStatus.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=[field, "status", "progress", "finished_at"])
        audit_record(
            actor=None,
            actor_username="system:screening",
            action=f"{type(job).__name__.lower()}.finish",
            obj=job,
            after={"status": job.status},
        )
    return job


def _progress(model: Any, pk: Any, done: int, total: int) -> None:
    model.objects.filter(pk=pk).update(progress=min(99, done * 100 // max(total, 1)))


def backtest_run(*, backtest_id: Any) -> Backtest | None:
    """Run a backtest (a redelivered one restarts from scratch; a finished one is left alone)."""
    backtest = _claim(Backtest, backtest_id)
    if backtest is None:
        return None

    def work(job: Backtest) -> dict[str, Any]:
        BacktestTransition.objects.filter(backtest=job).delete()
        candidate = version_info(job.rulebook_version)
        baseline = version_info(job.baseline_version) if job.baseline_version else None
        lookback = max(
            [candidate.lookback_days()]
            + [v.lookback_days() for v in ([baseline] if baseline else in_force_versions())]
        )
        as_of = timezone.localdate()
        tally = _Tally()
        chunks = _chunks(_participants(job.period_start, job.period_end))
        for n, chunk in enumerate(chunks, start=1):
            frame = _facts_for(chunk, job.period_start, job.period_end, lookback)
            _backtest_chunk(job, frame, candidate, baseline, tally, as_of)
            _progress(Backtest, job.pk, n, len(chunks))
        return tally.report(as_of)

    return _run_job(backtest, work, "report")


# ---- sweeps ----


def _rule_document(version: RulebookVersion, rule_id: str) -> dict[str, Any]:
    for rule in version.document.get("rules", []):
        if rule.get("id") == rule_id:
            return dict(rule)
    raise _field_problem("/rule_id", "unknown_rule", f"The version has no rule {rule_id!r}.")


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return isinstance(value, str)


def _with_value(document: dict[str, Any], rule_id: str, parameter: str, value: Decimal) -> dict:
    doc = copy.deepcopy(document)
    for rule in doc["rules"]:
        if rule["id"] == rule_id:
            original = rule["params"][parameter]
            rule["params"][parameter] = int(value) if isinstance(original, int) else str(value)
    doc["rules"] = [r for r in doc["rules"] if r["id"] == rule_id]
    return doc


def sweep_documents(
    version: RulebookVersion, rule_id: str, parameter: str, values: Iterable[Decimal]
) -> list[dict[str, Any]]:
    """One single-rule document per value; a value the schema refuses is refused, named."""
    rule = _rule_document(version, rule_id)
    original = rule.get("params", {}).get(parameter)
    if original is None or not _numeric(original):
        raise _field_problem(
            "/parameter",
            "not_numeric_parameter",
            f"{parameter!r} is not a numeric parameter of {rule_id}.",
        )
    documents = []
    for i, value in enumerate(values):
        if isinstance(original, int) and value != value.to_integral_value():
            raise _field_problem(f"/values/{i}", "not_integer", f"{parameter} takes whole numbers.")
        doc = _with_value(version.document, rule_id, parameter, value)
        errors = validate_rulebook(doc)
        if errors:
            raise _field_problem(f"/values/{i}", "invalid_value", errors[0].message)
        documents.append(doc)
    return documents


@transaction.atomic
def sweep_start(
    *,
    actor: Any,
    version: RulebookVersion,
    rule_id: str,
    parameter: str,
    values: list[Decimal],
    period_start: date,
    period_end: date,
) -> Sweep:
    """Record a sweep (values checked up front) and send it to the workers."""
    _check_period(period_start, period_end)
    if not 1 <= len(values) <= MAX_SWEEP_POINTS:
        raise _field_problem(
            "/values", "sweep_size", f"Give between 1 and {MAX_SWEEP_POINTS} values."
        )
    sweep_documents(version, rule_id, parameter, values)
    sweep = Sweep.objects.create(
        rulebook_version=version,
        rule_id=rule_id,
        parameter=parameter,
        values=[str(v) for v in values],
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="sweep.start",
        obj=sweep,
        after={"rule_id": rule_id, "parameter": parameter, "values": sweep.values},
    )
    enqueue_on_commit(SWEEP_TASK, kwargs={"sweep_id": str(sweep.pk)})
    return sweep


def sweep_run(*, sweep_id: Any) -> Sweep | None:
    """Run a sweep: the facts are built once per chunk and every value screened on them."""
    sweep = _claim(Sweep, sweep_id)
    if sweep is None:
        return None

    def work(job: Sweep) -> list[dict[str, Any]]:
        values = [Decimal(v) for v in job.values]
        docs = sweep_documents(job.rulebook_version, job.rule_id, job.parameter, values)
        infos = [
            VersionInfo(
                id=f"sweep-{i}",
                number=job.rulebook_version.number,
                rulebook_id=str(job.rulebook_version.rulebook_id),
                rulebook_name="sweep",
                kind="proposed",
                effective_from=job.rulebook_version.effective_from,
                rulebook=parsed(f"sweep:{job.pk}:{i}", doc),
            )
            for i, doc in enumerate(docs)
        ]
        lookback = max(v.lookback_days() for v in infos)
        as_of = timezone.localdate()
        breaches = [0] * len(values)
        volume = [Decimal("0.00")] * len(values)
        participants: list[set[str]] = [set() for _ in values]
        chunks = _chunks(_participants(job.period_start, job.period_end))
        for n, chunk in enumerate(chunks, start=1):
            frame = _facts_for(chunk, job.period_start, job.period_end, lookback)
            if not frame.empty:
                dates = frame["value_date"]
                screened = (
                    (dates >= pd.Timestamp(job.period_start))
                    & (dates <= pd.Timestamp(job.period_end))
                ).to_numpy()
                amount = dict(
                    zip(
                        frame["declaration_id"],
                        mad_amounts(frame["amount_mad_minor"], frame["has_rate"]),
                        strict=True,
                    )
                )
                owner = dict(zip(frame["declaration_id"], frame["participant_id"], strict=True))
                for i, info in enumerate(infos):
                    if not screened.any():
                        break
                    hit = _breached_rules([run_version(info, frame, screened, as_of=as_of)])
                    breaches[i] += len(hit)
                    participants[i].update(owner[d] for d in hit)
                    volume[i] += sum(
                        (amount[d] for d in hit if amount[d] is not None), Decimal("0.00")
                    )
            _progress(Sweep, job.pk, n, len(chunks))
        return [
            {
                "value": str(v),
                "breaches": breaches[i],
                "participants": len(participants[i]),
                "volume_mad_blocked": str(volume[i]),
            }
            for i, v in enumerate(values)
        ]

    return _run_job(sweep, work, "results")


# ---- exports ----


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
