"""The facts builder: declarations, conversions, documents and participant traits from the
database into the rule engine's facts DataFrame (see backend/rule_engine/facts.py).

Everything is read with `values_list` and assembled with pandas, never one model instance per
row, so a chunk of thousands of participants costs a handful of queries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Any, cast

import numpy as np
import pandas as pd

from backend.accounts.models import ParticipantProfile
from backend.common.bulk import raw_columns
from backend.declarations.models import Declaration, DeclarationDocument, DeclarationStatus
from backend.rates.calendar import is_publication_day
from backend.rates.models import Conversion
from backend.rule_engine import REQUIRED_COLUMNS

MINOR_PER_MAD = 100
ESTIMATE_METHOD = "estimate"
NO_CLUSTER = "NONE"
# Rows of an IN (...) list per query: below every backend's bound on query parameters.
IN_CHUNK = 900

TRAIT_FIELDS = (
    "labelled",
    "labelled_on",
    "incorporated_on",
    "has_fx_account",
    "categorised_operator",
    "certified_accounts",
    "tax_paid_last_fy",
    "sector",
    "cluster",
    "region",
)
DECLARATION_FIELDS = (
    "id",
    "organisation_id",
    "reference",
    "value_date",
    "created_at",
    "direction",
    "category",
    "channel",
    "counterparty_country",
    "counterparty_name",
    "service_performance_date",
    "expected_repatriation_date",
    "conversion__id",
    "conversion__amount_mad",
    "conversion__rate_date",
    "conversion__method",
)
# Columns hashed into the facts hash: every engine input, in a fixed order.
HASHED_COLUMNS = (
    *(c for c in REQUIRED_COLUMNS if c != "document_kinds"),
    "documents",
    "rate_lag_days",
    "rate_is_estimate",
    "certified_accounts",
)


@dataclass
class FactsBundle:
    """A facts frame in canonical order plus what screening stores beside it."""

    frame: pd.DataFrame  # engine columns + reference, amount_mad (Decimal or None)
    traits: dict[str, dict[str, Any]]  # participant id -> JSON-safe traits as used
    rate_rows: dict[str, list[int]]  # declaration id -> rate row ids of its conversion
    taken_at: datetime
    _hashes: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def participant_hashes(self) -> dict[str, str]:
        """SHA-256 of each participant's facts (same rows, same values, same hash); computed
        once per bundle (the frame is not modified after assembly)."""
        if self._hashes is None:
            self._hashes = facts_hashes(self.frame)
        return self._hashes


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def normalise_counterparty(names: pd.Series) -> pd.Series:
    """Beneficiary key: case-folded, punctuation as spaces, single spaces (``ACME, Inc.`` ->
    ``acme inc``), so spelling variants of one payee group together for structuring."""
    return (
        names.astype("string")
        .str.casefold()
        .str.replace(r"[\W_]+", " ", regex=True)
        .str.strip()
        .astype(object)
    )


@cache
def _publication_holidays(year: int) -> tuple[np.datetime64, ...]:
    """Weekdays of `year` on which no rate is published (holidays, 25-26 December)."""
    day = date(year, 1, 1)
    out = []
    while day.year == year:
        if day.weekday() < 5 and not is_publication_day(day):
            out.append(np.datetime64(day, "D"))
        day += timedelta(days=1)
    return tuple(out)


def publication_lag(rate_date: pd.Series, value_date: pd.Series) -> pd.Series:
    """Publication days in (rate_date, value_date]: 0 for the value date's own rate and for a
    weekend carried back to Friday; null without a rate."""
    valid = rate_date.notna().to_numpy()
    out = pd.array([pd.NA] * len(rate_date), dtype="Int64")
    if not valid.any():
        return pd.Series(out, index=rate_date.index)
    start = pd.to_datetime(rate_date[valid]).to_numpy().astype("datetime64[D]") + 1
    end = pd.to_datetime(value_date[valid]).to_numpy().astype("datetime64[D]") + 1
    years = range(int(start.min().astype(object).year), int(end.max().astype(object).year) + 1)
    holidays = [h for y in years for h in _publication_holidays(y)]
    lag = np.busday_count(np.minimum(start, end), end, holidays=holidays)
    out[valid] = lag.astype(np.int64)
    return pd.Series(out, index=rate_date.index)


def _traits(participant_ids: Sequence[str]) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for part in _chunks(list(participant_ids)):
        rows.extend(
            ParticipantProfile.objects.filter(organisation_id__in=part).values_list(
                "organisation_id", *TRAIT_FIELDS
            )
        )
    frame = pd.DataFrame.from_records(rows, columns=["participant_id", *TRAIT_FIELDS])
    frame["participant_id"] = frame["participant_id"].astype(str)
    return frame


def traits_json(row: dict[str, Any]) -> dict[str, Any]:
    """Traits as stored in a snapshot (dates ISO, money a decimal string)."""
    out: dict[str, Any] = {}
    for key in TRAIT_FIELDS:
        value = row.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
            value = None
        out[key] = value
    return out


def _traits_from_json(participant_id: str, data: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"participant_id": participant_id}
    for key in TRAIT_FIELDS:
        value = data.get(key)
        if key in ("labelled_on", "incorporated_on") and value is not None:
            value = date.fromisoformat(value)
        elif key == "tax_paid_last_fy" and value is not None:
            value = Decimal(value)
        row[key] = value
    return row


def _documents(declaration_ids: list[str], taken_at: datetime) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for part in _chunks(declaration_ids):
        for decl, kind in DeclarationDocument.objects.filter(
            declaration_id__in=part, created_at__lte=taken_at
        ).values_list("declaration_id", "kind"):
            found.setdefault(str(decl), set()).add(kind)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _documents_of(
    participant_ids: Sequence[str], start: date, end: date | None, taken_at: datetime
) -> dict[str, tuple[str, ...]]:
    """Document kinds by declaration, for these participants' declarations valued in the
    window: a few queries per chunk of participants, not one per 900 declarations."""
    found: dict[str, set[str]] = {}
    for part in _chunks(list(participant_ids)):
        queryset = DeclarationDocument.objects.filter(
            declaration__organisation_id__in=part,
            declaration__value_date__gte=start,
            created_at__lte=taken_at,
        )
        if end is not None:
            queryset = queryset.filter(declaration__value_date__lte=end)
        columns = raw_columns(queryset, ("declaration_id", "kind"))
        for decl, kind in zip(columns["declaration_id"], columns["kind"], strict=True):
            found.setdefault(str(decl), set()).add(kind)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _rate_rows_of(
    participant_ids: Sequence[str], start: date, end: date | None
) -> dict[str, list[int]]:
    """Rate row ids by declaration, for these participants' declarations valued in the window."""
    through = Conversion.rate_rows.through
    found: dict[str, list[int]] = {}
    for part in _chunks(list(participant_ids)):
        queryset = through.objects.filter(
            conversion__declaration__organisation_id__in=part,
            conversion__declaration__value_date__gte=start,
        )
        if end is not None:
            queryset = queryset.filter(conversion__declaration__value_date__lte=end)
        columns = raw_columns(
            queryset.order_by("raterow_id"), ("conversion__declaration_id", "raterow_id")
        )
        for decl, row in zip(
            columns["conversion__declaration_id"], columns["raterow_id"], strict=True
        ):
            # The integer value of the rate row's UUID, as evaluations have always stored it.
            found.setdefault(str(decl), []).append(int(str(row).replace("-", ""), 16))
    return found


