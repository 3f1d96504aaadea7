"""Impact measures: pure pandas over the frames the selectors load (no Django, no I/O).

Inputs (one row each):
- ``declarations``: participant_id, value_date (datetime64), category, channel, country,
  amount_minor (int64 MAD centimes, 0 without a rate), and its current verdict under each kind
  of rulebook, ``in_force`` and ``proposed`` (null: none; see `kind_verdicts`);
- ``participants``: participant_id, name, cluster, sector, region, labelled;
- ``usage``: participant_id, kind, rule_id, limit_minor, used_minor (the engine's headroom);
- ``reviews``: participant_id, outcome, days_to_decision, documents_requested.

Text columns may be plain or categorical.

Every table is long-form with the counts ``declarations``, ``participants`` (distinct) and
``mad_minor``, and carries its own margins (rows and columns named ``TOTAL``) so disclosure
control can see every published linear relation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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


VERDICT_CODES = {NONE: 0, BREACH: 1, COMPLIANT: 2}  # anything else: 3 (review or pending)
OTHER_VERDICT = 3


def _verdict_codes(verdicts: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(verdicts)
    lookup = np.array([VERDICT_CODES.get(str(u), OTHER_VERDICT) for u in uniques] + [0])
    return lookup[codes]  # a code of -1 (missing) reads the trailing 0: none


KINDS = ("in_force", "proposed")


def kind_verdicts(
    verdicts: pd.DataFrame, versions: Sequence[tuple[str, str, Any]]
) -> dict[str, pd.Series]:
    """Per row of `verdicts` (one column per rulebook version, null where the version gave no
    verdict), its verdict under each kind: `versions` lists (column, kind, effective_from), and
    when several versions of a kind gave a verdict the latest effective one speaks."""
    columns = {c: verdicts[c].astype("category") for c, _, _ in versions}
    labels = pd.Index(sorted({str(v) for col in columns.values() for v in col.cat.categories}))
    out = {}
    for kind in KINDS:
        chosen = np.full(len(verdicts), -1, dtype=np.int64)
        mine = sorted((effective, column) for column, k, effective in versions if k == kind)
        for _, column in mine:
            values = columns[column]
            # This column's codes in the shared labels (-1 stays -1: no verdict).
            codes = np.append(labels.get_indexer(values.cat.categories), -1)[values.cat.codes]
            chosen = np.where(codes >= 0, codes, chosen)
        out[kind] = pd.Series(pd.Categorical.from_codes(chosen, categories=labels), name=kind)
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


def verdict_pairs(declarations: pd.DataFrame) -> pd.Series:
    """Per declaration (aligned with ``declarations``), its verdict pair."""
    labels = np.asarray(PAIRS, dtype=object)[pair_codes(declarations)]
    return pd.Series(labels, index=declarations.index, name="pair")


@dataclass(frozen=True)
class Coded:
    """The declarations as integer codes, computed once for every table."""

    pair: np.ndarray
    participant: np.ndarray
    participants: int
    amount: np.ndarray


SPLIT_BITS = 24


def _sum_by(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Exact int64 sums of `values` per key. np.bincount sums in float64, exact while every
    partial sum stays below 2**53: so the values are summed in two parts, the low 24 bits
    (below 2**53 for up to 2**29 rows) and the rest (below 2**53 unless a total passes 2**77
    centimes); value == high * 2**24 + low holds for negative values too."""
    low = values & ((1 << SPLIT_BITS) - 1)
    high = values >> SPLIT_BITS
    low_sums = np.bincount(keys, weights=low, minlength=size).astype(np.int64)
    high_sums = np.bincount(keys, weights=high, minlength=size).astype(np.int64)
    return (high_sums << SPLIT_BITS) + low_sums


DENSE_CELLS = 50_000_000  # cells × participants up to which presence is one boolean array


