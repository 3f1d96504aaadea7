"""Validation and columnar preparation of the facts DataFrame the evaluator reads.

Input columns (one row per declaration; participant traits repeated on each row):

=========================== ================================ ======================================
column                      dtype                            meaning
=========================== ================================ ======================================
declaration_id              str, unique, not null            public id of the declaration
participant_id              str, not null                    the declaring organisation
value_date                  datetime64 / date, not null      value date of the payment
created_seq                 int64                            arrival order (ties on value_date)
direction                   str                              ``outgoing`` or ``incoming``
category                    str                              one of categories.CATEGORY_CODES
channel                     str                              e.g. ``card``, ``transfer``
counterparty_country        str or null                      ISO 3166-1 alpha-2
counterparty_key            str or null                      normalised beneficiary name
amount_mad_minor            int64 (>= 0, no NaN)             MAD centimes; ignored if no rate
has_rate                    bool                             False: no usable rate (pending_rate)
document_kinds              tuple/frozenset of str, or None  kinds of the attached documents
service_performance_date    date or null                     for deadlines
expected_repatriation_date  date or null                     for deadlines
received_date               date or null                     for deadlines
advance_share_bp            nullable int                     share paid in advance, basis points
labelled                    bool or nullable bool            JEI label (see labelled_since)
labelled_since              date or null                     label date; null = labelled all along
incorporated_on             date or null                     incorporation date (null = unknown)
has_fx_account              bool or nullable bool            holds a foreign-currency account
categorised_operator        bool or nullable bool            categorised by the Office des Changes
tax_paid_last_fy_minor      int64 or nullable int            MAD centimes of tax paid last FY
cluster, sector, region     str or null                      participant descriptors
is_cluster_member           bool or nullable bool            member of a cluster
pre_revenue                 bool or nullable bool            no revenue yet
=========================== ================================ ======================================

A null participant trait is unknown, never false: a rule whose outcome hangs on it answers
``needs_review`` naming it (see conditions.FACTS).

Optional columns (absent or null = unknown): ``certified_accounts`` (nullable bool),
``subscription_months`` (nullable int; null: not a subscription), ``rate_lag_days`` (nullable
int: publication days between the rate used and the value date), ``rate_is_estimate`` (nullable
bool), ``reference`` (str: the declaration's reference, to name it in explanations).

Rows are put once in the canonical order (participant_id, value_date, created_seq,
declaration_id), so every result is independent of the input row order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
Obj = npt.NDArray[np.object_]

NAT = np.iinfo(np.int64).min  # datetime64 NaT as an int64: the "no date" marker for day numbers

STRING_COLUMNS = ("declaration_id", "participant_id", "direction", "category", "channel")
NULLABLE_STRING_COLUMNS = (
    "counterparty_country",
    "counterparty_key",
    "cluster",
    "sector",
    "region",
)
INT_COLUMNS = ("created_seq", "amount_mad_minor", "tax_paid_last_fy_minor")
BOOL_COLUMNS = (
    "has_rate",
    "labelled",
    "has_fx_account",
    "categorised_operator",
    "is_cluster_member",
    "pre_revenue",
)
# Participant facts that may be unknown (null): known-true, known-false or unknown.
TRAIT_BOOL_COLUMNS = BOOL_COLUMNS[1:]
NULLABLE_FACT_INT_COLUMNS = ("tax_paid_last_fy_minor",)
DATE_COLUMNS = ("value_date",)
NULLABLE_DATE_COLUMNS = (
    "service_performance_date",
    "expected_repatriation_date",
    "received_date",
    "labelled_since",
    "incorporated_on",
)
NULLABLE_INT_COLUMNS = ("advance_share_bp",)
OTHER_COLUMNS = ("document_kinds",)
REQUIRED_COLUMNS: tuple[str, ...] = (
    STRING_COLUMNS
    + NULLABLE_STRING_COLUMNS
    + INT_COLUMNS
    + BOOL_COLUMNS
    + DATE_COLUMNS
    + NULLABLE_DATE_COLUMNS
    + NULLABLE_INT_COLUMNS
    + OTHER_COLUMNS
)
OPTIONAL_BOOL_COLUMNS = ("certified_accounts", "rate_is_estimate")
OPTIONAL_INT_COLUMNS = ("subscription_months", "rate_lag_days")


@dataclass(frozen=True)
class FactsError:
    """One problem with the facts frame."""

    column: str
    message: str


class FactsInvalid(ValueError):
    """Raised when the facts frame does not have the documented columns and dtypes."""

    def __init__(self, errors: list[FactsError]) -> None:
        super().__init__("; ".join(f"{e.column}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Coded:
    """A factorised string column: codes (-1 = null) and the unique values."""

    codes: npt.NDArray[np.intp]
    uniques: Obj

    def isin(self, values: tuple[str, ...] | frozenset[str]) -> B:
        """Rows whose value is one of ``values`` (null rows are never in)."""
        wanted = set(values)
        lut = np.fromiter((u in wanted for u in self.uniques), bool, len(self.uniques))
        lut = np.append(lut, False)  # slot for code -1
        return lut[self.codes]


@dataclass(frozen=True)
class NullableInt:
    """An integer column with a validity mask."""

    values: I64
    valid: B


@dataclass
class Prepared:
    """Facts in canonical order as numpy arrays, plus lazily derived columns."""

    n: int
    ids: Obj
    participant: npt.NDArray[np.intp]  # codes ordered like sorted participant ids
    participant_ids: Obj
    day: I64
    seq: I64
    amount: I64
    has_rate: B
    strings: dict[str, Coded]
    bools: dict[str, B]
    dates: dict[str, I64]  # day numbers, NAT when null
    ints: dict[str, NullableInt]
    optional_bools: dict[str, NullableInt]
    tax: I64
    document_kinds: Obj
    # Per participant fact (trait column, or "tax_paid_last_fy_minor"): where it is known.
    known: dict[str, B] = field(default_factory=dict)
    references: Obj | None = None
    _doc_codes: tuple[npt.NDArray[np.intp], Obj] | None = field(default=None, repr=False)
    _ymd: tuple[I64, I64, I64] | None = field(default=None, repr=False)

    def doc_mask(self, kinds: tuple[str, ...]) -> I64:
        """Bit i set when kinds[i] is attached (kinds are few: one bit each)."""
        if self._doc_codes is None:
            found, kinds_seen = pd.factorize(pd.Series(self.document_kinds, dtype=object))
            self._doc_codes = (np.asarray(found), np.asarray(kinds_seen, dtype=object))
        codes, uniques = self._doc_codes
        masks = np.array(
            [sum(1 << i for i, k in enumerate(kinds) if u and k in u) for u in uniques] + [0],
            dtype=np.int64,
        )
        return masks[codes]

    def knows(self, fact: str) -> B:
        """Where a participant fact (a trait column or ``tax_paid_last_fy_minor``) is known."""
        found = self.known.get(fact)
        return np.ones(self.n, dtype=bool) if found is None else found

    def name_of(self, row: int) -> str:
        """The declaration at this position as people know it: its reference, else its id."""
        if self.references is not None and self.references[row]:
            return str(self.references[row])
        return str(self.ids[row])

    def ymd(self) -> tuple[I64, I64, I64]:
        """Year, month, day of each value date."""
        if self._ymd is None:
            self._ymd = ymd_of(self.day)
        return self._ymd


def ymd_of(days: I64) -> tuple[I64, I64, I64]:
    """Calendar year, month and day of day numbers (days since 1970-01-01)."""
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    year = y.astype(np.int64) + 1970
    month = (m - y.astype("datetime64[M]")).astype(np.int64) + 1
    dom = (d - m.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, dom


def day_number(value: date) -> int:
    """Days since 1970-01-01."""
    return int(np.datetime64(value, "D").astype(np.int64))


def _to_days(col: pd.Series[Any], name: str, errors: list[FactsError]) -> I64:
    try:
        if not pd.api.types.is_datetime64_any_dtype(col.dtype):
            col = pd.to_datetime(col)
        if getattr(col.dt, "tz", None) is not None:
            errors.append(FactsError(name, "must be a date, not a tz-aware datetime"))
        arr = col.to_numpy().astype("datetime64[D]")
    except (TypeError, ValueError) as exc:
        errors.append(FactsError(name, f"not a date column ({exc})"))
        return np.full(len(col), NAT, dtype=np.int64)
    return arr.view(np.int64)


def _unknown(n: int) -> NullableInt:
    """An absent optional column: every row unknown."""
    return NullableInt(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))


def _nullable_int(col: pd.Series[Any], name: str, errors: list[FactsError]) -> NullableInt:
    if pd.api.types.is_float_dtype(col.dtype) and not col.isna().all():
        errors.append(FactsError(name, "must be an integer column (floats are not accepted)"))
    return _nullable(col, pd.Int64Dtype(), name, errors)


def _nullable_bool(col: pd.Series[Any], name: str, errors: list[FactsError]) -> NullableInt:
    return _nullable(col, pd.BooleanDtype(), name, errors)


def _nullable(
    col: pd.Series[Any],
    dtype: pd.Int64Dtype | pd.BooleanDtype,
    name: str,
    errors: list[FactsError],
) -> NullableInt:
    try:
        typed = col.astype(dtype)
    except (TypeError, ValueError) as exc:
        errors.append(FactsError(name, f"not a {dtype} column ({exc})"))
        return NullableInt(np.zeros(len(col), dtype=np.int64), np.zeros(len(col), dtype=bool))
    valid = typed.notna().to_numpy(dtype=bool)
    values = typed.to_numpy(dtype=np.int64, na_value=0)
    return NullableInt(values, valid)


def _check_dtypes(facts: pd.DataFrame, errors: list[FactsError]) -> None:
    for name in STRING_COLUMNS:
        if facts[name].isna().any():
            errors.append(FactsError(name, "must not contain nulls"))
    for name in INT_COLUMNS:
        nullable = name in NULLABLE_FACT_INT_COLUMNS
        if not pd.api.types.is_integer_dtype(facts[name].dtype) or (
            not nullable and facts[name].isna().any()
        ):
            kind = "int64 or nullable int" if nullable else "int64 without nulls"
            errors.append(FactsError(name, f"must be {kind}, got {facts[name].dtype}"))
    for name in BOOL_COLUMNS:
        nullable = name in TRAIT_BOOL_COLUMNS
        if not pd.api.types.is_bool_dtype(facts[name].dtype) or (
            not nullable and facts[name].isna().any()
        ):
            kind = "bool or nullable bool" if nullable else "bool without nulls"
            errors.append(FactsError(name, f"must be {kind}, got {facts[name].dtype}"))


def _maybe_null(col: pd.Series[Any]) -> tuple[Any, B]:
    """Values (0/False where null) and where they are known, of a column that may hold nulls."""
    known = col.notna().to_numpy(dtype=bool)
    if known.all():
        return col.to_numpy(), known
    if pd.api.types.is_bool_dtype(col.dtype):
        return col.fillna(False).to_numpy(dtype=bool), known
    return col.fillna(0).to_numpy(dtype=np.int64), known


def canonical_order(participant: npt.NDArray[np.intp], day: I64, seq: I64, ids: Obj) -> I64:
    """Positions sorting rows by (participant, value_date, created_seq, declaration_id)."""
    if len(seq) > 1 and (seq[1:] > seq[:-1]).all():
        # Rows already in arrival order (no ties): a stable sort on participant and day alone,
        # and none at all when they are already in that order.
        low = int(day.min())
        span = int(day.max()) - low + 1
        if int(participant.max()) < np.iinfo(np.int64).max // span:
            key = participant.astype(np.int64) * span + (day - low)
            if (key[1:] >= key[:-1]).all():
                return np.arange(len(seq), dtype=np.int64)
            return np.argsort(key, kind="stable").astype(np.int64)
    order = np.lexsort((seq, day, participant))
    p, d, s = participant[order], day[order], seq[order]
    ties = (p[1:] == p[:-1]) & (d[1:] == d[:-1]) & (s[1:] == s[:-1])
    if ties.any():
        # Rare: only then pay for ranking the declaration ids as strings.
        id_rank, _ = pd.factorize(pd.Series(ids, dtype=object), sort=True)
        order = np.lexsort((id_rank, seq, day, participant))
    return order.astype(np.int64)


def prepare_facts(facts: pd.DataFrame) -> Prepared:
    """Validate ``facts`` and return its columns in canonical order; raises FactsInvalid."""
    missing = [c for c in REQUIRED_COLUMNS if c not in facts.columns]
    if missing:
        raise FactsInvalid([FactsError(c, "missing column") for c in missing])
    errors: list[FactsError] = []
    _check_dtypes(facts, errors)
    if errors:
        raise FactsInvalid(errors)
    ids_all = facts["declaration_id"].to_numpy(dtype=object)
    if facts["declaration_id"].duplicated().any():
        errors.append(FactsError("declaration_id", "must be unique"))
    amount_all = facts["amount_mad_minor"].to_numpy(dtype=np.int64)
    if (amount_all < 0).any():
        errors.append(FactsError("amount_mad_minor", "must not be negative"))
    p_codes, p_uniques = pd.factorize(facts["participant_id"], sort=True)
    day_all = _to_days(facts["value_date"], "value_date", errors)
    if (day_all == NAT).any():
        errors.append(FactsError("value_date", "must not contain nulls"))
    seq_all = facts["created_seq"].to_numpy(dtype=np.int64)
    dates_all = {c: _to_days(facts[c], c, errors) for c in NULLABLE_DATE_COLUMNS}
    ints_all = {c: _nullable_int(facts[c], c, errors) for c in NULLABLE_INT_COLUMNS}
    for c in OPTIONAL_INT_COLUMNS:
        ints_all[c] = (
            _nullable_int(facts[c], c, errors) if c in facts.columns else _unknown(len(facts))
        )
    opt_bools_all = {
        c: _nullable_bool(facts[c], c, errors) if c in facts.columns else _unknown(len(facts))
        for c in OPTIONAL_BOOL_COLUMNS
    }
    if errors:
        raise FactsInvalid(errors)
    traits = {c: _maybe_null(facts[c]) for c in (*TRAIT_BOOL_COLUMNS, *NULLABLE_FACT_INT_COLUMNS)}

    p_arr = np.asarray(p_codes)
    order = canonical_order(p_arr, day_all, seq_all, ids_all)
    # Facts often arrive in canonical order already (the facts builder sorts them): then every
    # column is used as it is, not copied through the permutation.
    in_order = bool((order == np.arange(len(order))).all())

    def put(values: Any) -> Any:
        return values if in_order else values[order]

    strings: dict[str, Coded] = {}
    for c in STRING_COLUMNS[2:] + NULLABLE_STRING_COLUMNS:
        codes, uniques = pd.factorize(facts[c])
        strings[c] = Coded(put(np.asarray(codes)), np.asarray(uniques, dtype=object))
    return Prepared(
        n=len(facts),
        ids=put(ids_all),
        participant=put(p_arr),
        participant_ids=np.asarray(p_uniques, dtype=object),
        day=put(day_all),
        seq=put(seq_all),
        amount=put(amount_all),
        has_rate=put(facts["has_rate"].to_numpy(dtype=bool)),
        strings=strings,
        bools={
            "has_rate": put(facts["has_rate"].to_numpy(dtype=bool)),
            **{c: put(traits[c][0].astype(bool)) for c in TRAIT_BOOL_COLUMNS},
        },
        dates={c: put(v) for c, v in dates_all.items()},
        ints={c: NullableInt(put(v.values), put(v.valid)) for c, v in ints_all.items()},
        optional_bools={
            c: NullableInt(put(v.values), put(v.valid)) for c, v in opt_bools_all.items()
        },
        tax=put(traits["tax_paid_last_fy_minor"][0].astype(np.int64)),
        document_kinds=put(facts["document_kinds"].to_numpy(dtype=object)),
        known={c: put(known) for c, (_, known) in traits.items()},
        references=(
            put(facts["reference"].fillna("").to_numpy(dtype=object))
            if "reference" in facts.columns
            else None
        ),
    )