def _assemble(decls: pd.DataFrame, traits: pd.DataFrame, documents: dict[str, tuple[str, ...]]):
    """The engine columns from declaration rows and trait rows."""
    frame = decls.merge(traits, on="participant_id", how="left", validate="many_to_one")
    amount = frame["conversion__amount_mad"]
    has_rate = amount.notna().to_numpy()
    minor = np.zeros(len(frame), dtype=np.int64)
    if has_rate.any():
        # Decimal MAD to centimes exactly (amounts are stored with two decimals).
        minor[has_rate] = [int(a * MINOR_PER_MAD) for a in amount[has_rate]]
    tax = frame["tax_paid_last_fy"].map(
        lambda v: int(Decimal(v) * MINOR_PER_MAD) if v is not None and v == v else 0
    )
    created = pd.to_datetime(frame["created_at"], utc=True)
    out = pd.DataFrame(
        {
            "declaration_id": frame["id"],
            "participant_id": frame["participant_id"],
            "reference": frame["reference"],
            "value_date": pd.to_datetime(frame["value_date"]),
            "created_seq": (created - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1),
            "direction": frame["direction"],
            "category": frame["category"],
            "channel": frame["channel"],
            "counterparty_country": frame["counterparty_country"].where(
                frame["counterparty_country"].astype(bool), None
            ),
            "counterparty_key": normalise_counterparty(frame["counterparty_name"]),
            "amount_mad_minor": minor,
            "amount_mad": amount.where(amount.notna(), None),
            "has_rate": has_rate,
            "document_kinds": [documents.get(i, ()) for i in frame["id"]],
            "service_performance_date": pd.to_datetime(frame["service_performance_date"]),
            "expected_repatriation_date": pd.to_datetime(frame["expected_repatriation_date"]),
            "received_date": pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]"),
            "advance_share_bp": pd.array([pd.NA] * len(frame), dtype="Int64"),
            "labelled": frame["labelled"].fillna(False).astype(bool),
            "labelled_since": pd.to_datetime(frame["labelled_on"]),
            "incorporated_on": pd.to_datetime(frame["incorporated_on"]),
            "has_fx_account": frame["has_fx_account"].fillna(False).astype(bool),
            "categorised_operator": frame["categorised_operator"].fillna(False).astype(bool),
            "certified_accounts": frame["certified_accounts"].fillna(False).astype(bool),
            "tax_paid_last_fy_minor": tax.astype(np.int64),
            "cluster": frame["cluster"].where(frame["cluster"].notna(), None),
            "sector": frame["sector"].where(frame["sector"].notna(), None),
            "region": frame["region"].where(frame["region"].notna(), None),
            "is_cluster_member": (frame["cluster"].notna() & (frame["cluster"] != NO_CLUSTER))
            .astype(bool)
            .to_numpy(),
            # No revenue figure is collected yet: unknown counts as having revenue.
            "pre_revenue": np.zeros(len(frame), dtype=bool),
            "rate_lag_days": publication_lag(frame["conversion__rate_date"], frame["value_date"]),
            "rate_is_estimate": pd.array(
                [
                    (m == ESTIMATE_METHOD) if rated else None
                    for m, rated in zip(frame["conversion__method"], has_rate, strict=True)
                ],
                dtype="boolean",
            ),
        }
    )
    out["created_seq"] = out["created_seq"].astype(np.int64)
    return out.sort_values(
        ["participant_id", "value_date", "created_seq", "declaration_id"], ignore_index=True
    )


