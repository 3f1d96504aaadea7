"""Reads of the facts from the database: declaration rows with their conversions, documents
and rate rows, in bulk."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pandas as pd
from django.db import connection
from django.db.models import BigIntegerField, Case, F, Q, QuerySet, TextField, When
from django.db.models.functions import Cast, Round

from backend.common.bulk import frame_read, raw_columns
from backend.declarations.models import (
    Declaration,
    DeclarationDocument,
    PaymentKind,
)
from backend.rates.models import Conversion
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.screening.facts.hashing import DOCUMENT_FIELDS, FINGERPRINT_FIELDS, RowHash

# Rows of an IN (...) list per query: below every backend's bound on query parameters.
IN_CHUNK = 900


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


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _documents(declaration_ids: list[str], taken_at: datetime) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for part in _chunks(declaration_ids):
        for decl, kind in DeclarationDocument.objects.filter(
            declaration_id__in=part, created_at__lte=taken_at
        ).values_list("declaration_id", "kind"):
            found.setdefault(str(decl), set()).add(kind)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def documents_read(
    participant_ids: Sequence[str],
    start: date,
    end: date | None,
    taken_at: datetime,
    *,
    row_hash: bool = False,
) -> dict[str, list[Any]]:
    """The documents of these participants' declarations valued in the window, as columns
    (declaration_id, kind, and with `row_hash` each row's `RowHash`): a few queries per chunk
    of participants, not one per 900 declarations."""
    fields = ("declaration_id", "kind", "row_hash") if row_hash else ("declaration_id", "kind")
    out: dict[str, list[Any]] = {f: [] for f in fields}
    for part in _chunks(list(participant_ids)):
        queryset = DeclarationDocument.objects.filter(
            declaration__organisation_id__in=part,
            declaration__value_date__gte=start,
            created_at__lte=taken_at,
        )
        if end is not None:
            queryset = queryset.filter(declaration__value_date__lte=end)
        if row_hash:
            queryset = queryset.annotate(row_hash=RowHash(*DOCUMENT_FIELDS))
        for name, values in raw_columns(queryset.order_by(), fields).items():
            out[name].extend(values)
    return out


def document_kinds(columns: dict[str, list[Any]]) -> dict[str, tuple[str, ...]]:
    """Document kinds by declaration, from `documents_read` columns."""
    found: dict[str, set[str]] = {}
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


def declaration_read(
    queryset: QuerySet[Declaration],
    fields: Sequence[str] = DECLARATION_FIELDS,
    dtypes: dict[str, str] | None = None,
) -> pd.DataFrame:
    """`fields` of the queryset's rows (model fields, or `created_text`, `amount_minor` and
    `row_hash`, the row's `RowHash` over `FINGERPRINT_FIELDS`). The creation time comes as text
    and the MAD amount as centimes, computed by the database (two decimals stored: exact), so no
    datetime or Decimal object is built per row."""
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
    if "row_hash" in fields:
        annotated = annotated.annotate(row_hash=RowHash(*FINGERPRINT_FIELDS))
    return frame_read(annotated, fields, dtypes)


def _declaration_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame["id"] = frame["id"].astype(str)
    frame["participant_id"] = frame.pop("organisation_id").astype(str)
    return frame


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
