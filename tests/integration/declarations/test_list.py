"""The declarations list: reference search and orderings, and the indexes that serve them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import make_declaration

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
