"""The facts frame: declaration rows and traits assembled into the engine's columns in
canonical order, and its hash per participant."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Any, cast

import numpy as np
import pandas as pd

from backend.declarations.models import (
    Declaration,
    DeclarationStatus,
    PaymentKind,
)
from backend.rates.models import Conversion
from backend.rule_engine import REQUIRED_COLUMNS
from backend.rule_engine.facts import canonical_order
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.screening.facts.hashing import StoredFacts, hash_totals
from backend.screening.facts.read import (
    DECLARATION_FIELDS,
    FACTS_DTYPES,
    _chunks,
    _declaration_columns,
    _documents,
    _probe,
    chunk_read_plan,
    declaration_read,
    document_kinds,
    documents_read,
)
from backend.screening.facts.traits import _trait_rows, _traits, _traits_from_json, traits_json
from backend.screening.facts.values import (
    _advance_share_bp,
    _received_date,
    day_column,
    normalise_counterparty,
    publication_lag,
)

ESTIMATE_METHOD = "estimate"
# The facts read's column types, with each row's hash when the read is fingerprinted.
HASHED_DTYPES = {**FACTS_DTYPES, "row_hash": "int64"}


# Columns hashed into the facts hash: every engine input, in a fixed order.
HASHED_COLUMNS = (
    *(c for c in REQUIRED_COLUMNS if c != "document_kinds"),
    "documents",
    "rate_lag_days",
    "rate_is_estimate",
    "certified_accounts",
    "subscription_months",
)


@dataclass
class FactsBundle:
    """A facts frame in canonical order plus what screening stores beside it."""

    frame: pd.DataFrame  # engine columns + reference
    traits: dict[str, dict[str, Any]]  # participant id -> JSON-safe traits as used
    taken_at: datetime
    # Each participant's facts as `facts_fingerprints` sees them, when the build was asked to
    # hash what it read (`fingerprints`): the same statements, so exactly what was read.
    stored: dict[str, StoredFacts] | None = None
    _hashes: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def participant_hashes(self) -> dict[str, str]:
        """SHA-256 of each participant's facts (same rows, same values, same hash); computed
        once per bundle (the frame is not modified after assembly)."""
        if self._hashes is None:
            self._hashes = facts_hashes(self.frame)
        return self._hashes


def _document_kinds(ids: pd.Series, documents: dict[str, tuple[str, ...]]) -> np.ndarray:
    """Each row's document kinds (most rows have none)."""
    out = np.empty(len(ids), dtype=object)
    out.fill(())
    if documents:
        position = pd.Index(ids).get_indexer(list(documents))
        for at, kinds in zip(position.tolist(), documents.values(), strict=True):
            if at >= 0:
                out[at] = kinds
    return out


def _assemble(decls: pd.DataFrame, traits: pd.DataFrame, documents: dict[str, tuple[str, ...]]):
    """The engine columns from declaration rows and trait rows."""
    frame = decls.reset_index(drop=True)
    trait_rows = _trait_rows(frame["participant_id"], traits)
    amount = pd.to_numeric(frame["amount_minor"])
    has_rate = amount.notna().to_numpy()
    minor = amount.fillna(0).to_numpy(dtype=np.int64)
    created = pd.to_datetime(frame["created_text"], utc=True, format="ISO8601")
    method = frame["conversion__method"].to_numpy(dtype=object)
    estimate = pd.array(method == ESTIMATE_METHOD, dtype="boolean")
    estimate[~has_rate] = pd.NA
    value_date = day_column(frame["value_date"])
    out = pd.DataFrame(
        {
            "declaration_id": frame["id"],
            "participant_id": frame["participant_id"],
            "reference": frame["reference"],
            "status": frame["status"],
            "value_date": value_date,
            "created_seq": (created - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1),
            "direction": frame["direction"],
            "category": frame["category"],
            "channel": frame["channel"],
            "counterparty_country": frame["counterparty_country"].where(
                frame["counterparty_country"].astype(bool), None
            ),
            "counterparty_key": normalise_counterparty(frame["counterparty_name"]),
            "amount_mad_minor": minor,
            "has_rate": has_rate,
            "document_kinds": _document_kinds(frame["id"], documents),
            "service_performance_date": day_column(frame["service_performance_date"]),
            "expected_repatriation_date": day_column(frame["expected_repatriation_date"]),
            "received_date": _received_date(value_date, frame["receipt_status"]),
            "advance_share_bp": _advance_share_bp(
                frame["advance_amount"], frame["advance_contract"]
            ),
            "subscription_months": pd.to_numeric(frame["subscription_months"]).astype("Int64"),
            **{c: trait_rows[c].array for c in trait_rows.columns},
            "rate_lag_days": publication_lag(frame["conversion__rate_date"], pd.Series(value_date)),
            "rate_is_estimate": estimate,
        }
    )
    out["created_seq"] = out["created_seq"].astype(np.int64)
    # Canonical order: participant, value date, creation, id (the engine's own ordering, which
    # ranks the ids as text only when the other keys tie).
    order = canonical_order(
        pd.factorize(out["participant_id"], sort=True)[0],
        out["value_date"].to_numpy().astype("datetime64[D]").astype(np.int64),
        out["created_seq"].to_numpy(),
        out["declaration_id"].to_numpy(dtype=object),
    )
    if (order == np.arange(len(order))).all():
        return out
    return out.take(order).reset_index(drop=True)


