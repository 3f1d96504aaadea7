"""Headroom: what is left of each period allowance, per participant, as of a date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from backend.rule_engine.caps import cap_range, period_bounds
from backend.rule_engine.conditions import evaluate_condition, in_scope
from backend.rule_engine.facts import Coded, NullableInt, Prepared, day_number, prepare_facts
from backend.rule_engine.model import Rule, Rulebook

PERIOD_KINDS = ("period_cap", "tax_linked_cap")

HEADROOM_COLUMNS = (
    "participant_id",
    "rule_id",
    "limit_minor",
    "limit_low_minor",
    "missing_mask",
    "used_minor",
    "left_minor",
    "left_low_minor",
    "pending_count",
    "period_start",
    "period_end",
    "reset_on",
)
# The facts columns headroom reads (a scope's categories, channels, directions and countries,
# the traits its participant conditions and caps look at, amounts and dates). Every other
# required column only needs a valid value: a caller that wants headroom alone may fill them
# with anything valid (`tests/unit/rule_engine/test_engine_caps.py` holds the engine to it).
HEADROOM_READS = (
    "participant_id",
    "value_date",
    "amount_mad_minor",
    "has_rate",
    "direction",
    "category",
    "channel",
    "counterparty_country",
    "cluster",
    "sector",
    "region",
    "labelled",
    "labelled_since",
    "incorporated_on",
    "has_fx_account",
    "categorised_operator",
    "is_cluster_member",
    "pre_revenue",
    "tax_paid_last_fy_minor",
    "certified_accounts",
    "subscription_months",
)


def headroom(rulebook: Rulebook, facts: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Per participant and period rule: limit, used, left and reset date of the current period.

    A participant appears for a rule when its traits as of ``as_of`` put it in the rule's scope
    (declaration-level predicates such as ``category_in`` are not held against it). ``used`` is
    the total of its in-scope declarations valued in the period containing ``as_of``;
    ``pending_count`` counts those still without a rate (not included in ``used``).

    A limit that hangs on an unknown fact is not guessed: ``limit_low_minor`` and
    ``limit_minor`` bound it (equal when every fact is known), ``left_low_minor`` and
    ``left_minor`` bound what is left, and ``missing_mask`` names the facts
    (``conditions.FACT_BIT``).
    """
    return headroom_many([rulebook], facts, as_of)[0]


def headroom_many(
    rulebooks: list[Rulebook], facts: pd.DataFrame, as_of: date
) -> list[pd.DataFrame]:
    """`headroom` of each rulebook over the same facts, validated and ordered once."""
    f = prepare_facts(facts)
    out = []
    for rulebook in rulebooks:
        frames = [
            _headroom_rule(f, rule, as_of) for rule in rulebook.rules if rule.kind in PERIOD_KINDS
        ]
        out.append(
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame({c: [] for c in HEADROOM_COLUMNS})
        )
    return out


def _headroom_rule(f: Prepared, rule: Rule, as_of: date) -> pd.DataFrame:
    today = day_number(as_of)
    start, end = period_bounds(
        np.array([as_of.year], dtype=np.int64),
        np.array([as_of.month], dtype=np.int64),
        rule.params.period,  # type: ignore[union-attr]
    )
    # One row per participant, its traits looked at on as_of.
    first = np.flatnonzero(np.r_[True, f.participant[1:] != f.participant[:-1]])
    probe = _probe(f, first, today)
    eligible = np.ones(len(first), dtype=bool)
    if rule.scope.participant is not None:
        value, known = evaluate_condition(probe, rule.scope.participant)
        eligible = value | ~known
    limits = cap_range(probe, rule)
    rows = in_scope(f, rule.scope) & (f.day >= start[0]) & (f.day <= end[0])
    known = np.where(rows & f.has_rate, f.amount, 0)
    used = np.zeros(len(f.participant_ids), dtype=np.int64)
    np.add.at(used, f.participant, known)
    pending = np.zeros(len(f.participant_ids), dtype=np.int64)
    np.add.at(pending, f.participant, (rows & ~f.has_rate).astype(np.int64))
    pcode = f.participant[first][eligible]
    lim, low = limits.high[eligible], limits.low[eligible]
    return pd.DataFrame(
        {
            "participant_id": f.participant_ids[pcode],
            "rule_id": rule.id,
            "limit_minor": lim,
            "limit_low_minor": low,
            "missing_mask": limits.missing[eligible],
            "used_minor": used[pcode],
            "left_minor": np.maximum(lim - used[pcode], 0),
            "left_low_minor": np.maximum(low - used[pcode], 0),
            "pending_count": pending[pcode],
            "period_start": pd.Timestamp(_date_of(int(start[0]))),
            "period_end": pd.Timestamp(_date_of(int(end[0]))),
            "reset_on": pd.Timestamp(_date_of(int(end[0]) + 1)),
        },
        columns=list(HEADROOM_COLUMNS),
    )


def _date_of(day: int) -> date:
    return date(1970, 1, 1) + timedelta(days=day)


def _probe(f: Prepared, first: np.ndarray, today: int) -> Prepared:
    """The first row of each participant, re-dated to ``today`` (traits only matter)."""
    return replace(
        f,
        n=len(first),
        ids=f.ids[first],
        participant=f.participant[first],
        day=np.full(len(first), today, dtype=np.int64),
        seq=f.seq[first],
        amount=f.amount[first],
        has_rate=f.has_rate[first],
        strings={k: Coded(v.codes[first], v.uniques) for k, v in f.strings.items()},
        bools={k: v[first] for k, v in f.bools.items()},
        dates={k: v[first] for k, v in f.dates.items()},
        ints={k: NullableInt(v.values[first], v.valid[first]) for k, v in f.ints.items()},
        optional_bools={
            k: NullableInt(v.values[first], v.valid[first]) for k, v in f.optional_bools.items()
        },
        tax=f.tax[first],
        document_kinds=f.document_kinds[first],
        known={k: v[first] for k, v in f.known.items()},
        references=None if f.references is None else f.references[first],
        _doc_codes=None,
        _ymd=None,
    )
