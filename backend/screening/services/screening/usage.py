"""Allowance use after a screening: what each screened participant has used of every period
allowance, from the facts the screening already read (no second read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from backend.rule_engine.headroom import headroom
from backend.screening.columns import dates, ints, texts
from backend.screening.services.screening.plan import Plan
from backend.screening.versions import ENGINE_COLUMNS


@dataclass(frozen=True)
class AllowanceUse:
    """One participant's use of one period allowance of one version, in MAD minor units."""

    participant_id: str
    version_id: str
    rulebook_kind: str
    rule_id: str
    title_fr: str
    title_en: str
    period_start: date
    used_minor: int
    limit_minor: int


def allowance_usage(plan: Plan) -> list[AllowanceUse]:
    """Each screened participant's use of every period allowance of the versions that screened
    it, in the period of its latest screened payment (an allowance whose limit is unknown or
    nil is left out: there is no share of it to speak of)."""
    frame = plan.bundle.frame
    if frame.empty or not plan.results:
        return []
    screened = frame[frame["value_date"] >= pd.Timestamp(plan.since)]
    out: list[AllowanceUse] = []
    for result in plan.results:
        rows = screened[screened["declaration_id"].isin(result.verdicts["declaration_id"])]
        latest = rows.groupby("participant_id")["value_date"].max().reset_index()
        # One headroom pass per distinct latest date, over the participants sharing it.
        for day in sorted(set(dates(latest, "value_date"))):
            owners = latest.loc[latest["value_date"] == pd.Timestamp(day), "participant_id"]
            facts = frame.loc[frame["participant_id"].isin(owners), list(ENGINE_COLUMNS)]
            table = headroom(result.version.rulebook, facts, day)
            columns = zip(
                texts(table, "participant_id"),
                texts(table, "rule_id"),
                ints(table, "limit_minor"),
                ints(table, "limit_low_minor"),
                ints(table, "used_minor"),
                dates(table, "period_start"),
                strict=True,
            )
            for participant, rule_id, limit, low, used, period_start in columns:
                if limit <= 0 or low != limit:
                    continue
                rule = result.version.rulebook.rule(rule_id)
                out.append(
                    AllowanceUse(
                        participant_id=participant,
                        version_id=str(result.version.id),
                        rulebook_kind=result.version.kind,
                        rule_id=rule.id,
                        title_fr=rule.title_fr,
                        title_en=rule.title_en,
                        period_start=period_start,
                        used_minor=used,
                        limit_minor=limit,
                    )
                )
    return out
