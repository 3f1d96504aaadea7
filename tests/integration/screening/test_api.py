"""The screening API: verdicts on declarations (API.md shape), headroom, flags and runs."""

from datetime import date

import pytest

from backend.screening.models import JobStatus, ScreeningRun, ScreeningRunChunk
from backend.screening.services.runs import screening_run_chunk
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening.helpers import (
    cohort,
    declare,
    in_force,
    process,
    proposal,
    row_counts,
)

pytestmark = pytest.mark.django_db


def test_a_declaration_shows_both_verdicts_side_by_side():
    rules, trial = in_force(), proposal()
    user = make_user(username="founder")
    cohort(trial, [user.membership.organisation])
    payment = declare(user, "2500000.00", date(2026, 3, 2))
    process(payment)
    body = client_for(user).get(f"/api/v1/declarations/{payment.pk}/").json()
    assert body["status"] == "screened"
    verdicts = body["verdicts"]
    assert [
        (v["rulebook"]["kind"], v["version"]["number"], v["verdict"], v["governing"])
        for v in verdicts
    ] == [
        ("in_force", 1, "breach", False),
        ("proposed", 1, "compliant", True),
    ]
    assert verdicts[0]["rulebook"] == {
        "id": str(rules.rulebook_id),
        "name": "Test rules in force",
        "name_fr": "Test rules in force",
        "name_en": "Test rules in force",
        "kind": "in_force",
    }
    assert verdicts[0]["version"] == {"id": str(rules.pk), "number": 1}
    assert verdicts[0]["findings"] == [
        {
            "rule_id": "CARD_CAP",
            "rule_kind": "period_cap",
            "outcome": "breach",
            "measured": "2500000.00",
            "limit": "2000000.00",
            "unit": "MAD",
            "window": {"start": "2026-01-01", "end": "2026-12-31"},
            "contributing": [str(payment.pk)],
            "contributing_count": 1,
            "missing_facts": [],
            "explanation": "Cumulative 2,500,000.00 MAD in 2026 exceeds the annual cap of "
            "2,000,000.00 MAD (IGOC 2026; Le Reporter, 2026-02-17, press value)",
            "explanation_fr": "Cumul 2 500 000,00 MAD en 2026 au-delà du plafond annuel de "
            "2 000 000,00 MAD (IGOC 2026; Le Reporter, 2026-02-17, valeur presse)",
            "explanation_en": "Cumulative 2,500,000.00 MAD in 2026 exceeds the annual cap of "
            "2,000,000.00 MAD (IGOC 2026; Le Reporter, 2026-02-17, press value)",
            "citation": "IGOC 2026; Le Reporter, 2026-02-17",
            "confidence": "press",
            "illustrative": False,
            "severity": "high",
        }
    ]
    assert verdicts[1]["findings"] == []


def test_the_declaration_list_reads_verdicts_in_a_constant_number_of_queries(
    django_assert_max_num_queries,
):
    in_force()
    user = make_user(username="founder")
    payments = [declare(user, "100.00", date(2026, 3, d)) for d in range(1, 9)]
    process(*payments)
    # Declared inside the screened run of dates but not processed yet: no verdict until it is.
    waiting = declare(user, "100.00", date(2026, 3, 4))
    client = client_for(user)
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/declarations/?page_size=50").json()
    verdicts = {r["id"]: [v["verdict"] for v in r["verdicts"]] for r in body["results"]}
    assert verdicts.pop(str(waiting.pk)) == []
    assert list(verdicts.values()) == [["compliant"]] * 8


