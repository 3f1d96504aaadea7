"""The facts builder: declarations, conversions, documents and participant traits from the
database into the rule engine's facts DataFrame (see backend/rule_engine/facts.py).

Everything is read with `values_list` and assembled with pandas, never one model instance per
row, so a chunk of thousands of participants costs a handful of queries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from functools import cache
from itertools import pairwise
from typing import Any, cast

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import BigIntegerField, Case, F, Q, QuerySet, TextField, When
from django.db.models.functions import Cast, Round

from backend.accounts.models import ParticipantProfile
from backend.common.bulk import frame_read, raw_columns
from backend.declarations.models import (
    Declaration,
    DeclarationDocument,
    DeclarationStatus,
    PaymentKind,
    ReceiptStatus,
)
from backend.rates.calendar import is_publication_day
from backend.rates.models import Conversion
from backend.rule_engine import REQUIRED_COLUMNS
from backend.rule_engine.facts import canonical_order
from backend.rule_engine.schema import MINOR_PER_MAD

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
    "pre_revenue",
    "sector",
    "cluster",
    "region",
)
DECLARATION_FIELDS = (
    "id",
    "organisation_id",
    "reference",
    "value_date",
    "created_text",
    "direction",
    "category",
    "channel",
    "counterparty_country",
    "counterparty_name",
    "service_performance_date",
    "expected_repatriation_date",
    "receipt_status",
    "subscription_months",
    "advance_amount",
    "advance_contract",
    "amount_minor",
    "conversion__rate_date",
    "conversion__method",
    "status",
)
# A basis point is a ten-thousandth.
BP = 10_000
# How the facts builder reads the declaration columns: repeated values (participants, codes,
# dates, payees) as categories, so each distinct value is parsed and factorised once, and the
# MAD amount as a nullable integer (hashes are the same as over plain text columns).
FACTS_DTYPES = {
    **dict.fromkeys(
        (
            "organisation_id",
            "value_date",
            "direction",
            "category",
            "channel",
            "counterparty_country",
            "counterparty_name",
            "service_performance_date",
            "expected_repatriation_date",
            "conversion__rate_date",
            "conversion__method",
            "status",
        ),
        "category",
    ),
    "amount_minor": "Int64",
}
# PostgreSQL planner settings for reading a chunk's declarations with their conversions: each
# row's conversion through its unique index (a nested loop), not a hash of the whole conversion
# table (at a million declarations, every chunk would scan and hash all of them, spilling to
# disk), with no parallel workers (the screening's own worker processes already use the cores)
# and no JIT compilation (its fixed cost, paid per chunk, exceeds what it saves here).
CHUNK_READ_SETTINGS = {
    "jit": "off",
    "max_parallel_workers_per_gather": "0",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
}
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
    # Normalised once per distinct name: a participant pays few payees many times.
    codes, distinct = pd.factorize(names, use_na_sentinel=False)
    keys = (
        pd.Series(distinct, dtype="string")
        .str.casefold()
        .str.replace(r"[\W_]+", " ", regex=True)
        .str.strip()
        .astype(object)
        .to_numpy()
    )
    return pd.Series(keys[codes], index=names.index, dtype=object)


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
    out = _unknown_ints(len(rate_date))
    if not valid.any():
        return pd.Series(out, index=rate_date.index)
    start = day_column(rate_date)[valid].astype("datetime64[D]") + 1
    end = pd.to_datetime(value_date[valid]).to_numpy().astype("datetime64[D]") + 1
    years = range(int(start.min().astype(object).year), int(end.max().astype(object).year) + 1)
    holidays = [h for y in years for h in _publication_holidays(y)]
    lag = np.busday_count(np.minimum(start, end), end, holidays=holidays)
    out[valid] = lag.astype(np.int64)
    return pd.Series(out, index=rate_date.index)


def _unknown_ints(count: int) -> Any:
    """A nullable integer array of `count` nulls."""
    return pd.arrays.IntegerArray(np.zeros(count, dtype=np.int64), np.ones(count, dtype=bool))


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
        columns = raw_columns(queryset.order_by(), ("declaration_id", "kind"))
        for decl, kind in zip(columns["declaration_id"], columns["kind"], strict=True):
            found.setdefault(str(decl), set()).add(kind)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def rate_rows_of(declaration_ids: Sequence[str]) -> dict[str, list[int]]:
    """Rate row ids of these declarations' conversions, by declaration (read for the verdicts
    stored row by row only: coverage runs name their facts snapshot, whose conversions keep
    their rate rows)."""
    through = Conversion.rate_rows.through
    found: dict[str, list[int]] = {}
    for part in _chunks(list(declaration_ids)):
        columns = raw_columns(
            through.objects.filter(conversion__declaration_id__in=part).order_by("raterow_id"),
            ("conversion__declaration_id", "raterow_id"),
        )
        for decl, row in zip(
            columns["conversion__declaration_id"], columns["raterow_id"], strict=True
        ):
            # The integer value of the rate row's UUID, as evaluations have always stored it.
            found.setdefault(str(decl), []).append(int(str(row).replace("-", ""), 16))
    return found


def mad_amounts(minor: pd.Series, has_rate: pd.Series) -> list[Decimal | None]:
    """MAD amounts with two decimals from centimes; None where there is no rate."""
    return [
        Decimal(int(m)).scaleb(-2) if rated else None
        for m, rated in zip(minor.tolist(), has_rate.tolist(), strict=True)
    ]


def day_column(values: pd.Series) -> np.ndarray:
    """A column of dates (or None) as datetime64, converting each distinct day once."""
    codes, distinct = pd.factorize(values)
    converted = pd.to_datetime(pd.Series(distinct, dtype=object)).to_numpy(dtype="datetime64[ns]")
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    known = codes >= 0
    out[known] = converted[codes[known]]
    return out


def _known_flag(values: pd.Series) -> pd.arrays.BooleanArray:
    """A participant fact as a nullable boolean: null (unknown) stays null, never False."""
    return pd.array(
        [None if v is None or v is pd.NA or v != v else bool(v) for v in values.tolist()],
        dtype="boolean",
    )


def _tax_minor(values: pd.Series) -> pd.arrays.IntegerArray:
    """Tax paid last year in MAD centimes; null when unknown (never 0)."""
    return pd.array(
        [
            int(Decimal(v) * MINOR_PER_MAD) if v is not None and v == v else None
            for v in values.tolist()
        ],
        dtype="Int64",
    )


def _trait_columns(traits: pd.DataFrame) -> pd.DataFrame:
    """The engine's trait columns, one row per participant (indexed by participant id); an
    unknown fact is null."""
    cluster = traits["cluster"].where(traits["cluster"].notna() & (traits["cluster"] != ""), None)
    member = pd.array(
        [None if c is None else c != NO_CLUSTER for c in cluster.tolist()], dtype="boolean"
    )
    return pd.DataFrame(
        {
            "labelled": _known_flag(traits["labelled"]),
            "labelled_since": day_column(traits["labelled_on"]),
            "incorporated_on": day_column(traits["incorporated_on"]),
            "has_fx_account": _known_flag(traits["has_fx_account"]),
            "categorised_operator": _known_flag(traits["categorised_operator"]),
            "certified_accounts": _known_flag(traits["certified_accounts"]),
            "tax_paid_last_fy_minor": _tax_minor(traits["tax_paid_last_fy"]),
            "cluster": cluster.to_numpy(dtype=object),
            "sector": traits["sector"].where(traits["sector"].notna(), None).to_numpy(dtype=object),
            "region": traits["region"].where(traits["region"].notna(), None).to_numpy(dtype=object),
            "is_cluster_member": member,
            "pre_revenue": _known_flag(traits["pre_revenue"]),
        },
        index=pd.Index(traits["participant_id"].astype(str)),
    )


def _trait_rows(participant_ids: pd.Series, traits: pd.DataFrame) -> pd.DataFrame:
    """The engine's trait columns for each row's participant (a participant without a profile
    gets the defaults of an empty profile)."""
    # One position per distinct participant, then spread to the rows by code.
    codes, distinct = pd.factorize(participant_ids)
    per_participant, at = _trait_positions(traits, distinct)
    return per_participant.iloc[at[codes]].reset_index(drop=True)


def _advance_share_bp(amount: pd.Series, contract: pd.Series) -> pd.arrays.IntegerArray:
    """Share of the contract paid ahead, in basis points rounded up, for advances (null for a
    settlement): both amounts are in the payment's currency, so the share is exact, and
    rounding up keeps "more than 30 %" exact against a whole number of basis points."""
    out: list[int | None] = [None] * len(amount)
    advances = np.flatnonzero(amount.notna().to_numpy() & contract.notna().to_numpy())
    paid, total = amount.to_numpy(dtype=object), contract.to_numpy(dtype=object)
    # Advances are a small share of the rows: exact Decimal arithmetic on those alone.
    for i in advances.tolist():
        share = Decimal(str(paid[i])) * BP / Decimal(str(total[i]))
        out[i] = int(share.to_integral_value(rounding=ROUND_CEILING))
    return pd.array(out, dtype="Int64")


def _received_date(value_date: np.ndarray, receipt_status: pd.Series) -> np.ndarray:
    """The day the money arrived: the value date, unless the receipt is still expected."""
    expected = (receipt_status == ReceiptStatus.EXPECTED).to_numpy(dtype=bool)
    return np.where(expected, np.datetime64("NaT"), value_date).astype("datetime64[ns]")


def _trait_positions(traits: pd.DataFrame, participant_ids: Any) -> tuple[pd.DataFrame, np.ndarray]:
    """The engine's trait columns per participant, and the position of each of
    `participant_ids` in them (one without a profile: the defaults of an empty profile)."""
    per_participant = _trait_columns(traits)
    at = per_participant.index.get_indexer(pd.Index(np.asarray(participant_ids, dtype=object)))
    if (at < 0).any():
        no_profile = pd.DataFrame([{"participant_id": "", **dict.fromkeys(TRAIT_FIELDS)}])
        per_participant = pd.concat([per_participant, _trait_columns(no_profile)])
        at = np.where(at < 0, len(per_participant) - 1, at)
    return per_participant, at


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


def declaration_read(
    queryset: QuerySet[Declaration],
    fields: Sequence[str] = DECLARATION_FIELDS,
    dtypes: dict[str, str] | None = None,
) -> pd.DataFrame:
    """`fields` of the queryset's rows (model fields, or `created_text` and `amount_minor`).
    The creation time comes as text and the MAD amount as centimes, computed by the database
    (two decimals stored: exact), so no datetime or Decimal object is built per row."""
    # Unordered: callers sort once assembled (the model's default ordering sorted every
    # chunk's rows in the database for nothing).
    advance = Q(payment_kind=PaymentKind.ADVANCE)
    annotated = queryset.order_by().annotate(
        created_text=Cast("created_at", TextField()),
        amount_minor=Cast(Round(F("conversion__amount_mad") * MINOR_PER_MAD), BigIntegerField()),
        # Only an advance carries its amounts into the facts (its share of the contract).
        advance_amount=Case(When(advance, then=F("amount"))),
        advance_contract=Case(When(advance, then=F("contract_amount"))),
    )
    return frame_read(annotated, fields, dtypes)


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
            "created_text": "1970-01-01 00:00:00+00:00",
            "direction": "outgoing",
            "category": "HEADROOM_PROBE",
            "channel": "none",
            "counterparty_country": "",
            "counterparty_name": "",
            "amount_minor": 0,
            "conversion__rate_date": day,
            "conversion__method": "official",
        }
    )
    return tuple(values[f] for f in DECLARATION_FIELDS)


def _with_probes(values: pd.Series, probes: Any, count: int) -> pd.Categorical:
    """A text column as categorical codes (fast for the engine to factorise), followed by
    `count` probe rows holding `probes` (one value, or one per probe row; None: null)."""
    column = values.astype("category")
    added = [probes] * count if isinstance(probes, str) or probes is None else list(probes)
    categories = pd.Index(sorted(set(column.cat.categories) | {p for p in added if p}))
    codes = np.concatenate(
        [
            column.cat.set_categories(categories).cat.codes.to_numpy(dtype=np.int64),
            categories.get_indexer(pd.Index(added, dtype=object)).astype(np.int64),
        ]
    )
    return pd.Categorical.from_codes(codes, categories=categories)


def usage_facts(rows: pd.DataFrame, participant_ids: Sequence[str], on: date) -> pd.DataFrame:
    """Facts for the engine's headroom alone, from declaration rows (participant_id,
    value_date as datetime64, direction, category, channel, counterparty_country or null,
    amount_minor: MAD centimes, or null without a rate; text plain or categorical): the
    participants' traits, one probe row each on `on` (see `_probe`), and in the columns headroom
    does not read (`rule_engine.HEADROOM_READS`) neutral values: row numbers for ids, no
    counterparty, documents or deadlines. Not for verdicts."""
    ids = sorted(str(p) for p in participant_ids)
    probe = dict(zip(DECLARATION_FIELDS, _probe("", on), strict=True))
    count, n = len(ids), len(rows) + len(ids)
    amount = pd.concat(
        [rows["amount_minor"].astype("Int64"), pd.Series(np.zeros(count), dtype="Int64")],
        ignore_index=True,
    )
    value_date = np.concatenate(
        [
            rows["value_date"].to_numpy(dtype="datetime64[ns]"),
            np.full(count, np.datetime64(on), dtype="datetime64[ns]"),
        ]
    )
    no_date = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    participant = _with_probes(rows["participant_id"], ids, count)
    # In the engine's canonical order already (participant, value date, then arrival: the row
    # numbers below), so that preparing the facts moves no column.
    day = value_date.astype("datetime64[D]").astype(np.int64)
    low = int(day.min()) if n else 0
    span = int(day.max()) - low + 1 if n else 1
    order = np.argsort(participant.codes.astype(np.int64) * span + (day - low), kind="stable")
    participant = participant[order]
    texts = {
        column: _with_probes(rows[column], probe[column] or None, count)[order]
        for column in ("direction", "category", "channel", "counterparty_country")
    }
    amount = amount.iloc[order]
    out = pd.DataFrame(
        {
            "declaration_id": np.arange(n, dtype=np.int64),
            "participant_id": participant,
            "value_date": value_date[order],
            "created_seq": np.arange(n, dtype=np.int64),
            **texts,
            "counterparty_key": np.full(n, None, dtype=object),
            "amount_mad_minor": amount.fillna(0).to_numpy(dtype=np.int64),
            "has_rate": amount.notna().to_numpy(dtype=bool),
            "document_kinds": np.full(n, None, dtype=object),
            "service_performance_date": no_date,
            "expected_repatriation_date": no_date,
            "received_date": no_date,
            "advance_share_bp": pd.arrays.IntegerArray(
                np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
            ),
        }
    )
    # Traits per participant, spread to the rows by code (text traits stay categorical).
    traits, at = _trait_positions(_traits(ids), participant.categories)
    for column in traits.columns:
        array = traits[column].array
        if isinstance(array.dtype, pd.BooleanDtype | pd.Int64Dtype):
            # A fact that may be unknown keeps its nulls.
            out[column] = array.take(at).take(participant.codes)
            continue
        values = traits[column].to_numpy()[at]
        if values.dtype == object:
            codes, uniques = pd.factorize(values)
            out[column] = pd.Categorical.from_codes(
                codes[participant.codes], categories=pd.Index(uniques, dtype=object)
            )
        else:
            out[column] = values[participant.codes]
    return out


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


@contextmanager
def chunk_read_plan() -> Iterator[None]:
    """`CHUNK_READ_SETTINGS` for the statements run inside, within the current transaction
    (PostgreSQL; outside a transaction, and on other databases, nothing changes). The previous
    values are put back after; a statement that fails aborts the transaction, whose end drops
    the settings anyway."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    names = list(CHUNK_READ_SETTINGS)
    calls = ", ".join(["set_config(%s, %s, true)"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
        saved = cursor.fetchone()
        cursor.execute(
            f"SELECT {calls}",
            [x for name in names for x in (name, CHUNK_READ_SETTINGS[name])],
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {calls}",
            [x for name, value in zip(names, saved, strict=True) for x in (name, value)],
        )


def facts_build(
    *,
    participant_ids: Sequence[Any],
    start: date,
    end: date | None = None,
    taken_at: datetime,
    probe_on: date | None = None,
    extra_rows: Sequence[tuple[Any, ...]] = (),
) -> FactsBundle:
    """The facts of these participants' current, non-withdrawn declarations valued in
    [start, end] (no upper bound when `end` is None); with `probe_on`, one zero row per
    participant on that date (see `_probe`); `extra_rows` (see `hypothetical_row`) are added
    as if they were stored."""
    ids = sorted(str(p) for p in participant_ids)
    parts: list[pd.DataFrame] = []
    with chunk_read_plan():
        for part in _chunks(ids):
            queryset = Declaration.objects.filter(
                organisation_id__in=part, is_current=True, value_date__gte=start
            ).exclude(status=DeclarationStatus.WITHDRAWN)
            if end is not None:
                queryset = queryset.filter(value_date__lte=end)
            parts.append(declaration_read(queryset, dtypes=FACTS_DTYPES))
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
    return _bundle(_declaration_columns(decls), ids, taken_at, start=start, end=end)


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
) -> FactsBundle:
    trait_frame = _traits(participant_ids)
    records = cast(list[dict[str, Any]], trait_frame.to_dict("records"))
    traits = {str(r["participant_id"]): traits_json(r) for r in records}
    if decls.empty:
        empty = pd.DataFrame(columns=[*REQUIRED_COLUMNS, "reference", *HASHED_COLUMNS[-4:]])
        return FactsBundle(frame=empty, traits=traits, taken_at=taken_at)
    documents = _documents_of(participant_ids, start, end, taken_at)
    frame = _assemble(decls, trait_frame, documents)
    return FactsBundle(frame=frame, traits=traits, taken_at=taken_at)


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
