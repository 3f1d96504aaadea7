"""Impact measures: the frames the selectors load turned into cube facts (pure pandas/numpy).

Inputs (one row each):
- ``declarations``: participant_id, value_date (datetime64), category, channel, country,
  amount_minor (int64 MAD centimes, 0 without a rate), its current verdict under each kind of
  rulebook, ``in_force`` and ``proposed`` (null: none; see `kind_verdicts`), and ``in_force_law``
  (1 when a finding with the in-force verdict's outcome rests on an official or press rule);
- ``participants``: participant_id, name, cluster, sector, region, labelled;
- ``usage``: participant_id, kind, rule_id, limit_minor, used_minor (the engine's headroom);
- ``reviews``: participant_id, category, channel, country, outcome, days_to_decision,
  documents_requested.

Each declaration falls in one verdict pair and one *basis*: ``law`` when its verdict under the
rules in force stands on official or press-reported rules (or on no rule: compliant, pending a
rate), ``illustrative`` when only rules with illustrative (or secondary-source) values make it a
breach or a review. Nothing illustrative is ever counted in a law-backed figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from backend.evidence.cube.axes import (
    BASES,
    BREACH_BOTH,
    COMPLIANT_BOTH,
    ILLUSTRATIVE,
    LAW,
    NEWLY_BLOCKED,
    NOT_TRIALLED,
    PAIR_AXIS,
    PAIRS,
    REVIEW_OR_PENDING,
    TOTAL,
    UNLOCKED,
    Axis,
    flat_axis,
)
from backend.evidence.cube.build import Facts, Shape, codes_of

NONE = "none"
BREACH = "breach"
COMPLIANT = "compliant"
NEEDS_REVIEW = "needs_review"
KINDS = ("in_force", "proposed")

# Allowance usage buckets, in percent of the cap: [lower, upper).
USAGE_BUCKETS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100), (100, None))
BUCKET_LABELS = [f"{lo}-{hi}" if hi is not None else f"{lo}+" for lo, hi in USAGE_BUCKETS]
NEAR_CAP_PERCENT = 80
FULL_PERCENT = 100

# The dimensions a table breaks down by, and the dimensions an advocate may filter on (one at a
# time): the fixed set of published dimensions (see backend/evidence/cube/).
TABLES = {
    "monthly": "month",
    "by_category": "category",
    "by_cluster": "cluster",
    "by_country": "country",
}
FILTERS = ("cluster", "category", "channel", "country", "labelled")
PARTICIPANT_FILTERS = ("cluster", "labelled")
DECLARATION_SHAPE = Shape(filters=FILTERS, tables=tuple(TABLES.values()))
# Allowance usage is a participant's whole year: only participant traits filter it.
ALLOWANCE_SHAPE = Shape(filters=PARTICIPANT_FILTERS, tables=("bucket",))
REVIEW_SHAPE = Shape(filters=FILTERS, tables=())
# How many MAD amounts came from each rate method, per slice (no breakdown table).
CONVERSION_SHAPE = Shape(filters=FILTERS, tables=())
EXACT_CONVERSION_SHAPE = Shape(filters=(), tables=())
EXACT_DECLARATION_SHAPE = Shape(filters=(), tables=tuple(TABLES.values()))
EXACT_ALLOWANCE_SHAPE = Shape(filters=(), tables=("bucket",))
EXACT_REVIEW_SHAPE = Shape(filters=(), tables=())

# How each declaration's MAD amount was obtained: its conversion's method (backend.rates), or
# two more values: an amount declared in dirhams needs no rate, and one not converted yet has
# none. In the order they are read out.
RATE_METHOD = "rate_method"
IN_DIRHAMS = "in_dirhams"
NO_RATE_YET = "pending"
RATE_METHODS = ("official", "carried_forward", "derived", "estimate", IN_DIRHAMS, NO_RATE_YET)

VERDICT_CODES = {NONE: 0, BREACH: 1, COMPLIANT: 2}  # anything else: 3 (review or pending)
OTHER_VERDICT = 3


def _verdict_codes(verdicts: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(verdicts)
    lookup = np.array([VERDICT_CODES.get(str(u), OTHER_VERDICT) for u in uniques] + [0])
    return lookup[codes]  # a code of -1 (missing) reads the trailing 0: none


def kind_verdicts(
    verdicts: pd.DataFrame,
    versions: Sequence[tuple[str, str, Any]],
    law: dict[str, str] | None = None,
) -> dict[str, pd.Series]:
    """Per row of `verdicts` (one column per rulebook version, null where the version gave no
    verdict), its verdict under each kind: `versions` lists (column, kind, effective_from), and
    when several versions of a kind gave a verdict the latest effective one speaks. `law` maps a
    verdict column to its law-flag column: ``in_force_law`` is the speaking version's flag."""
    columns = {c: verdicts[c].astype("category") for c, _, _ in versions}
    labels = pd.Index(sorted({str(v) for col in columns.values() for v in col.cat.categories}))
    out = {}
    for kind in KINDS:
        chosen = np.full(len(verdicts), -1, dtype=np.int64)
        flag = np.zeros(len(verdicts), dtype=np.int8)
        mine = sorted((effective, column) for column, k, effective in versions if k == kind)
        for _, column in mine:
            values = columns[column]
            # This column's codes in the shared labels (-1 stays -1: no verdict).
            codes = np.append(labels.get_indexer(values.cat.categories), -1)[values.cat.codes]
            chosen = np.where(codes >= 0, codes, chosen)
            if law is not None:
                flag = np.where(codes >= 0, verdicts[law[column]].to_numpy(dtype=np.int8), flag)
        out[kind] = pd.Series(pd.Categorical.from_codes(chosen, categories=labels), name=kind)
        if kind == "in_force":
            out["in_force_law"] = pd.Series(flag, name="in_force_law")
    return out


