"""Impact measures: pure pandas over the frames the selectors load (no Django, no I/O).

Inputs (one row each):
- ``declarations``: declaration_id, participant_id, value_date (datetime64), category, channel,
  country, amount_minor (int64 MAD centimes, 0 without a rate);
- ``evaluations``: declaration_id, kind (``in_force``/``proposed``), verdict, effective_from;
- ``participants``: participant_id, name, cluster, sector, region, labelled;
- ``usage``: participant_id, kind, rule_id, limit_minor, used_minor (the engine's headroom);
- ``reviews``: participant_id, outcome, days_to_decision, documents_requested.

Every table is long-form with the counts ``declarations``, ``participants`` (distinct) and
``mad_minor``, and carries its own margins (rows and columns named ``TOTAL``) so disclosure
control can see every published linear relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

TOTAL = "TOTAL"
NONE = "none"

# A verdict pair (in force × proposed) and its place in every table, in this order.
UNLOCKED = "unlocked"  # breach now, compliant under the proposal
BREACH_BOTH = "breach_both"
COMPLIANT_BOTH = "compliant_both"
NEWLY_BLOCKED = "newly_blocked"  # compliant now, breach under the proposal: shown, never hidden
REVIEW_OR_PENDING = "review_or_pending"
NOT_TRIALLED = "not_trialled"  # no proposal screened the declaration (participant in no cohort)
PAIRS = (UNLOCKED, BREACH_BOTH, COMPLIANT_BOTH, NEWLY_BLOCKED, REVIEW_OR_PENDING, NOT_TRIALLED)

BREACH = "breach"
COMPLIANT = "compliant"

# Allowance usage buckets, in percent of the cap: [lower, upper).
USAGE_BUCKETS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100), (100, None))
NEAR_CAP_PERCENT = 80
FULL_PERCENT = 100

BREAKDOWNS = {
    "by_category": "category",
    "by_cluster": "cluster",
    "by_sector": "sector",
    "by_country": "country",
}
COUNT_COLUMNS = ("declarations", "participants", "mad_minor")


@dataclass
class Measures:
    """Every table of the impact evidence (long-form DataFrames) and what they were built on."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Which columns of each table are dimensions (the rest are counts).
    dims: dict[str, tuple[str, ...]] = field(default_factory=dict)


def verdict_pairs(declarations: pd.DataFrame, evaluations: pd.DataFrame) -> pd.Series:
    """Per declaration (aligned with ``declarations``), its verdict pair."""
    ev = evaluations.sort_values(["declaration_id", "kind", "effective_from"], kind="stable")
    # Several current versions of one kind: the latest effective one speaks for the declaration.
    latest = ev.drop_duplicates(["declaration_id", "kind"], keep="last")
    wide = latest.pivot(index="declaration_id", columns="kind", values="verdict")
    ids = declarations["declaration_id"]
    now = ids.map(wide["in_force"]) if "in_force" in wide else pd.Series(np.nan, index=ids.index)
    later = ids.map(wide["proposed"]) if "proposed" in wide else pd.Series(np.nan, index=ids.index)
    now = now.astype(object).where(now.notna(), NONE).to_numpy(dtype=object)
    later = later.astype(object).where(later.notna(), NONE).to_numpy(dtype=object)
    pair = np.select(
        [
            later == NONE,
            (now == BREACH) & (later == COMPLIANT),
            (now == BREACH) & (later == BREACH),
            (now == COMPLIANT) & (later == COMPLIANT),
            (now == COMPLIANT) & (later == BREACH),
        ],
        [NOT_TRIALLED, UNLOCKED, BREACH_BOTH, COMPLIANT_BOTH, NEWLY_BLOCKED],
        default=REVIEW_OR_PENDING,
    )
    return pd.Series(pair, index=declarations.index, name="pair")


def _counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, observed=True, sort=False)
    return grouped.agg(
        declarations=("declaration_id", "size"),
        participants=("participant_id", "nunique"),
        mad_minor=("amount_minor", "sum"),
    ).reset_index()


def crosstab(frame: pd.DataFrame, row: str, rows: list[str]) -> pd.DataFrame:
    """``row`` × pair counts with both margins; every combination present (zeros included)."""
    with_total = pd.concat([frame, frame.assign(**{row: TOTAL})], ignore_index=True)
    inner = _counts(with_total, [row, "pair"])
    margin = _counts(with_total, [row]).assign(pair=TOTAL)
    counts = pd.concat([inner, margin], ignore_index=True)
    grid = pd.MultiIndex.from_product([[*rows, TOTAL], [*PAIRS, TOTAL]], names=[row, "pair"])
    out = counts.set_index([row, "pair"]).reindex(grid, fill_value=0).reset_index()
    for column in COUNT_COLUMNS:
        out[column] = out[column].astype(np.int64)
    return out


def _values(series: pd.Series) -> list[str]:
    return sorted(str(v) for v in series.dropna().unique())


