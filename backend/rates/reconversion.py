"""Re-converting what a late or revised publication changes, in one set-based pass.

When rates of some days arrive late, are revised, or a business day is confirmed as a
non-publication day, the declarations whose conversion may change are those valued on one of
those days or on the non-publication days that follow it (a carry-forward reaches no further),
those waiting for a rate among them, and every provisional estimate valued on or after the first
of those days. They are converted again with the batch engine, compared with what is stored, and
only those whose rate, rate date, source or method changed are written.

The processing room calls `conversions_redo`, re-screens the participant-years it reports, then
records each change with `conversions_audit` in the same transaction: one audit event per
declaration holding the old and the new rate, amount, method and verdicts, in its history. When
the re-screening is handed to the workers in chunks, `conversions_hold` keeps each change (with
its verdicts before) in the re-conversion's transaction, and each chunk records its participants'
events with `conversions_record_held` once it has screened them, in the chunk's transaction.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Field, Q
from django.utils import timezone

from backend.audit.services import audit_record_set
from backend.common.bulk import (
    db_uuids,
    ordered_uuids,
    raw_columns,
    raw_insert,
    raw_update,
)
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rates import conf
from backend.rates.calendar import MAX_WALK_DAYS, is_business_day
from backend.rates.conversion import conversion_inputs
from backend.rates.decimals import plain
from backend.rates.lookup import MAD, Method, confirmed_non_publication
from backend.rates.models import Conversion

SYSTEM_ACTOR = "system:rates"
# Statuses whose conversion a publication may change; `received` ones are still on their way
# through the flow, which converts them with whatever rates are stored by then.
RECONVERTIBLE = (
    DeclarationStatus.CONVERTED,
    DeclarationStatus.SCREENED,
    DeclarationStatus.PENDING_RATE,
)
# Ids per statement when rows are picked by a list of ids.
IN_CHUNK = 1_000
FIELDS = (
    "pk",
    "organisation_id",
    "currency",
    "value_date",
    "amount",
    "status",
    "conversion__id",
    "conversion__mad_per_unit",
    "conversion__rate_date",
    "conversion__source",
    "conversion__method",
    "conversion__amount_mad",
)
COMPARED = ("mad_per_unit", "rate_date", "source", "method")


@dataclass(frozen=True)
class Reconversion:
    """What one re-conversion changed: one row per declaration, with its participant, value
    date, and its conversion before and after (`before_*` / `after_*` None when it waited or
    now waits for a rate)."""

    changes: pd.DataFrame
    # When the new conversions were stored (they hold it as `converted_at`).
    converted_at: datetime | None = None

    @property
    def count(self) -> int:
        """How many declarations changed."""
        return len(self.changes)

    @cached_property
    def _states(self) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
        pairs = zip(
            _side_states(self.changes, "before"), _side_states(self.changes, "after"), strict=True
        )
        return dict(zip(self.ids(), pairs, strict=True))

    def states(self) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
        """Each changed declaration's conversion before and after, as audited (built once)."""
        return self._states

    def ids(self) -> list[str]:
        """The changed declarations."""
        return [str(i) for i in self.changes["id"]]

    def declarations(self) -> pd.DataFrame:
        """Each changed declaration's id, participant, value date and status before."""
        return self.changes[["id", "participant_id", "value_date", "status"]]

    def participant_days(self) -> list[tuple[str, date]]:
        """(participant, value date) of every changed declaration: the windows to re-screen."""
        return list(zip(self.changes["participant_id"], self.changes["value_date"], strict=True))


def _following(source: str, day: date, confirmed: Collection[date]) -> list[date]:
    """`day` and the non-publication days of `source` right after it: the value dates a rate
    published on `day` may stand for."""
    days = [day]
    cursor = day + timedelta(days=1)
    while len(days) < MAX_WALK_DAYS and (
        not is_business_day(source, cursor) or cursor in confirmed
    ):
        days.append(cursor)
        cursor += timedelta(days=1)
    return days


def affected_value_days(*, source: str, days: Collection[date]) -> set[date]:
    """The value dates whose rate a change of `source` on `days` may change."""
    if not days:
        return set()
    confirmed = confirmed_non_publication(
        start=min(days), end=max(days) + timedelta(days=MAX_WALK_DAYS)
    )
    found: set[date] = set()
    for day in days:
        found.update(_following(source, day, confirmed.get(source, frozenset())))
    return found