def pair_codes(declarations: pd.DataFrame) -> np.ndarray:
    """Per declaration, the index of its verdict pair (``in_force``, ``proposed``) in PAIRS."""
    now = _verdict_codes(declarations["in_force"])
    later = _verdict_codes(declarations["proposed"])
    b, c = VERDICT_CODES[BREACH], VERDICT_CODES[COMPLIANT]
    return np.select(
        [
            later == VERDICT_CODES[NONE],
            (now == b) & (later == c),
            (now == b) & (later == b),
            (now == c) & (later == c),
            (now == c) & (later == b),
        ],
        [
            PAIRS.index(p)
            for p in (NOT_TRIALLED, UNLOCKED, BREACH_BOTH, COMPLIANT_BOTH, NEWLY_BLOCKED)
        ],
        default=PAIRS.index(REVIEW_OR_PENDING),
    ).astype(np.int64)


def basis_codes(declarations: pd.DataFrame) -> np.ndarray:
    """Per declaration, 0 (law) or 1 (illustrative): illustrative when its in-force verdict is a
    breach or a review and no finding of that outcome rests on an official or press rule."""
    verdict = declarations["in_force"].astype(object).to_numpy()
    decided = (verdict == BREACH) | (verdict == NEEDS_REVIEW)
    law = declarations["in_force_law"].to_numpy(dtype=np.int8) == 1
    return (decided & ~law).astype(np.int64)


def outcome_codes(declarations: pd.DataFrame) -> np.ndarray:
    """Per declaration, its fine cell of the pair axis (verdict pair × basis)."""
    fine = PAIR_AXIS.fine_index()
    lookup = np.full((len(PAIRS), len(BASES)), -1, dtype=np.int64)
    for (pair, basis), n in fine.items():
        lookup[PAIRS.index(pair), BASES.index(basis)] = n
    pairs, bases = pair_codes(declarations), basis_codes(declarations)
    # A compliant-now pair has no illustrative cell: its basis is law by construction.
    return np.where(lookup[pairs, bases] >= 0, lookup[pairs, bases], lookup[pairs, 0])


def _labels(values: pd.Series) -> pd.Series:
    """Text labels, missing or empty as NONE."""
    text = values.astype(object).where(values.notna(), NONE).astype(str)
    return text.where(text != "", NONE)


def month_labels(start: date, end: date) -> list[str]:
    """Every month from `start` to `end` as YYYY-MM."""
    return [str(m) for m in pd.period_range(start, end, freq="M")]


def _traits(participants: pd.DataFrame) -> pd.DataFrame:
    traits = participants.set_index("participant_id")
    return pd.DataFrame(
        {
            "cluster": _labels(traits["cluster"]),
            "labelled": np.where(traits["labelled"].astype(bool), "true", "false"),
        },
        index=traits.index,
    )


@dataclass(frozen=True)
class CubeInput:
    """Facts coded for a cube, with the value lists of their dimensions."""

    facts: Facts
    values: dict[str, list[str]]
    axis: Axis


def _code(frame: pd.DataFrame, dims: Sequence[str], values: dict[str, list[str]]):
    out = {}
    for dim in dims:
        known = values.get(dim)
        labels = frame[dim].astype(str)
        if known is None:
            known = values[dim] = sorted(set(labels))
        out[dim] = codes_of(labels, known)
    return out