def _declaration_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    return _declaration_columns(pd.DataFrame.from_records(rows, columns=list(DECLARATION_FIELDS)))


def _declaration_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame["id"] = frame["id"].astype(str)
    frame["participant_id"] = frame.pop("organisation_id").astype(str)
    return frame


PROBE_PREFIX = "probe:"


def _probe(participant_id: str, day: date) -> tuple[Any, ...]:
    """A zero-MAD row outside every category and channel: it carries the participant's traits
    into the engine's headroom when the participant has declared nothing yet."""
    values: dict[str, Any] = dict.fromkeys(DECLARATION_FIELDS)
    values.update(
        {
            "id": f"{PROBE_PREFIX}{participant_id}",
            "organisation_id": participant_id,
            "reference": "",
            "value_date": day,
            "created_at": datetime(1970, 1, 1, tzinfo=UTC),
            "direction": "outgoing",
            "category": "HEADROOM_PROBE",
            "channel": "none",
            "counterparty_country": "",
            "counterparty_name": "",
            "conversion__amount_mad": Decimal("0.00"),
            "conversion__rate_date": day,
            "conversion__method": "official",
        }
    )
    return tuple(values[f] for f in DECLARATION_FIELDS)


def facts_build(
    *,
    participant_ids: Sequence[Any],
    start: date,
    end: date | None = None,
    taken_at: datetime,
    probe_on: date | None = None,
) -> FactsBundle:
    """The facts of these participants' current, non-withdrawn declarations valued in
    [start, end] (no upper bound when `end` is None); with `probe_on`, one zero row per
    participant on that date (see `_probe`)."""
    ids = sorted(str(p) for p in participant_ids)
    parts: list[pd.DataFrame] = []
    for part in _chunks(ids):
        queryset = Declaration.objects.filter(
            organisation_id__in=part, is_current=True, value_date__gte=start
        ).exclude(status=DeclarationStatus.WITHDRAWN)
        if end is not None:
            queryset = queryset.filter(value_date__lte=end)
        columns = raw_columns(queryset, DECLARATION_FIELDS)
        parts.append(pd.DataFrame(columns, columns=list(DECLARATION_FIELDS)))
    if probe_on is not None:
        probes = [_probe(p, probe_on) for p in ids]
        parts.append(pd.DataFrame.from_records(probes, columns=list(DECLARATION_FIELDS)))
    parts = [p for p in parts if not p.empty]
    decls = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=list(DECLARATION_FIELDS))
    )
    return _bundle(_declaration_columns(decls), ids, taken_at, start=start, end=end)