def _distinct_by(keys: np.ndarray, coded: Coded, size: int) -> np.ndarray:
    """Distinct participants per key (by hashing: for tables too wide for a presence array)."""
    found = pd.unique(keys.astype(np.int64) * coded.participants + coded.participant)
    return np.bincount(found // coded.participants, minlength=size).astype(np.int64)


def _participants(coded: Coded, row_codes: np.ndarray, n_rows: int) -> np.ndarray:
    """Distinct participants per cell of the ``n_rows + 1`` × ``len(PAIRS) + 1`` table (margins
    last): from one presence array (cell × participant) when it is small enough, the margins
    being its unions; otherwise hashed per cell, margins included."""
    n_pairs = len(PAIRS)
    table = np.zeros((n_rows + 1, n_pairs + 1), dtype=np.int64)
    if n_rows * n_pairs * coded.participants <= DENSE_CELLS:
        present = np.zeros((n_rows, n_pairs, coded.participants), dtype=bool)
        present[row_codes, coded.pair, coded.participant] = True
        table[:n_rows, :n_pairs] = present.sum(axis=2)
        table[:n_rows, n_pairs] = present.any(axis=1).sum(axis=1)
        table[n_rows, :n_pairs] = present.any(axis=0).sum(axis=1)
    else:
        width = n_pairs + 1
        for r, c in (
            (row_codes, coded.pair),
            (row_codes, np.full(len(row_codes), n_pairs)),
            (np.full(len(row_codes), n_rows), coded.pair),
        ):
            table += _distinct_by(r * width + c, coded, table.size).reshape(table.shape)
    table[n_rows, n_pairs] = len(pd.unique(coded.participant))
    return table


def _with_margins(inner: np.ndarray) -> np.ndarray:
    """An additive rows × pairs table with a margin row and column (and the grand total)."""
    out = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
    out[:-1, :-1] = inner
    out[:-1, -1] = inner.sum(axis=1)
    out[-1, :] = out[:-1, :].sum(axis=0)
    return out


def crosstab(coded: Coded, row_codes: np.ndarray, row: str, rows: list[str]) -> pd.DataFrame:
    """``row`` × pair counts with both margins; every combination present (zeros included)."""
    n_rows, n_pairs = len(rows), len(PAIRS)
    keys = row_codes * n_pairs + coded.pair
    shape = (n_rows, n_pairs)
    declarations = np.bincount(keys, minlength=n_rows * n_pairs).reshape(shape)
    mad = _sum_by(keys, coded.amount, n_rows * n_pairs).reshape(shape)
    return pd.DataFrame(
        {
            row: np.repeat(np.asarray([*rows, TOTAL], dtype=object), n_pairs + 1),
            "pair": np.tile(np.asarray([*PAIRS, TOTAL], dtype=object), n_rows + 1),
            "declarations": _with_margins(declarations).ravel(),
            "participants": _participants(coded, row_codes, n_rows).ravel(),
            "mad_minor": _with_margins(mad).ravel(),
        }
    )


def _codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes into the sorted labels of the values present (missing or empty: NONE)."""
    categorical = values.astype("category")
    codes = categorical.cat.codes.to_numpy()
    # The label of each category, and NONE in the last slot for code -1 (missing).
    names = np.asarray(
        [v if isinstance(v, str) and v else NONE for v in categorical.cat.categories] + [NONE],
        dtype=object,
    )
    labels = sorted({str(names[u]) for u in np.unique(codes)})
    position = {label: i for i, label in enumerate(labels)}
    lookup = np.asarray([position.get(str(n), -1) for n in names], dtype=np.int64)
    return lookup[codes], labels


def _months(value_date: pd.Series) -> tuple[np.ndarray, list[str]]:
    months = pd.to_datetime(value_date).to_numpy().astype("datetime64[M]").astype(np.int64)
    uniques, codes = np.unique(months, return_inverse=True)
    labels = [str(np.datetime64(int(m), "M")) for m in uniques]
    return codes.astype(np.int64), labels


def impact_measures(
    *,
    declarations: pd.DataFrame,
    participants: pd.DataFrame,
    usage: pd.DataFrame | None = None,
    reviews: pd.DataFrame | None = None,
) -> Measures:
    """Every table: verdict pairs, monthly series, breakdowns, allowance usage, reviews."""
    participant, owners = pd.factorize(declarations["participant_id"])
    coded = Coded(
        pair=pair_codes(declarations),
        participant=participant.astype(np.int64),
        participants=max(len(owners), 1),
        amount=declarations["amount_minor"].to_numpy(dtype=np.int64),
    )
    traits = participants.set_index("participant_id")
    owner_ids = pd.Series(np.asarray(owners, dtype=object))
    # Traits per participant (a few thousand), then spread to declarations by code.
    dims: dict[str, tuple[np.ndarray, list[str]]] = {}
    for trait in ("cluster", "sector"):
        owner_codes, labels = _codes(owner_ids.map(traits[trait]))
        dims[trait] = (owner_codes[coded.participant], labels)
    dims["category"] = _codes(declarations["category"])
    dims["country"] = _codes(declarations["country"])
    out = Measures()
    out.tables["pairs"] = crosstab(
        coded, np.zeros(len(coded.pair), dtype=np.int64), "scope", ["all"]
    )
    out.dims["pairs"] = ("scope", "pair")
    month_codes, months = _months(declarations["value_date"])
    out.tables["monthly"] = crosstab(coded, month_codes, "month", months)
    out.dims["monthly"] = ("month", "pair")
    for name, column in BREAKDOWNS.items():
        codes, labels = dims[column]
        out.tables[name] = crosstab(coded, codes, column, labels)
        out.dims[name] = (column, "pair")
    if usage is not None:
        out.tables["allowance"] = allowance_usage(usage)
        out.dims["allowance"] = ("bucket", "allowance")
    if reviews is not None:
        out.tables["reviews"] = review_outcomes(reviews)
        out.dims["reviews"] = ("outcome", "scope")
    return out


def _counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, observed=True, sort=False)
    return grouped.agg(
        declarations=("declaration_id", "size"),
        participants=("participant_id", "nunique"),
        mad_minor=("amount_minor", "sum"),
    ).reset_index()


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
            # As text even when no period rule applies (an empty usage frame is untyped).
            "allowance": (usage["kind"].astype(str) + ":" + usage["rule_id"].astype(str)).to_numpy(
                dtype=object
            ),
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


def participant_table(declarations: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Regulators' drill-down: per participant and verdict pair, declarations and MAD."""
    frame = pd.DataFrame(
        {
            "participant_id": declarations["participant_id"].to_numpy(dtype=object),
            "pair": verdict_pairs(declarations).to_numpy(),
            "amount_minor": declarations["amount_minor"].to_numpy(dtype=np.int64),
        }
    )
    grouped = frame.groupby(["participant_id", "pair"], sort=True).agg(
        declarations=("amount_minor", "size"), mad_minor=("amount_minor", "sum")
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