def hypothetical_row(declaration: Declaration, conversion: Conversion | None) -> tuple[Any, ...]:
    """A declaration that is not stored (a simulation) as a facts row, exactly as it would be
    read once declared and converted: created now, so last among its value date's rows."""
    amount_minor = (
        None
        if conversion is None
        else int((conversion.amount_mad * MINOR_PER_MAD).to_integral_value())
    )
    advance = declaration.payment_kind == PaymentKind.ADVANCE
    computed: dict[str, Any] = {
        "id": str(declaration.pk),
        "organisation_id": str(declaration.organisation_id),
        "created_text": declaration.created_at.isoformat(),
        "amount_minor": amount_minor,
        "conversion__rate_date": None if conversion is None else conversion.rate_date,
        "conversion__method": None if conversion is None else conversion.method,
        "advance_amount": declaration.amount if advance else None,
        "advance_contract": declaration.contract_amount if advance else None,
    }
    # Every other column is the model field of the same name, so a column added to the facts
    # is read from a simulated declaration as it is from a stored one.
    values = {
        f: computed[f] if f in computed else getattr(declaration, f) for f in DECLARATION_FIELDS
    }
    return tuple(values[f] for f in DECLARATION_FIELDS)


def facts_build(
    *,
    participant_ids: Sequence[Any],
    start: date,
    end: date | None = None,
    taken_at: datetime,
    probe_on: date | None = None,
    extra_rows: Sequence[tuple[Any, ...]] = (),
    fingerprints: bool = False,
) -> FactsBundle:
    """The facts of these participants' current, non-withdrawn declarations valued in
    [start, end] (no upper bound when `end` is None); with `probe_on`, one zero row per
    participant on that date (see `_probe`); `extra_rows` (see `hypothetical_row`) are added
    as if they were stored; with `fingerprints` (stored rows only), the bundle's `stored`
    says what was read."""
    ids = sorted(str(p) for p in participant_ids)
    parts: list[pd.DataFrame] = []
    fields = [*DECLARATION_FIELDS, "row_hash"] if fingerprints else list(DECLARATION_FIELDS)
    dtypes = HASHED_DTYPES if fingerprints else FACTS_DTYPES
    with chunk_read_plan():
        for part in _chunks(ids):
            queryset = Declaration.objects.filter(
                organisation_id__in=part, is_current=True, value_date__gte=start
            ).exclude(status=DeclarationStatus.WITHDRAWN)
            if end is not None:
                queryset = queryset.filter(value_date__lte=end)
            parts.append(declaration_read(queryset, fields, dtypes=dtypes))
    if probe_on is not None:
        probes = [_probe(p, probe_on) for p in ids]
        parts.append(pd.DataFrame.from_records(probes, columns=list(DECLARATION_FIELDS)))
    if extra_rows:
        parts.append(pd.DataFrame.from_records(list(extra_rows), columns=list(DECLARATION_FIELDS)))
    parts = [p for p in parts if not p.empty]
    decls = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=list(DECLARATION_FIELDS))
    )
    return _bundle(
        _declaration_columns(decls), ids, taken_at, start=start, end=end, hashed=fingerprints
    )


@dataclass(frozen=True)
class ConversionThen:
    """A declaration's conversion as a screening read it, where it has changed since (a late or
    revised publication): MAD centimes, rate date and method, all None when it had none."""

    amount_minor: int | None
    rate_date: date | None
    method: str | None


