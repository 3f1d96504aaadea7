"""The re-conversion of a publication moving many participants, in PostgreSQL statements.

The batch engine resolves each distinct (currency, value date) pair of the declarations concerned
once (a few pairs however many declarations); the database then does the rest over every row
without bringing any of them into Python: one statement stages the declarations whose
conversion changes, with their conversion before and after (the MAD amount computed in the
database, exact and rounded half-even like `money.mad_amount`); the processing room keeps each
change with its verdicts before for the chunk that re-screens its participant (from `STAGE`,
with `staged_state`); a few statements write the new conversions and their rate rows. Same
answers, same records as the portable path of `reconversion.conversions_redo`.

The staged changes live in a temporary table of the transaction (`STAGE`), dropped by
`conversions_unstage` or when the transaction ends.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from django.db import connection
from django.utils import timezone

from backend.common.bulk import ordered_uuids
from backend.declarations.models import DeclarationStatus
from backend.rates import conf
from backend.rates.conversion import conversion_inputs
from backend.rates.lookup import MAD, Method
from backend.rates.reconversion import RECONVERTIBLE, affected_value_days

STAGE = "fxs_rates_reconversion"
PENDING = DeclarationStatus.PENDING_RATE.value
# The declarations a change of rates on some value dates may re-convert (as `_candidates`).
CANDIDATES = """
    d.is_current AND d.status = ANY(%(statuses)s) AND d.currency <> %(mad)s
    AND (d.value_date = ANY(%(days)s) OR (c.method = %(estimate)s AND d.value_date >= %(first)s))
    AND (%(everyone)s OR d.organisation_id = ANY(%(participants)s::uuid[]))
"""
# MAD centimes of amount x rate, rounded half-even (the product of numerics is exact).
HALF_EVEN = """
    (CASE WHEN abs(m.x - trunc(m.x)) = 0.5 AND mod(trunc(m.x), 2) = 0 THEN trunc(m.x)
     ELSE round(m.x) END / 100)::numeric(24, 2)
"""
STAGE_SQL = f"""
    CREATE TEMPORARY TABLE {STAGE} ON COMMIT DROP AS
    SELECT d.id, d.organisation_id AS participant_id, d.value_date, d.status,
        c.id AS conversion_id, c.id IS NOT NULL AS had,
        c.mad_per_unit AS before_rate, c.rate_date AS before_rate_date,
        c.source AS before_source, c.method AS before_method, c.amount_mad AS before_amount,
        p.n AS pair, p.rate AS after_rate, p.rate_date AS after_rate_date,
        p.source AS after_source, p.method AS after_method,
        CASE WHEN p.rate IS NULL THEN NULL ELSE {HALF_EVEN} END AS after_amount
    FROM declarations_declaration d
    JOIN unnest(%(currencies)s::text[], %(value_dates)s::date[], %(rates)s::numeric[],
        %(rate_dates)s::date[], %(sources)s::text[], %(methods)s::text[], %(numbers)s::int[])
        AS p(currency, value_date, rate, rate_date, source, method, n)
        ON p.currency = d.currency AND p.value_date = d.value_date
    LEFT JOIN rates_conversion c ON c.declaration_id = d.id
    CROSS JOIN LATERAL (SELECT d.amount * p.rate * 100 AS x) m
    WHERE {CANDIDATES}
        AND (c.mad_per_unit, c.rate_date, c.source, c.method)
            IS DISTINCT FROM (p.rate, p.rate_date, p.source, p.method)