def facts_rebuild(
    *, participant_id: str, declaration_ids: Sequence[str], traits: dict[str, Any], taken_at: Any
) -> FactsBundle:
    """The facts of a stored snapshot: the listed declarations with the stored traits."""
    rows: list[tuple[Any, ...]] = []
    for part in _chunks(list(declaration_ids)):
        rows.extend(Declaration.objects.filter(pk__in=part).values_list(*DECLARATION_FIELDS))
    decls = _declaration_frame(rows)
    trait_frame = pd.DataFrame([_traits_from_json(participant_id, traits)])
    documents = _documents(list(decls["id"]), taken_at)
    frame = _assemble(decls, trait_frame, documents)
    return FactsBundle(
        frame=frame, traits={participant_id: traits}, rate_rows={}, taken_at=taken_at
    )


def _bundle(
    decls: pd.DataFrame,
    participant_ids: list[str],
    taken_at: datetime,
    *,
    start: date,
    end: date | None,
) -> FactsBundle:
    trait_frame = _traits(participant_ids)
    records = cast(list[dict[str, Any]], trait_frame.to_dict("records"))
    traits = {str(r["participant_id"]): traits_json(r) for r in records}
    if decls.empty:
        empty = pd.DataFrame(columns=[*REQUIRED_COLUMNS, "reference", "amount_mad"])
        return FactsBundle(frame=empty, traits=traits, rate_rows={}, taken_at=taken_at)
    documents = _documents_of(participant_ids, start, end, taken_at)
    # Only the declarations in the facts (current, not withdrawn) keep their rate rows.
    in_facts = set(decls["id"])
    rate_rows = {
        k: v for k, v in _rate_rows_of(participant_ids, start, end).items() if k in in_facts
    }
    frame = _assemble(decls, trait_frame, documents)
    return FactsBundle(frame=frame, traits=traits, rate_rows=rate_rows, taken_at=taken_at)


def facts_hashes(frame: pd.DataFrame) -> dict[str, str]:
    """SHA-256 per participant over its rows' engine columns, in canonical order."""
    if frame.empty:
        return {}
    hashed = frame.assign(documents=frame["document_kinds"].map(",".join))
    row_hash = pd.util.hash_pandas_object(hashed[list(HASHED_COLUMNS)], index=False).to_numpy()
    participants = frame["participant_id"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, participants[1:] != participants[:-1], True])
    out: dict[str, str] = {}
    for lo, hi in pairwise(bounds):
        out[str(participants[lo])] = hashlib.sha256(row_hash[lo:hi].tobytes()).hexdigest()
    return out
