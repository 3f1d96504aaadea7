"""Filters of the declarations list that the databases' planners need help with.

- The reference search matches any part of a reference, in any case. PostgreSQL answers
  `icontains` from a trigram index (migration 0003); SQLite from an FTS5 trigram table kept by
  triggers (migration 0005), asked with a phrase query (a phrase of trigrams is a substring).
  Fragments shorter than a trigram have no index to use and are matched by a scan.
- Bulk inserts on SQLite index their references with one statement at the end instead of the
  insert trigger's one run per row (`references_indexed_in_bulk`): per row, the trigger more
  than doubled the time of a 100,000-row import.
- The cluster filter keeps the list's ordering index in use on SQLite: left to itself, SQLite
  reads every declaration of the cluster's participants through the organisation index and sorts
  them (tens of thousands of rows for one page of fifty) instead of walking the ordering index.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections
from django.db.models import F, Func, QuerySet, UUIDField
from django.db.models.expressions import RawSQL

from backend.accounts.models import ParticipantProfile
from backend.declarations.models import Declaration

SEARCH_TABLE = "declarations_reference_search"
TRIGRAM = 3
# As migration 0005 creates it.
INSERT_TRIGGER = f"{SEARCH_TABLE}_insert"
INSERT_TRIGGER_SQL = (
    "CREATE TRIGGER declarations_reference_search_insert AFTER INSERT ON declarations_declaration "
    "BEGIN INSERT INTO declarations_reference_search(rowid, reference) "
    "VALUES (new.rowid, new.reference); END"
)


def _vendor(queryset: QuerySet[Any]) -> str:
    return connections[queryset.db].vendor


def reference_contains(queryset: QuerySet[Declaration], fragment: str) -> QuerySet[Declaration]:
    """The declarations whose reference contains `fragment`, ignoring case."""
    if _vendor(queryset) != "sqlite" or len(fragment) < TRIGRAM:
        return queryset.filter(reference__icontains=fragment)
    # An FTS5 string: double quotes doubled, so any text is one literal phrase.
    phrase = '"' + fragment.replace('"', '""') + '"'
    table = Declaration._meta.db_table
    return queryset.filter(
        # Constant table names; the phrase is a bound parameter.
        pk__in=RawSQL(  # noqa: S611
            f"SELECT id FROM {table} WHERE rowid IN "  # noqa: S608
            f"(SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s)",
            (phrase,),
        )
    )


class _Unindexed(Func):
    """The column itself; on SQLite behind a unary plus, which keeps the planner from choosing
    the column's index for a condition on it."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def in_cluster(queryset: QuerySet[Declaration], cluster: str) -> QuerySet[Declaration]:
    """The declarations of the participants of one cluster."""
    members = ParticipantProfile.objects.filter(cluster=cluster).values("organisation_id")
    if _vendor(queryset) != "sqlite":
        return queryset.filter(organisation_id__in=members)
    return queryset.alias(
        cluster_owner=_Unindexed(F("organisation_id"), output_field=UUIDField())
    ).filter(cluster_owner__in=members)


@contextmanager
def references_indexed_in_bulk(using: str = "default") -> Iterator[None]:
    """Around a bulk insert of declarations, inside its transaction: on SQLite the insert trigger
    is set aside and the block's new rows are indexed by one statement when it ends.

    New rows take rowids above the largest stored one (declarations are never deleted), so the
    rows above the largest rowid seen on entry are the block's. Schema changes are part of
    SQLite's transaction: if it rolls back, the trigger is back as it was."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("references_indexed_in_bulk must run inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(rowid), 0) FROM declarations_declaration")
        (before,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {INSERT_TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO declarations_reference_search(rowid, reference) "
                "SELECT rowid, reference FROM declarations_declaration WHERE rowid > %s",
                [before],
            )
            cursor.execute(INSERT_TRIGGER_SQL)
