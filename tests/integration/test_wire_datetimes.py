"""Every datetime on the wire is ISO 8601 in UTC and names the instant the database stores."""

from datetime import UTC, datetime

import pytest

from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from tests.conftest import client_for
from tests.integration.declarations.helpers import make_declaration
from tests.wire_datetimes import Seen, check_answer

# 23:04:15 UTC on 24 March 2026 is 00:04:15 on the 25th in Casablanca (UTC+1 outside Ramadan):
# local wall time labelled `Z` would be an hour and a day off.
LATE_EVENING_UTC = datetime(2026, 3, 24, 23, 4, 15, 250000, tzinfo=UTC)


@pytest.mark.django_db
def test_a_declaration_stored_late_in_the_evening_is_served_at_that_utc_instant(startup_user):
    made = make_declaration(startup_user, reference="LATE-1")
    Declaration.objects.filter(pk=made.pk).update(
        created_at=LATE_EVENING_UTC, updated_at=LATE_EVENING_UTC
    )
    client = client_for(startup_user)

    body = client.get(f"/api/v1/declarations/{made.pk}/").json()

    assert (body["created_at"], body["updated_at"]) == (
        "2026-03-24T23:04:15.250000Z",
        "2026-03-24T23:04:15.250000Z",
    )
    listed = client.get("/api/v1/declarations/").json()["results"]
    assert [row["created_at"] for row in listed] == ["2026-03-24T23:04:15.250000Z"]


@pytest.mark.django_db
def test_the_audit_timeline_of_a_declaration_tells_the_stored_instants(startup_user):
    made = make_declaration(startup_user, reference="LATE-2")
    client = client_for(startup_user)
    path = f"/api/v1/declarations/{made.pk}/events/"

    response = client.get(path)

    seen = Seen()
    check_answer(seen, path=path, method="get", status=200, body=response.json())
    assert seen.problems == []
    assert seen.checked == {"AuditEventOutput.occurred_at"}
    stored = AuditEvent.objects.filter(object_id=str(made.pk)).get().occurred_at
    served = response.json()[0]["occurred_at"]
    assert served == stored.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