def _as_then(decls: pd.DataFrame, then: Mapping[str, ConversionThen]) -> pd.DataFrame:
    """The declaration rows with the conversions they had then in place of today's."""
    if not then:
        return decls
    at = decls["id"].map(lambda i: then.get(i)).to_numpy(dtype=object)
    changed = np.array([c is not None for c in at], dtype=bool)
    if not changed.any():
        return decls
    for column, attribute in (
        ("amount_minor", "amount_minor"),
        ("conversion__rate_date", "rate_date"),
        ("conversion__method", "method"),
    ):
        values = decls[column].astype(object).to_numpy(copy=True)
        values[changed] = [getattr(c, attribute) for c in at[changed]]
        decls[column] = values
    return decls


def facts_rebuild(
    *,
    participant_id: str,
    declaration_ids: Sequence[str],
    traits: dict[str, Any],
    taken_at: Any,
    conversions_then: Mapping[str, ConversionThen] | None = None,
) -> FactsBundle:
    """The facts of a stored snapshot: the listed declarations with the stored traits, and the
    conversions they had then where `conversions_then` says one has changed since."""
    parts = [
        declaration_read(Declaration.objects.filter(pk__in=part))
        for part in _chunks(list(declaration_ids))
    ]
    decls = _declaration_columns(
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=list(DECLARATION_FIELDS))
    )
    decls = _as_then(decls, conversions_then or {})
    trait_frame = pd.DataFrame([_traits_from_json(participant_id, traits)])
    documents = _documents(list(decls["id"]), taken_at)
    frame = _assemble(decls, trait_frame, documents)
    return FactsBundle(frame=frame, traits={participant_id: traits}, taken_at=taken_at)


def _bundle(
    decls: pd.DataFrame,
    participant_ids: list[str],
    taken_at: datetime,
    *,
    start: date,
    end: date | None,
    hashed: bool = False,
) -> FactsBundle:
    trait_frame = _traits(participant_ids)
    records = cast(list[dict[str, Any]], trait_frame.to_dict("records"))
    traits = {str(r["participant_id"]): traits_json(r) for r in records}
    stored = dict.fromkeys(participant_ids, StoredFacts()) if hashed else None
    if decls.empty:
        empty = pd.DataFrame(columns=[*REQUIRED_COLUMNS, "reference", *HASHED_COLUMNS[-4:]])
        return FactsBundle(frame=empty, traits=traits, taken_at=taken_at, stored=stored)
    documents = documents_read(participant_ids, start, end, taken_at, row_hash=hashed)
    if stored is not None:
        stored.update(_stored_facts(decls, documents))
    frame = _assemble(decls, trait_frame, document_kinds(documents))
    return FactsBundle(frame=frame, traits=traits, taken_at=taken_at, stored=stored)


def _stored_facts(decls: pd.DataFrame, documents: dict[str, list[Any]]) -> dict[str, StoredFacts]:
    """What `facts_fingerprints` would count and hash, from the rows read with their hashes:
    the declaration rows, and the documents of those rows."""
    codes, participants = pd.factorize(decls["participant_id"].to_numpy(dtype=object))
    size = len(participants)
    rows = np.bincount(codes, minlength=size)
    converted = np.bincount(
        codes, weights=(decls["status"] == DeclarationStatus.CONVERTED).to_numpy(), minlength=size
    )
    rows_hash = hash_totals(pd.Series(codes), decls["row_hash"].to_numpy(dtype=np.int64))
    # Each document's participant, through its declaration's row (documents of other rows:
    # not in the facts).
    at = pd.Index(decls["id"].to_numpy(dtype=object)).get_indexer(
        pd.Index([str(d) for d in documents["declaration_id"]], dtype=object)
    )
    kept = at >= 0
    owners = codes[at[kept]]
    document_counts = np.bincount(owners, minlength=size)
    document_hashes = hash_totals(
        pd.Series(owners), np.asarray(documents["row_hash"], dtype=np.int64)[kept]
    )
    return {
        str(p): StoredFacts(
            rows=int(rows[i]),
            rows_hash=rows_hash[str(i)],
            converted=int(converted[i]),
            documents=int(document_counts[i]),
            documents_hash=document_hashes.get(str(i), ""),
        )
        for i, p in enumerate(participants)
    }


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