"""  # noqa: S608


def staged_state(side: str) -> str:
    """The audited conversion of one side of a staged change (`reconversion._side_states`)."""
    return f"""
        CASE WHEN s.{side}_method IS NULL
            THEN jsonb_build_object('status', '{PENDING}', 'conversion', NULL)
            ELSE jsonb_build_object('conversion', jsonb_build_object(
                'amount_mad', s.{side}_amount::text,
                'rate', trim_scale(s.{side}_rate)::text,
                'rate_date', to_char(s.{side}_rate_date, 'YYYY-MM-DD'),
                'source', s.{side}_source,
                'method', s.{side}_method))
        END
    """


WRITE_SQL = (
    # New ids for the conversions of declarations that waited for a rate.
    f"""UPDATE {STAGE} s SET conversion_id = u.id
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM {STAGE}
          WHERE NOT had AND after_method IS NOT NULL) o
    JOIN unnest(%(new_ids)s::uuid[]) WITH ORDINALITY AS u(id, n) ON u.n = o.n
    WHERE s.id = o.id""",  # noqa: S608
    f"""DELETE FROM rates_conversion_rate_rows t USING {STAGE} s
    WHERE s.had AND t.conversion_id = s.conversion_id""",  # noqa: S608
    f"""UPDATE rates_conversion c SET amount_mad = s.after_amount, mad_per_unit = s.after_rate,
        rate_date = s.after_rate_date, source = s.after_source, method = s.after_method,
        converted_at = %(now)s
    FROM {STAGE} s WHERE s.had AND s.after_method IS NOT NULL AND c.id = s.conversion_id""",  # noqa: S608
    f"""DELETE FROM rates_conversion c USING {STAGE} s
    WHERE s.had AND s.after_method IS NULL AND c.id = s.conversion_id""",  # noqa: S608
    f"""INSERT INTO rates_conversion (id, declaration_id, amount_mad, mad_per_unit, rate_date,
        source, method, converted_at)
    SELECT conversion_id, id, after_amount, after_rate, after_rate_date, after_source,
        after_method, %(now)s
    FROM {STAGE} WHERE NOT had AND after_method IS NOT NULL""",  # noqa: S608
    f"""INSERT INTO rates_conversion_rate_rows (conversion_id, raterow_id)
    SELECT s.conversion_id, l.row_id FROM {STAGE} s
    JOIN unnest(%(link_pairs)s::int[], %(link_rows)s::uuid[]) AS l(n, row_id) ON l.n = s.pair
    WHERE s.after_method IS NOT NULL""",  # noqa: S608
    f"""UPDATE declarations_declaration d SET status = %(converted)s, updated_at = %(now)s
    FROM {STAGE} s WHERE NOT s.had AND s.after_method IS NOT NULL AND d.id = s.id
        AND d.status = %(pending)s""",  # noqa: S608
    f"""UPDATE declarations_declaration d SET status = %(pending)s, updated_at = %(now)s
    FROM {STAGE} s WHERE s.had AND s.after_method IS NULL AND d.id = s.id""",  # noqa: S608
)


@dataclass(frozen=True)
class Staged:
    """The changes a publication makes, staged in the transaction: how many, and each
    participant's earliest re-converted value date (its re-screening window)."""

    count: int
    participant_days: list[tuple[str, date]]
    converted_at: datetime
    links: tuple[list[int], list[str]]


def _filters(
    value_days: Collection[date], participants: Collection[str] | None = None
) -> dict[str, Any]:
    return {
        "everyone": participants is None,
        "participants": sorted(participants or ()),
        "statuses": [str(s) for s in RECONVERTIBLE],
        "mad": MAD,
        "estimate": str(Method.ESTIMATE),
        "days": sorted(value_days),
        "first": min(value_days),
    }


def _pairs(value_days: Collection[date], participants: Collection[str] | None) -> pd.DataFrame:
    """The distinct (currency, value date) of the candidates, with their rate now (the batch
    engine's answer for each)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT d.currency, d.value_date FROM declarations_declaration d
            LEFT JOIN rates_conversion c ON c.declaration_id = d.id
            WHERE {CANDIDATES} ORDER BY 1, 2""",  # noqa: S608
            _filters(value_days, participants),
        )
        found = cursor.fetchall()
    # One row per pair, for one unit of its currency.
    pairs = pd.DataFrame(
        [(n, currency, day, Decimal(1)) for n, (currency, day) in enumerate(found)],
        columns=["id", "currency", "value_date", "amount"],
    )
    if pairs.empty:
        return pairs
    estimates = conf.estimates_allowed()
    inputs = conversion_inputs(pairs, allow_estimate=estimates)
    return pairs.merge(inputs.convert(allow_estimate=estimates), on="id")