def declaration_input(
    declarations: pd.DataFrame, participants: pd.DataFrame, months: list[str]
) -> CubeInput:
    """One fact per declaration: month, category, channel, country, cluster, labelled, its fine
    outcome, and its MAD amount (the money measure of the dominance rule)."""
    owner, owners = pd.factorize(declarations["participant_id"].astype(str))
    traits = _traits(participants).reindex(pd.Index(owners))
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(declarations["value_date"]).dt.strftime("%Y-%m").to_numpy(),
            "category": _labels(declarations["category"]).to_numpy(),
            "channel": _labels(declarations["channel"]).to_numpy(),
            "country": _labels(declarations["country"]).to_numpy(),
            "cluster": traits["cluster"].fillna(NONE).to_numpy()[owner],
            "labelled": traits["labelled"].fillna("false").to_numpy()[owner],
        }
    )
    values = {"month": months, "labelled": ["false", "true"]}
    dims = _code(frame, ("month", "cluster", "category", "channel", "country", "labelled"), values)
    facts = Facts(
        participant=owner.astype(np.int64),
        dims=dims,
        outcome=outcome_codes(declarations),
        count=np.ones(len(declarations), dtype=np.int64),
        measures={"mad_minor": declarations["amount_minor"].to_numpy(dtype=np.int64)},
        money="mad_minor",
        participants=max(len(owners), 1),
    )
    return CubeInput(facts=facts, values=values, axis=PAIR_AXIS)


def bucket_of(percent: np.ndarray) -> np.ndarray:
    """The usage bucket label of each percentage (``0-20`` … ``100+``)."""
    edges = [lo for lo, _ in USAGE_BUCKETS[1:]]
    return np.asarray(BUCKET_LABELS, dtype=object)[np.searchsorted(edges, percent, side="right")]


def usage_percent(usage: pd.DataFrame) -> np.ndarray:
    """Percent of the cap used."""
    used = usage["used_minor"].to_numpy(dtype=np.int64)
    limit = usage["limit_minor"].to_numpy(dtype=np.int64)
    # A zero cap is used up by anything, and by nothing too: 100 %.
    return np.where(limit > 0, used * 100 / np.maximum(limit, 1), FULL_PERCENT)


def allowance_input(usage: pd.DataFrame, participants: pd.DataFrame) -> CubeInput:
    """One fact per participant and allowance (``kind:rule_id``): its usage bucket, traits and
    the MAD used; allowances overlap, so they are independent columns with no total."""
    owner, owners = pd.factorize(usage["participant_id"].astype(str))
    traits = _traits(participants).reindex(pd.Index(owners))
    allowance = (usage["kind"].astype(str) + ":" + usage["rule_id"].astype(str)).to_numpy(
        dtype=object
    )
    names = sorted(set(allowance))
    frame = pd.DataFrame(
        {
            "bucket": bucket_of(usage_percent(usage)),
            "cluster": traits["cluster"].fillna(NONE).to_numpy()[owner],
            "labelled": traits["labelled"].fillna("false").to_numpy()[owner],
        }
    )
    values = {"bucket": list(BUCKET_LABELS), "labelled": ["false", "true"]}
    dims = _code(frame, ("bucket", "cluster", "labelled"), values)
    facts = Facts(
        participant=owner.astype(np.int64),
        dims=dims,
        outcome=codes_of(pd.Series(allowance), names),
        count=np.ones(len(usage), dtype=np.int64),
        measures={"used_minor": usage["used_minor"].to_numpy(dtype=np.int64)},
        money="used_minor",
        participants=max(len(owners), 1),
    )
    return CubeInput(facts=facts, values=values, axis=flat_axis("allowance", names, total=False))