def _candidates(value_days: set[date]) -> pd.DataFrame:
    """Current declarations whose conversion may change, with their stored conversion."""
    first = min(value_days)
    wanted = Q(value_date__in=sorted(value_days)) | Q(
        conversion__method=Method.ESTIMATE, value_date__gte=first
    )
    queryset = (
        Declaration.objects.filter(wanted, is_current=True, status__in=RECONVERTIBLE)
        .exclude(currency=MAD)
        .order_by()
    )
    columns = raw_columns(queryset, FIELDS)
    frame = pd.DataFrame(columns, columns=list(FIELDS))
    return frame.rename(
        columns={
            "pk": "id",
            "organisation_id": "participant_id",
            **{f"conversion__{name}": f"before_{name}" for name in (*COMPARED, "id", "amount_mad")},
        }
    )


def _compare(candidates: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """The candidates whose new conversion differs from the stored one, both side by side."""
    after = found.set_index("id")[[*COMPARED, "amount_mad", "row_ids"]].add_prefix("after_")
    joined = candidates.set_index("id").join(after)
    differs = np.zeros(len(joined), dtype=bool)
    for name in COMPARED:
        before = joined[f"before_{name}"].to_numpy(dtype=object)
        now = joined[f"after_{name}"].to_numpy(dtype=object)
        differs |= np.array([b != a for b, a in zip(before, now, strict=True)], dtype=bool)
    return joined[differs].reset_index()


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _side_states(changes: pd.DataFrame, side: str) -> list[dict[str, Any]]:
    """The audited conversion of one side (`before` or `after`) of every change, in order; the
    same state built once (and shared) however many declarations have it."""
    waiting = {"status": DeclarationStatus.PENDING_RATE, "conversion": None}
    built: dict[tuple[Any, ...], dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    names = ("method", "amount_mad", "mad_per_unit", "rate_date", "source")
    for key in zip(*(changes[f"{side}_{name}"].tolist() for name in names), strict=True):
        method = key[0]
        if method is None or method != method:  # waiting (None, or NaN once joined)
            out.append(waiting)
            continue
        state = built.get(key)
        if state is None:
            _, amount, rate, day, source = key
            conversion = {
                "amount_mad": _money(amount),
                "rate": plain(rate),
                "rate_date": day.isoformat(),
                "source": source,
                "method": method,
            }
            state = built[key] = {"conversion": conversion}
        out.append(state)
    return out


def _ids_in(values: list[str]) -> list[list[str]]:
    return [values[start : start + IN_CHUNK] for start in range(0, len(values), IN_CHUNK)]


def _prep(field: str, values: list[Any]) -> list[Any]:
    """Values in the database form of a Conversion field, converting each distinct one once."""
    model_field = Conversion._meta.get_field(field)
    assert isinstance(model_field, Field)
    memo: dict[Any, Any] = {}
    out = []
    for value in values:
        if value not in memo:
            memo[value] = model_field.get_db_prep_save(value, connection)
        out.append(memo[value])
    return out


def _conversion_columns(changed: pd.DataFrame, now: Any) -> list[list[Any]]:
    """amount_mad, mad_per_unit, rate_date, source, method, converted_at in database form."""
    count = len(changed)
    return [
        _prep("amount_mad", list(changed["after_amount_mad"])),
        _prep("mad_per_unit", list(changed["after_mad_per_unit"])),
        _prep("rate_date", list(changed["after_rate_date"])),
        list(changed["after_source"]),
        list(changed["after_method"]),
        _prep("converted_at", [now] * count),
    ]


def _links(conversion_ids: list[str], row_ids: list[Any]) -> None:
    """The rate rows of each conversion (the through table of `Conversion.rate_rows`)."""
    through = Conversion.rate_rows.through
    pairs = [(c, str(r)) for c, rows in zip(conversion_ids, row_ids, strict=True) for r in rows]
    raw_insert(
        through,
        ["conversion_id", "raterow_id"],
        zip(
            db_uuids([c for c, _ in pairs]),
            db_uuids([r for _, r in pairs]),
            strict=True,
        ),
    )


def _unlink(conversion_ids: list[str]) -> None:
    """Forget the rate rows of these conversions: on PostgreSQL one statement taking the ids as
    one array (a list of ids per statement costs more to build than to run)."""
    through = Conversion.rate_rows.through
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(through._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE conversion_id = ANY(%s::uuid[])",  # noqa: S608
                [conversion_ids],
            )
        return
    for chunk in _ids_in(conversion_ids):
        through.objects.filter(conversion_id__in=chunk).delete()


def _write(changed: pd.DataFrame, now: datetime) -> None:
    """Store the new conversions: updated in place, created for declarations that waited,
    removed for declarations that now wait (their status follows)."""
    had = changed["before_method"].notna().to_numpy()
    has = changed["after_method"].notna().to_numpy()
    updated, created, dropped = changed[had & has], changed[~had & has], changed[had & ~has]
    if len(updated):
        ids = [str(i) for i in updated["before_id"]]
        raw_update(
            Conversion,
            ["amount_mad", "mad_per_unit", "rate_date", "source", "method", "converted_at"],
            list(zip(db_uuids(ids), *_conversion_columns(updated, now), strict=True)),
        )
        _unlink(ids)
        _links(ids, list(updated["after_row_ids"]))
    if len(created):
        ids = ordered_uuids(len(created))
        declaration_ids = [str(i) for i in created["id"]]
        raw_insert(
            Conversion,
            [
                "id",
                "declaration_id",
                "amount_mad",
                "mad_per_unit",
                "rate_date",
                "source",
                "method",
                "converted_at",
            ],
            zip(
                db_uuids(ids),
                db_uuids(declaration_ids),
                *_conversion_columns(created, now),
                strict=True,
            ),
        )
        _links(ids, list(created["after_row_ids"]))
        for chunk in _ids_in(declaration_ids):
            Declaration.objects.filter(pk__in=chunk, status=DeclarationStatus.PENDING_RATE).update(
                status=DeclarationStatus.CONVERTED, updated_at=now
            )
    if len(dropped):
        ids = [str(i) for i in dropped["before_id"]]
        _unlink(ids)
        for chunk in _ids_in(ids):
            Conversion.objects.filter(pk__in=chunk).delete()
        for chunk in _ids_in([str(i) for i in dropped["id"]]):
            Declaration.objects.filter(pk__in=chunk).update(
                status=DeclarationStatus.PENDING_RATE, updated_at=now
            )


def conversions_audit(
    *,
    redo: Reconversion,
    reason: dict[str, Any],
    verdicts: Mapping[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
) -> None:
    """One audit event per re-converted declaration, in the transaction that re-converted it:
    the conversion and the verdicts before and after (`verdicts` maps a declaration id to its
    verdicts before and after its re-screening); `reason` is added to each event's `after`."""
    if not redo.count:
        return
    at = None if redo.converted_at is None else redo.converted_at.isoformat()
    rows = []
    states = redo.states()
    for declaration_id, participant_id in zip(
        redo.ids(), redo.changes["participant_id"], strict=True
    ):
        before, after = verdicts.get(declaration_id, ([], []))
        was, now = states[declaration_id]
        rows.append(
            (
                declaration_id,
                participant_id,
                {**was, "verdicts": before},
                {**now, "verdicts": after, "converted_at": at, **reason},
            )
        )
    audit_record_set(
        action="declaration.reconverted",
        actor_username=SYSTEM_ACTOR,
        object_type=Declaration._meta.label_lower,
        rows=rows,
    )


def conversions_redo(*, source: str, days: Collection[date]) -> Reconversion:
    """Convert again every declaration a change of `source`'s publications on `days` may
    affect; store those whose conversion changed, for the caller to re-screen and record with
    `conversions_audit`. Idempotent: a second pass finds nothing to change."""
    value_days = affected_value_days(source=source, days=days)
    empty = Reconversion(
        changes=pd.DataFrame(columns=["id", "participant_id", "value_date", "status"])
    )
    if not value_days:
        return empty
    with transaction.atomic():
        candidates = _candidates(value_days)
        if candidates.empty:
            return empty
        # Waiting ones are locked: the flow may be converting one of them right now.
        waiting = [str(i) for i in candidates.loc[candidates["before_method"].isna(), "id"]]
        for chunk in _ids_in(waiting):
            list(Declaration.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
        estimates = conf.estimates_allowed()
        inputs = conversion_inputs(
            candidates[["id", "currency", "value_date", "amount"]], allow_estimate=estimates
        )
        changed = _compare(candidates, inputs.convert(allow_estimate=estimates))
        if changed.empty:
            return empty
        now = timezone.now()
        _write(changed, now)
    return Reconversion(changes=changed, converted_at=now)