def _lock_waiting(value_days: Collection[date], participants: Collection[str] | None) -> None:
    """Lock the candidates waiting for a rate: the flow may be converting one right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT d.id FROM declarations_declaration d
            LEFT JOIN rates_conversion c ON c.declaration_id = d.id
            WHERE {CANDIDATES} AND c.id IS NULL ORDER BY d.id FOR UPDATE OF d""",  # noqa: S608
            _filters(value_days, participants),
        )


def _none(values: Any) -> list[Any]:
    return [None if v is None or v != v else v for v in values]


def session_for_sets(cursor: Any) -> None:
    """For the rest of the transaction: sorts and hashes of a hundred thousand rows in memory,
    and no JIT compilation (it costs more than it saves on these statements)."""
    cursor.execute("SET LOCAL work_mem = '64MB'")
    cursor.execute("SET LOCAL jit = off")


def conversions_unstage() -> None:
    """Forget the staged changes (written or not)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")


def conversions_candidates(*, source: str, days: Collection[date]) -> list[str]:
    """The participants with a declaration a change of `source`'s publications on `days` may
    re-convert, in order."""
    value_days = affected_value_days(source=source, days=days)
    if not value_days:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT d.organisation_id FROM declarations_declaration d
            LEFT JOIN rates_conversion c ON c.declaration_id = d.id
            WHERE {CANDIDATES} ORDER BY 1""",  # noqa: S608
            _filters(value_days),
        )
        return [str(p) for (p,) in cursor.fetchall()]


def conversions_stage(
    *, source: str, days: Collection[date], participants: Collection[str] | None = None
) -> Staged | None:
    """Stage what a change of `source`'s publications on `days` changes (nothing written yet),
    for every participant or these; None when nothing changes."""
    value_days = affected_value_days(source=source, days=days)
    conversions_unstage()
    if not value_days:
        return None
    _lock_waiting(value_days, participants)
    pairs = _pairs(value_days, participants)
    if pairs.empty:
        return None
    params = {
        **_filters(value_days, participants),
        "currencies": list(pairs["currency"]),
        "value_dates": list(pairs["value_date"]),
        "rates": _none(pairs["mad_per_unit"]),
        "rate_dates": _none(pairs["rate_date"]),
        "sources": _none(pairs["source"]),
        "methods": _none(pairs["method"]),
        "numbers": list(pairs["id"]),
    }
    with connection.cursor() as cursor:
        session_for_sets(cursor)
        cursor.execute(STAGE_SQL, params)
        cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute(
            f"SELECT participant_id, min(value_date) FROM {STAGE} GROUP BY 1 ORDER BY 1"  # noqa: S608
        )
        participant_days = [(str(p), day) for p, day in cursor.fetchall()]
        cursor.execute(f"SELECT count(*) FROM {STAGE}")  # noqa: S608
        (count,) = cursor.fetchone()
    if not count:
        conversions_unstage()
        return None
    links: tuple[list[int], list[str]] = ([], [])
    for number, row_ids in zip(pairs["id"], pairs["row_ids"], strict=True):
        for row_id in row_ids if isinstance(row_ids, tuple | list) else ():
            links[0].append(int(number))
            links[1].append(str(row_id))
    return Staged(count, participant_days, timezone.now(), links)


def conversions_write_staged(*, staged: Staged) -> None:
    """Store the staged conversions (updated, created for declarations that waited, removed for
    those that now wait, their rate rows and statuses), then forget them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {STAGE} WHERE NOT had AND after_method IS NOT NULL")  # noqa: S608
        (created,) = cursor.fetchone()
        params: dict[str, Any] = {
            "new_ids": ordered_uuids(created),
            "now": staged.converted_at,
            "link_pairs": staged.links[0],
            "link_rows": staged.links[1],
            "converted": str(DeclarationStatus.CONVERTED),
            "pending": str(PENDING),
        }
        for statement in WRITE_SQL:
            cursor.execute(statement, params)
    conversions_unstage()
