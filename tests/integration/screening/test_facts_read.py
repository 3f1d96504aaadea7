"""The facts read of a screening chunk: the planner settings it runs under stay inside it, and
the facts are the same with them as without."""

from datetime import date

import pandas as pd
import pytest
from django.db import connection, transaction
from django.utils import timezone

from backend.screening.facts import CHUNK_READ_SETTINGS, chunk_read_plan, facts_build
from tests.factories import make_user
from tests.integration.screening.helpers import declare, in_force, process

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)


def _settings() -> dict[str, str]:
    with connection.cursor() as cursor:
        names = list(CHUNK_READ_SETTINGS)
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
        return dict(zip(names, cursor.fetchone(), strict=True))


@postgres_only
def test_the_chunk_read_settings_hold_inside_and_are_put_back_after():
    with transaction.atomic():
        before = _settings()
        with chunk_read_plan():
            inside = _settings()
        after = _settings()
    assert inside == CHUNK_READ_SETTINGS
    assert after == before
    assert before != CHUNK_READ_SETTINGS


def test_the_facts_read_in_a_transaction_equal_those_read_outside_one():
    in_force()
    user = make_user(username="founder")
    payments = [
        declare(user, amount, date(2026, 3, day)) for amount, day in (("10.00", 2), ("20.50", 3))
    ]
    process(*payments)
    participant = str(user.membership.organisation.pk)
    now = timezone.now()
    outside = facts_build(participant_ids=[participant], start=date(2026, 1, 1), taken_at=now)
    with transaction.atomic():
        inside = facts_build(participant_ids=[participant], start=date(2026, 1, 1), taken_at=now)
    assert len(inside.frame) == 2
    pd.testing.assert_frame_equal(inside.frame, outside.frame)
    assert inside.participant_hashes() == outside.participant_hashes()
