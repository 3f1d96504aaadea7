"""The declarations list: reference search and orderings, and the indexes that serve them."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from backend.common.roles import Role
from backend.declarations.bulk.insert import insert_declarations
from backend.declarations.models import Declaration
from backend.declarations.selectors import declaration_list
from backend.declarations.services.declarations import DeclarationChanges, declaration_amend
from tests.conftest import client_for
from tests.factories import make_organisation, make_user
from tests.integration.declarations.helpers import VALUE_DATE, make_declaration

URL = reverse("api:declarations")
pytestmark = pytest.mark.django_db


def _references(user, **params) -> list[str]:
    response = client_for(user).get(URL, params)
    assert response.status_code == 200, response.json()
    return [row["reference"] for row in response.json()["results"]]


def test_reference_search_matches_any_part_of_a_reference_in_any_case(startup_user):
    # Given three declarations, two of whose references contain "inv-2026"
    for reference in ("INV-2026-0001", "ref-inv-2026-b", "INV-2025-0009"):
        make_declaration(startup_user, reference=reference)

    # When the list is searched by a lower-case fragment from the middle
    found = _references(startup_user, reference="inv-2026", ordering="created_at")

    # Then exactly the two are listed
    assert found == ["INV-2026-0001", "ref-inv-2026-b"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("amount", ["SMALL", "MIDDLE", "LARGE"]),
        ("-amount", ["LARGE", "MIDDLE", "SMALL"]),
        ("created_at", ["MIDDLE", "LARGE", "SMALL"]),
        ("-created_at", ["SMALL", "LARGE", "MIDDLE"]),
    ],
)
def test_the_list_orders_by_amount_and_by_creation(startup_user, ordering, expected):
    # Given declarations created in the order MIDDLE, LARGE, SMALL
    for reference, amount in (("MIDDLE", "500.00"), ("LARGE", "9000.00"), ("SMALL", "12.50")):
        make_declaration(startup_user, reference=reference, amount=Decimal(amount))

    # When the list is asked for an ordering, then it comes in that order
    assert _references(startup_user, ordering=ordering) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_reference_search_uses_the_trigram_index_on_postgresql(startup_user):
    # Given the list's reference search as the ORM writes it (icontains)
    make_declaration(startup_user, reference="INV-2026-0001")
    queryset = Declaration.objects.filter(reference__icontains="2026-00")
    sql, params = queryset.query.sql_with_params()

    # When the planner may not read the table sequentially
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # Then it answers from the trigram index over the same expression
    assert "declarations_reference_trgm" in plan, plan


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        # LIKE's wildcards and FTS5's quote are plain characters in a search.
        ("%_off", ["50%_OFF-2026"]),
        ('e"d', ['QUOTE"D-1']),
        # Shorter than a trigram: matched without the index.
        ("of", ["50%_OFF-2026", "50XXOFF-2026"]),
        ("xxoff-20", ["50XXOFF-2026"]),
    ],
)
def test_reference_search_takes_the_fragment_literally(startup_user, fragment, expected):
    for reference in ("50%_OFF-2026", "50XXOFF-2026", 'QUOTE"D-1'):
        make_declaration(startup_user, reference=reference)

    assert _references(startup_user, reference=fragment, ordering="created_at") == expected


def test_reference_search_finds_an_amendment_and_keeps_tenancy(startup_user, other_startup_user):
    # Given a declaration amended once, and another startup's declaration with a like reference
    original = make_declaration(startup_user, reference="INV-2026-0042")
    with transaction.atomic():
        declaration_amend(
            actor=startup_user,
            declaration=original,
            changes=DeclarationChanges(
                direction="outgoing",
                category="SAAS_CLOUD",
                channel="card",
                amount=Decimal("1250.00"),
                currency="EUR",
                value_date=VALUE_DATE,
                counterparty_name="Example Cloud Ltd",
                counterparty_country="IE",
                description="Hosting, March (corrected)",
            ),
        )
    make_declaration(other_startup_user, reference="INV-2026-0042")

    # When the startup searches, then it finds its current version only, with the new text
    response = client_for(startup_user).get(URL, {"reference": "2026-004"})
    rows = response.json()["results"]
    assert [(r["reference"], r["version"], r["description"]) for r in rows] == [
        ("INV-2026-0042", 2, "Hosting, March (corrected)")
    ]


def test_the_cluster_filter_lists_its_participants_declarations_only(regulator_user):
    # Given a startup of each of two clusters with two declarations each
    solar = make_user(role=Role.STARTUP, organisation=make_organisation(cluster="SOLAIRE"))
    numeric = make_user(role=Role.STARTUP, organisation=make_organisation(cluster="MNC"))
    for user, prefix in ((solar, "SOL"), (numeric, "NUM")):
        for day in (3, 9):
            make_declaration(user, reference=f"{prefix}-{day}", value_date=date(2026, 3, day))

    # When a regulator filters by one cluster, then only its declarations come, newest first
    assert _references(regulator_user, cluster="SOLAIRE") == ["SOL-9", "SOL-3"]
    assert _references(regulator_user, cluster="MNC", ordering="value_date") == ["NUM-3", "NUM-9"]
    assert _references(regulator_user, cluster="C2TM") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_reference_search_reads_the_trigram_table_on_sqlite(startup_user):
    # Given the migrations applied: the table and the three triggers that keep it
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'declarations_reference_search%' "
            "AND type IN ('table', 'trigger') ORDER BY name"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert {
        "declarations_reference_search",
        "declarations_reference_search_delete",
        "declarations_reference_search_insert",
        "declarations_reference_search_update",
    } <= set(names)

    # When the list searches a reference, then the query asks the trigram table
    make_declaration(startup_user, reference="INV-2026-0001")
    queryset = declaration_list(viewer=startup_user, filters={"reference": "2026-00"})
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "declarations_reference_search VIRTUAL TABLE" in plan, plan
    assert [d.reference for d in queryset] == ["INV-2026-0001"]


def test_imported_declarations_are_found_by_reference_and_later_ones_too(startup_user):
    # Given declarations inserted in bulk (the import's insert), then one declared singly
    organisation = startup_user.membership.organisation
    rows = pd.DataFrame(
        {
            "reference": ["IMP-2026-0001", "IMP-2026-0002"],
            "direction": ["outgoing"] * 2,
            "category": ["SAAS_CLOUD"] * 2,
            "channel": ["card"] * 2,
            "amount": ["10.00", "20.00"],
            "currency": ["EUR"] * 2,
            "value_date": pd.to_datetime([VALUE_DATE] * 2),
            "counterparty_name": ["Example Cloud Ltd"] * 2,
            "counterparty_country": ["IE"] * 2,
            "description": [""] * 2,
            "service_performance_date": pd.to_datetime([None] * 2),
            "expected_repatriation_date": pd.to_datetime([None] * 2),
        }
    )
    now = timezone.now()
    with transaction.atomic():
        insert_declarations(
            rows,
            constants={
                "organisation_id": organisation.pk,
                "created_by_id": startup_user.pk,
                "created_at": now,
                "updated_at": now,
            },
        )
    make_declaration(startup_user, reference="IMP-2026-0003")

    # When the startup searches their common part, then all three are found
    found = _references(startup_user, reference="imp-2026", ordering="created_at")
    assert sorted(found) == ["IMP-2026-0001", "IMP-2026-0002", "IMP-2026-0003"]