def test_headroom_gives_limit_used_left_and_reset_per_rulebook():
    in_force()
    trial = proposal()
    user = make_user(username="founder")
    cohort(trial, [user.membership.organisation])
    process(
        declare(user, "1000000.00", date(2026, 2, 1)),
        declare(user, "240000.00", date(2026, 3, 1)),
        declare(user, "5000.00", date(2026, 3, 1), channel="transfer"),
    )
    body = client_for(user).get("/api/v1/headroom/?as_of=2026-06-30").json()
    rows = [
        (
            r["rulebook"]["kind"],
            r["rule_id"],
            r["limit"],
            r["used"],
            r["left"],
            r["resets_on"],
            r["governing"],
            r["illustrative"],
        )
        for r in body["rows"]
    ]
    assert rows == [
        (
            "in_force",
            "CARD_CAP",
            "2000000.00",
            "1240000.00",
            "760000.00",
            "2027-01-01",
            False,
            False,
        ),
        (
            "proposed",
            "CARD_CAP",
            "4000000.00",
            "1240000.00",
            "2760000.00",
            "2027-01-01",
            True,
            True,  # the proposal's own cap: illustrative
        ),
    ]
    assert (body["participant"], body["as_of"], body["currency"]) == (
        str(user.membership.organisation.pk),
        "2026-06-30",
        "MAD",
    )


def test_headroom_with_nothing_declared_is_the_whole_allowance():
    in_force()
    user = make_user(username="founder")
    body = client_for(user).get("/api/v1/headroom/?as_of=2026-06-30").json()
    assert [(r["limit"], r["used"], r["left"]) for r in body["rows"]] == [
        ("2000000.00", "0.00", "2000000.00")
    ]


def test_headroom_of_another_participant_looks_missing_to_a_startup_and_needs_one_for_regulators():
    in_force()
    user = make_user(username="founder")
    other = make_user(username="other")
    client = client_for(user)
    answer = client.get(f"/api/v1/headroom/?participant={other.membership.organisation.pk}")
    assert answer.status_code == 404
    reg = client_for(regulator())
    missing = reg.get("/api/v1/headroom/")
    assert (missing.status_code, missing.json()["code"]) == (400, "participant_required")
    seen = reg.get(
        f"/api/v1/headroom/?participant={other.membership.organisation.pk}&as_of=2026-05-01"
    )
    assert seen.status_code == 200
    assert seen.json()["participant"] == str(other.membership.organisation.pk)


def test_regulators_see_every_flag_and_a_startup_its_own():
    in_force()
    user = make_user(username="founder")
    payment = declare(user, "2500000.00", date(2026, 3, 2))
    process(payment)
    own = client_for(user).get("/api/v1/flags/").json()["results"]
    assert [f["declaration"] for f in own] == [str(payment.pk)]
    other = client_for(make_user(username="other")).get("/api/v1/flags/").json()["results"]
    assert other == []
    body = client_for(regulator()).get("/api/v1/flags/?status=open").json()
    assert [
        (f["declaration"], f["rule_id"], f["measured"], f["limit"], f["status"])
        for f in body["results"]
    ] == [(str(payment.pk), "CARD_CAP", "2500000.00", "2000000.00", "open")]


def test_a_regulator_starts_a_run_whose_chunks_complete_it_and_a_second_run_changes_nothing():
    in_force()
    users = [make_user(username=f"founder-{i}") for i in range(3)]
    for user in users:
        process(declare(user, "2500000.00", date(2026, 3, 2)))
    client = client_for(regulator())
    before = row_counts()
    started = client.post("/api/v1/screening-runs/", {"since": "2026-05-01"}, format="json")
    assert started.status_code == 202, started.content
    assert (started.json()["status"], started.json()["since"], started.json()["participants"]) == (
        "queued",
        "2026-01-01",
        3,
    )
    run = ScreeningRun.objects.get()
    for chunk in ScreeningRunChunk.objects.filter(run=run):
        screening_run_chunk(chunk_id=chunk.pk)
        assert screening_run_chunk(chunk_id=chunk.pk).ran is False  # a redelivery is a no-op
    body = client.get(f"/api/v1/screening-runs/{run.pk}/").json()
    assert (
        body["status"],
        body["progress"],
        body["evaluations_written"],
        body["verdicts_changed"],
    ) == (
        JobStatus.DONE,
        100,
        0,
        0,
    )
    after = row_counts()
    assert after == {**before, "audit": before["audit"] + 2}  # the run's start and finish only


def test_startups_cannot_start_runs():
    user = make_user(username="founder")
    answer = client_for(user).post("/api/v1/screening-runs/", {}, format="json")
    assert answer.status_code == 403
    assert ScreeningRun.objects.count() == 0
