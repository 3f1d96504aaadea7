"""Sweeps: one numeric parameter of one rule varied over a range of values; per value, the
breaches, participants and MAD volume it blocks over a period of history."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.rule_engine import validate_rulebook
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import mad_amounts
from backend.screening.models import Sweep
from backend.screening.services.analysis.backtests import breached_rules
from backend.screening.services.analysis.jobs import (
    field_refused,
    in_period,
    job_claim,
    job_frames,
    job_run,
    job_start,
    period_check,
)
from backend.screening.versions import VersionInfo, parsed, run_version

SWEEP_TASK = "screening.run_sweep"
MAX_SWEEP_POINTS = 50


def _rule_document(version: RulebookVersion, rule_id: str) -> dict[str, Any]:
    for rule in version.document.get("rules", []):
        if rule.get("id") == rule_id:
            return dict(rule)
    raise field_refused("/rule_id", "unknown_rule", f"The version has no rule {rule_id!r}.")


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
        raise field_refused(
            "/parameter",
            "not_numeric_parameter",
            f"{parameter!r} is not a numeric parameter of {rule_id}.",
        )
    documents = []
    for i, value in enumerate(values):
        if isinstance(original, int) and value != value.to_integral_value():
            raise field_refused(f"/values/{i}", "not_integer", f"{parameter} takes whole numbers.")
        doc = _with_value(version.document, rule_id, parameter, value)
        errors = validate_rulebook(doc)
        if errors:
            raise field_refused(f"/values/{i}", "invalid_value", errors[0].message)
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
    period_check(period_start, period_end)
    if not 1 <= len(values) <= MAX_SWEEP_POINTS:
        raise field_refused(
            "/values", "sweep_size", f"Give between 1 and {MAX_SWEEP_POINTS} values."
        )
    sweep_documents(version, rule_id, parameter, values)
    sweep = Sweep(
        rulebook_version=version,
        rule_id=rule_id,
        parameter=parameter,
        values=[str(v) for v in values],
        period_start=period_start,
        period_end=period_end,
    )
    return job_start(
        sweep,
        actor=actor,
        task=SWEEP_TASK,
        kwarg="sweep_id",
        audit_after={"rule_id": rule_id, "parameter": parameter, "values": sweep.values},
    )


def _versions(job: Sweep, docs: list[dict[str, Any]]) -> list[VersionInfo]:
    """One version per swept value (parsed once per job and value)."""
    return [
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


def sweep_run(*, sweep_id: Any) -> Sweep | None:
    """Run a sweep: the facts are built once per chunk and every value screened on them."""
    sweep = job_claim(Sweep, sweep_id)
    if sweep is None:
        return None

    def work(job: Sweep) -> list[dict[str, Any]]:
        values = [Decimal(v) for v in job.values]
        infos = _versions(
            job, sweep_documents(job.rulebook_version, job.rule_id, job.parameter, values)
        )
        as_of = timezone.localdate()
        breaches = [0] * len(values)
        volume = [Decimal("0.00")] * len(values)
        participants: list[set[str]] = [set() for _ in values]
        for frame in job_frames(job, lookback=max(v.lookback_days() for v in infos)):
            if frame.empty:
                continue
            screened = in_period(job, frame)
            if not screened.any():
                continue
            amount = dict(
                zip(
                    frame["declaration_id"],
                    mad_amounts(frame["amount_mad_minor"], frame["has_rate"]),
                    strict=True,
                )
            )
            owner = dict(zip(frame["declaration_id"], frame["participant_id"], strict=True))
            for i, info in enumerate(infos):
                hit = breached_rules([run_version(info, frame, screened, as_of=as_of)])
                breaches[i] += len(hit)
                participants[i].update(owner[d] for d in hit)
                volume[i] += sum((amount[d] for d in hit if amount[d] is not None), Decimal("0.00"))
        return [
            {
                "value": str(v),
                "breaches": breaches[i],
                "participants": len(participants[i]),
                "volume_mad_blocked": str(volume[i]),
            }
            for i, v in enumerate(values)
        ]

    return job_run(sweep, work, "results")
