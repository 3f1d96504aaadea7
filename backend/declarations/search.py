"""Filters of the declarations list that the databases' planners need help with.

- The reference search matches any part of a reference, in any case. PostgreSQL answers
  `icontains` from a trigram index (migration 0003); SQLite from an FTS5 trigram table kept by
  triggers (migration 0005), asked with a phrase query (a phrase of trigrams is a substring).
  Fragments shorter than a trigram have no index to use and are matched by a scan.
- The cluster filter keeps the list's ordering index in use on SQLite: left to itself, SQLite
  reads every declaration of the cluster's participants through the organisation index and sorts
  them (tens of thousands of rows for one page of fifty) instead of walking the ordering index.
"""

from typing import Any

from django.db import connections
from django.db.models import F, Func, QuerySet, UUIDField
from django.db.models.expressions import RawSQL

from backend.accounts.models import ParticipantProfile
from backend.declarations.models import Declaration

SEARCH_TABLE = "declarations_reference_search"
TRIGRAM = 3


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