def impact_measures(
    *,
    declarations: pd.DataFrame,
    evaluations: pd.DataFrame,
    participants: pd.DataFrame,
    usage: pd.DataFrame | None = None,
    reviews: pd.DataFrame | None = None,
) -> Measures:
    """Every table: verdict pairs, monthly series, breakdowns, allowance usage, reviews."""
    frame = declarations.copy()
    frame["pair"] = verdict_pairs(frame, evaluations)
    traits = participants.set_index("participant_id")
    for trait in ("cluster", "sector"):
        frame[trait] = frame["participant_id"].map(traits[trait]).fillna(NONE).astype(str)
    frame["month"] = pd.to_datetime(frame["value_date"]).dt.strftime("%Y-%m")
    frame["country"] = frame["country"].fillna("").replace("", NONE).astype(str)
    out = Measures()
    pairs = crosstab(frame.assign(scope="all"), "scope", ["all"])
    out.tables["pairs"] = pairs
    out.dims["pairs"] = ("scope", "pair")
    out.tables["monthly"] = crosstab(frame, "month", _values(frame["month"]))
    out.dims["monthly"] = ("month", "pair")
    for name, column in BREAKDOWNS.items():
        out.tables[name] = crosstab(frame, column, _values(frame[column]))
        out.dims[name] = (column, "pair")
    if usage is not None:
        out.tables["allowance"] = allowance_usage(usage)
        out.dims["allowance"] = ("bucket", "allowance")
    if reviews is not None:
        out.tables["reviews"] = review_outcomes(reviews)
        out.dims["reviews"] = ("outcome", "scope")
    return out


def bucket_of(percent: np.ndarray) -> np.ndarray:
    """The usage bucket label of each percentage (``0-20`` … ``100+``)."""
    labels = [f"{lo}-{hi}" if hi is not None else f"{lo}+" for lo, hi in USAGE_BUCKETS]
    edges = [lo for lo, _ in USAGE_BUCKETS[1:]]
    return np.asarray(labels, dtype=object)[np.searchsorted(edges, percent, side="right")]


def usage_percent(usage: pd.DataFrame) -> np.ndarray:
    """Percent of the cap used (exact integers kept, floor to two decimals is display only)."""
    used = usage["used_minor"].to_numpy(dtype=np.int64)
    limit = usage["limit_minor"].to_numpy(dtype=np.int64)
    # A zero cap is used up by anything, and by nothing too: 100 %.
    return np.where(limit > 0, used * 100 / np.maximum(limit, 1), FULL_PERCENT)


def allowance_usage(usage: pd.DataFrame) -> pd.DataFrame:
    """Participants per usage bucket and allowance (``kind:rule_id``), with margins; "near the
    cap" is the ``80-100`` and ``100+`` buckets together, "cap reached" the ``100+`` bucket."""
    percent = usage_percent(usage)
    frame = pd.DataFrame(
        {
            "participant_id": usage["participant_id"].to_numpy(),
            "allowance": (usage["kind"] + ":" + usage["rule_id"]).to_numpy(dtype=object),
            "bucket": bucket_of(percent),
            "declaration_id": usage["participant_id"].to_numpy(),
            "amount_minor": usage["used_minor"].to_numpy(dtype=np.int64),
        }
    )
    labels = [f"{lo}-{hi}" if hi is not None else f"{lo}+" for lo, hi in USAGE_BUCKETS]
    allowances = sorted(frame["allowance"].unique())
    rows = [*labels, TOTAL]
    full = pd.concat([frame, frame.assign(bucket=TOTAL)], ignore_index=True)
    inner = _counts(full, ["bucket", "allowance"])
    margin = _counts(full, ["bucket"]).assign(allowance=TOTAL)
    grid = pd.MultiIndex.from_product([rows, [*allowances, TOTAL]], names=["bucket", "allowance"])
    table = (
        pd.concat([inner, margin], ignore_index=True)
        .set_index(["bucket", "allowance"])
        .reindex(grid, fill_value=0)
        .reset_index()
    )
    table = table.drop(columns=["declarations"]).rename(columns={"mad_minor": "used_minor"})
    table["participants"] = table["participants"].astype(np.int64)
    table["used_minor"] = table["used_minor"].astype(np.int64)
    return table


def review_outcomes(reviews: pd.DataFrame) -> pd.DataFrame:
    """Cases per decision outcome: participants, cases, mean days to decision and documents
    requested (a margin row ``TOTAL``)."""
    frame = pd.concat([reviews, reviews.assign(outcome=TOTAL)], ignore_index=True)
    grouped = frame.groupby("outcome", sort=True)
    table = grouped.agg(
        cases=("participant_id", "size"),
        participants=("participant_id", "nunique"),
        days_total=("days_to_decision", "sum"),
        documents_requested=("documents_requested", "sum"),
    ).reset_index()
    table["scope"] = "all"
    for column in ("cases", "participants", "days_total", "documents_requested"):
        table[column] = table[column].astype(np.int64)
    return table


def participant_table(
    declarations: pd.DataFrame, evaluations: pd.DataFrame, participants: pd.DataFrame
) -> pd.DataFrame:
    """Regulators' drill-down: per participant and verdict pair, declarations and MAD."""
    frame = declarations.copy()
    frame["pair"] = verdict_pairs(frame, evaluations)
    grouped = frame.groupby(["participant_id", "pair"], sort=True).agg(
        declarations=("declaration_id", "size"), mad_minor=("amount_minor", "sum")
    )
    wide = grouped.unstack("pair", fill_value=0)
    out = pd.DataFrame(index=wide.index)
    for pair in PAIRS:
        for column in ("declarations", "mad_minor"):
            key = (column, pair)
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
