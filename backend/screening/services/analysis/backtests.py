"""Backtests: a version's verdicts over a period of history compared with a baseline (a chosen
version, or the in-force version of each value date); the transitions are kept and reported."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from backend.rulebooks.models import RulebookVersion
from backend.screening.columns import dates, texts
from backend.screening.facts import mad_amounts
from backend.screening.models import Backtest, BacktestTransition
from backend.screening.services.analysis.jobs import (
    in_period,
    job_claim,
    job_frames,
    job_run,
    job_start,
    period_check,
)
from backend.screening.versions import (
    VersionInfo,
    VersionResult,
    assign,
    in_force_versions,
    run_version,
    version_info,
)

BACKTEST_TASK = "screening.run_backtest"
NO_VERDICT = "not_screened"
TRANSITION_BATCH = 2_000


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
    period_check(period_start, period_end)
    backtest = Backtest(
        rulebook_version=version,
        baseline_version=baseline_version,
        period_start=period_start,
        period_end=period_end,
    )
    return job_start(
        backtest,
        actor=actor,
        task=BACKTEST_TASK,
        kwarg="backtest_id",
        audit_after={
            "version": str(version.pk),
            "baseline": str(baseline_version.pk) if baseline_version else None,
            "period": [period_start.isoformat(), period_end.isoformat()],
        },
    )


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


def breached_rules(results: list[VersionResult]) -> dict[str, list[str]]:
    """The rules each declaration breaches under these results, by declaration."""
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
    screened = in_period(backtest, frame)
    if not screened.any():
        return
    after_results = [run_version(candidate, frame, screened, as_of=as_of)]
    before_results = _baseline(frame, screened, baseline, as_of)
    after, before = _verdicts(after_results), _verdicts(before_results)
    rules_after, rules_before = breached_rules(after_results), breached_rules(before_results)
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
    BacktestTransition.objects.bulk_create(transitions, batch_size=TRANSITION_BATCH)


def backtest_run(*, backtest_id: Any) -> Backtest | None:
    """Run a backtest (a redelivered one restarts from scratch; a finished one is left alone)."""
    backtest = job_claim(Backtest, backtest_id)
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
        for frame in job_frames(job, lookback=lookback):
            _backtest_chunk(job, frame, candidate, baseline, tally, as_of)
        return tally.report(as_of)

    return job_run(backtest, work, "report")