def review_input(reviews: pd.DataFrame, participants: pd.DataFrame) -> CubeInput:
    """One fact per decided case: its declaration's category, channel and country, the
    participant's traits, the outcome, days to decision and documents requested."""
    owner, owners = pd.factorize(reviews["participant_id"].astype(str))
    traits = _traits(participants).reindex(pd.Index(owners))
    outcomes = sorted(set(reviews["outcome"].astype(str)))
    frame = pd.DataFrame(
        {
            "category": _labels(reviews["category"]).to_numpy(),
            "channel": _labels(reviews["channel"]).to_numpy(),
            "country": _labels(reviews["country"]).to_numpy(),
            "cluster": traits["cluster"].fillna(NONE).to_numpy()[owner],
            "labelled": traits["labelled"].fillna("false").to_numpy()[owner],
        }
    )
    values = {"labelled": ["false", "true"]}
    dims = _code(frame, ("cluster", "category", "channel", "country", "labelled"), values)
    facts = Facts(
        participant=owner.astype(np.int64),
        dims=dims,
        outcome=codes_of(reviews["outcome"].astype(str), outcomes),
        count=np.ones(len(reviews), dtype=np.int64),
        measures={
            "days_total": reviews["days_to_decision"].to_numpy(dtype=np.int64),
            "documents_requested": reviews["documents_requested"].to_numpy(dtype=np.int64),
        },
        money=None,
        participants=max(len(owners), 1),
    )
    return CubeInput(facts=facts, values=values, axis=flat_axis("outcome", outcomes, total=True))


def conversion_input(declarations: pd.DataFrame, participants: pd.DataFrame) -> CubeInput:
    """One fact per declaration: its participant's traits, its category, channel and country, and
    how its MAD amount was obtained (`RATE_METHODS`, then any other method met, sorted)."""
    owner, owners = pd.factorize(declarations["participant_id"].astype(str))
    traits = _traits(participants).reindex(pd.Index(owners))
    methods = declarations[RATE_METHOD].astype(object).fillna(NO_RATE_YET).astype(str)
    names = [*RATE_METHODS, *sorted(set(methods) - set(RATE_METHODS))]
    frame = pd.DataFrame(
        {
            "category": _labels(declarations["category"]).to_numpy(),
            "channel": _labels(declarations["channel"]).to_numpy(),
            "country": _labels(declarations["country"]).to_numpy(),
            "cluster": traits["cluster"].fillna(NONE).to_numpy()[owner],
            "labelled": traits["labelled"].fillna("false").to_numpy()[owner],
        }
    )
    values = {"labelled": ["false", "true"]}
    dims = _code(frame, ("cluster", "category", "channel", "country", "labelled"), values)
    facts = Facts(
        participant=owner.astype(np.int64),
        dims=dims,
        outcome=codes_of(methods, names),
        count=np.ones(len(declarations), dtype=np.int64),
        measures={},
        money=None,
        participants=max(len(owners), 1),
    )
    return CubeInput(facts=facts, values=values, axis=flat_axis("method", names, total=True))


def participant_table(declarations: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Regulators' drill-down: per participant and verdict pair, declarations and MAD, and the
    law-backed and illustrative shares of what is blocked now and allowed under the proposal."""
    frame = pd.DataFrame(
        {
            "participant_id": declarations["participant_id"].to_numpy(dtype=object),
            "pair": np.asarray(PAIRS, dtype=object)[pair_codes(declarations)],
            "amount_minor": declarations["amount_minor"].to_numpy(dtype=np.int64),
        }
    )
    basis = np.asarray((LAW, ILLUSTRATIVE), dtype=object)[basis_codes(declarations)]
    frame.loc[frame["pair"] == UNLOCKED, "pair"] = UNLOCKED + "_" + basis[frame["pair"] == UNLOCKED]
    grouped = frame.groupby(["participant_id", "pair"], sort=True).agg(
        declarations=("amount_minor", "size"), mad_minor=("amount_minor", "sum")
    )
    wide = grouped.unstack("pair", fill_value=0)
    out = pd.DataFrame(index=wide.index)
    for pair in (*PAIRS, f"{UNLOCKED}_{LAW}", f"{UNLOCKED}_{ILLUSTRATIVE}"):
        for column in ("declarations", "mad_minor"):
            key = (column, pair)
            if pair == UNLOCKED:
                parts = [(column, f"{UNLOCKED}_{b}") for b in BASES]
                out[f"{pair}_{column}"] = sum(wide[p] if p in wide.columns else 0 for p in parts)
            else:
                out[f"{pair}_{column}"] = wide[key] if key in wide.columns else 0
    out = out.reset_index().merge(
        participants[["participant_id", "name", "cluster", "sector", "region"]],
        on="participant_id",
        how="left",
    )
    out["total_declarations"] = out[[f"{p}_declarations" for p in PAIRS]].sum(axis=1)
    out["total_mad_minor"] = out[[f"{p}_mad_minor" for p in PAIRS]].sum(axis=1)
    return out.sort_values(
        ["unlocked_mad_minor", "name", "participant_id"], ascending=[False, True, True]
    ).reset_index(drop=True)


__all__ = ["TOTAL"]
