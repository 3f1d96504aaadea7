"""The case API: ETags and If-Match over HTTP, the concurrent decision, roles and tenancy, the
startup's view (no internal notes, ever), the queue filters and the CSV export."""

import csv
import io
import json
import threading
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from backend.reviews.models import Case, CaseNote
from backend.reviews.services import assignment, cases, requests
from tests.conftest import client_for
from tests.factories import make_organisation, make_user
from tests.integration.reviews import helpers as rh

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEXT_YEAR = date(2027, 3, 2)  # another allowance year: another breach, another case
SECRET_NOTE = "Internal: founder seems to split payments - watch closely"


@pytest.fixture
def no_auto_assign(settings):
    settings.REVIEWS_AUTO_ASSIGN = False


@pytest.fixture
def case(startup_user, no_auto_assign) -> Case:
    return rh.flagged_case(startup_user)


def url(name: str, case: Case, **kw) -> str:
    return reverse(f"api:{name}", kwargs={"case_id": str(case.pk), **kw})


@pytest.mark.django_db
def test_reading_a_case_answers_its_etag(case):
    response = client_for(rh.regulator()).get(url("case-detail", case))
    assert response.status_code == 200
    assert response["ETag"] == f'"{case.pk}.1"'
    body = response.json()
    assert (body["etag"], body["state"], body["allowed_actions"]) == (
        f'"{case.pk}.1"',
        "open",
        ["start_review"],
    )
    # The page carries the declaration with its conversion and verdicts, and the flags.
    assert body["declaration"]["conversion"]["amount_mad"] == "2500000.00"
    assert body["declaration"]["verdicts"][0]["findings"][0]["rule_id"] == "CARD_CAP"
    assert [f["rule_id"] for f in body["flags"]] == ["CARD_CAP"]
    assert [e["action"] for e in body["timeline"]] == ["case.open"]


@pytest.mark.django_db
def test_a_change_without_if_match_is_428_and_a_stale_one_412(case):
    client = client_for(rh.regulator())
    missing = client.post(url("case-start-review", case))
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    assert missing["Content-Type"].startswith("application/problem+json")
    done = client.post(url("case-start-review", case), HTTP_IF_MATCH=case.etag)
    assert done.status_code == 200
    assert done["ETag"] == f'"{case.pk}.2"'
    before = rh.state_of(case)
    stale = client.post(
        url("case-decide", case),
        {"outcome": "cleared", "rationale": "Fine"},
        format="json",
        HTTP_IF_MATCH=case.etag,
    )
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_case")
    assert rh.state_of(case) == before


@pytest.mark.django_db
def test_an_invalid_transition_answers_409_with_the_allowed_ones(case):
    response = client_for(rh.regulator()).post(url("case-close", case), HTTP_IF_MATCH=case.etag)
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["state"], body["allowed"]) == (
        "invalid_transition",
        "open",
        ["start_review"],
    )


@pytest.mark.django_db
def test_a_decision_without_rationale_is_400(case):
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    fresh = rh.reload(case)
    before = rh.state_of(case)
    response = client_for(reviewer).post(
        url("case-decide", case),
        {"outcome": "breach_confirmed", "rationale": ""},
        format="json",
        HTTP_IF_MATCH=fresh.etag,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/rationale"
    assert rh.state_of(case) == before


@pytest.mark.django_db(transaction=True)
def test_two_regulators_deciding_at_once_exactly_one_succeeds(startup_user, settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    case = rh.flagged_case(startup_user)
    first, second = rh.regulator(), rh.regulator()
    cases.case_start_review(actor=first, case_id=case.pk, if_match=case.etag)
    tag = rh.reload(case).etag
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def decide(user, outcome: str) -> None:
        try:
            client = client_for(user)
            barrier.wait(timeout=10)
            response = client.post(
                url("case-decide", case),
                {"outcome": outcome, "rationale": f"Decided {outcome}"},
                format="json",
                HTTP_IF_MATCH=tag,
            )
            statuses[outcome] = response.status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "cleared")),
        threading.Thread(target=decide, args=(second, "breach_confirmed")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses.values()) == [200, 412]
    winner = next(o for o, code in statuses.items() if code == 200)
    stored = rh.reload(case)
    assert (stored.state, stored.outcome, stored.version) == ("decided", winner, 3)
    assert stored.rationale == f"Decided {winner}"


@pytest.mark.django_db
def test_internal_notes_never_reach_the_startup(case, startup_user):
    reviewer = rh.regulator()
    regulator_client = client_for(reviewer)
    noted = regulator_client.post(
        url("case-notes", case), {"body": SECRET_NOTE}, format="json", HTTP_IF_MATCH=case.etag
    )
    assert noted.status_code == 201
    assert SECRET_NOTE in noted.content.decode()
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=rh.reload(case).etag)
    requests.case_request_create(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        kind="documents",
        message="Please send the signed contract.",
    )
    owner = client_for(startup_user)
    answers = [
        owner.get(url("case-detail", case)),
        owner.get(reverse("api:cases")),
        owner.get(reverse("api:case-requests-mine")),
        owner.get(url("case-requests", case)),
        owner.get(url("case-notes", case)),
    ]
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 403]
    for response in answers:
        raw = response.content.decode()
        assert SECRET_NOTE not in raw
        assert "notes" not in json.loads(raw) if response.status_code == 200 else True
    detail = answers[0].json()
    assert set(detail) == {
        "id",
        "state",
        "kind",
        "rule_id",
        "rule_titles",
        "window",
        "payment_count",
        "amount_mad",
        "payments",
        "timeline",
        "declaration",
        "requests",
        "outcome",
        "rationale",
        "decided_at",
        "decided_by",
        "opened_at",
        "version",
        "etag",
    }
    assert detail["requests"][0]["message"] == "Please send the signed contract."
    assert "asked_by" not in detail["requests"][0]
    assert CaseNote.objects.count() == 1


@pytest.mark.django_db
def test_the_startup_answers_with_a_document_and_sees_the_outcome(case, startup_user):
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=case.pk, if_match=case.etag)
    request = requests.case_request_create(
        actor=reviewer,
        case_id=case.pk,
        if_match=rh.reload(case).etag,
        kind="documents",
        message="Send the contract.",
    )
    owner = client_for(startup_user)
    mine = owner.get(reverse("api:case-requests-mine"), {"status": "open"}).json()["results"]
    assert [(r["id"], r["case_etag"]) for r in mine] == [(str(request.pk), rh.reload(case).etag)]
    answered = owner.post(
        url("case-request-answer", case, request_id=str(request.pk)),
        {
            "text": "Signed contract attached.",
            "document_kind": "contract",
            "files": [SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
        HTTP_IF_MATCH=mine[0]["case_etag"],
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["state"] == "in_review"
    [doc] = body["requests"][0]["answer_documents"]
    assert (doc["original_name"], doc["kind"]) == ("contract.pdf", "contract")
    decided = client_for(reviewer).post(
        url("case-decide", case),
        {
            "outcome": "allowed_under_sandbox",
            "rationale": "Within the sandbox allowance.",
            "waiver_evidence": "Sandbox proposal 2026, CARD_CAP 4,000,000 MAD",
        },
        format="json",
        HTTP_IF_MATCH=answered["ETag"],
    )
    assert decided.status_code == 200, decided.content
    seen = owner.get(url("case-detail", case)).json()
    assert (seen["state"], seen["outcome"], seen["rationale"], seen["decided_by"]) == (
        "decided",
        "allowed_under_sandbox",
        "Within the sandbox allowance.",
        reviewer.username,
    )
    # And the startup finds it from its declaration, with who decided and when
    [listed] = owner.get(reverse("api:cases"), {"declaration": str(case.declaration_id)}).json()[
        "results"
    ]
    assert (listed["outcome"], listed["decided_by"]) == ("allowed_under_sandbox", reviewer.username)
    assert listed["decided_at"] is not None


@pytest.mark.django_db
def test_a_startup_cannot_work_its_own_case(case, startup_user):
    response = client_for(startup_user).post(
        url("case-start-review", case), HTTP_IF_MATCH=case.etag
    )
    assert response.status_code == 403
    assert rh.reload(case).state == "open"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["case-detail", "case-requests", "case-notes"])
def test_another_startup_gets_404_and_an_advocate_403(case, route, other_startup_user):
    foreign = client_for(other_startup_user).get(url(route, case))
    assert foreign.status_code == 404
    assert str(case.pk) not in foreign.content.decode()
    advocate = client_for(make_user(role="advocate")).get(url(route, case))
    assert advocate.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["cases", "cases-export", "case-requests-mine", "case-reviewers"])
def test_advocates_see_no_case_at_all(case, route):
    response = client_for(make_user(role="advocate")).get(reverse(f"api:{route}"))
    assert response.status_code == 403
    assert str(case.pk) not in response.content.decode()


@pytest.mark.django_db
def test_queue_filters_and_sorting(startup_user, no_auto_assign):
    big = rh.flagged_case(startup_user)
    other_owner = make_user(
        role="startup", organisation=make_organisation(cluster="SOLAIRE", name="Sun Co")
    )
    small = rh.flagged_case(other_owner, amount="2100000.00")
    reviewer = rh.regulator()
    cases.case_start_review(actor=reviewer, case_id=small.pk, if_match=small.etag)
    client = client_for(reviewer)

    def ids(**params) -> list[str]:
        response = client.get(reverse("api:cases"), params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(ordering="-amount_mad") == [str(big.pk), str(small.pk)]
    assert ids(ordering="amount_mad") == [str(small.pk), str(big.pk)]
    assert ids(state="in_review") == [str(small.pk)]
    assert ids(cluster="SOLAIRE") == [str(small.pk)]
    assert ids(participant=str(big.participant_id)) == [str(big.pk)]
    assert ids(assignee="me") == [str(small.pk)]
    assert ids(assignee="none") == [str(big.pk)]
    # Both opened at the same moment: the id breaks the tie, so the order is stable.
    assert ids(rule_id="CARD_CAP", ordering="opened_at") == sorted([str(big.pk), str(small.pk)])
    assert ids(rule_id="HIGH_RISK") == []
    assert ids(overdue="true") == []
    assert ids(priority=1, ordering="amount_mad") == [str(small.pk), str(big.pk)]
    bad = client.get(reverse("api:cases"), {"ordering": "password"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_bulk_assign_over_http(startup_user, no_auto_assign):
    first = rh.flagged_case(startup_user)
    second = rh.flagged_case(startup_user, value_date=NEXT_YEAR)
    reviewer = rh.regulator()
    response = client_for(reviewer).post(
        reverse("api:cases-bulk-assign"),
        {
            "assignee": str(reviewer.pk),
            "cases": [{"id": str(c.pk), "etag": c.etag} for c in (first, second)],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (
        sorted(r["assignee"]["username"] for r in response.json()["results"])
        == [reviewer.username] * 2
    )


@pytest.mark.django_db
def test_the_csv_export_is_safe_against_formulas(startup_user, no_auto_assign):
    owner = make_user(role="startup", organisation=make_organisation(name='=HYPERLINK("http://x")'))
    case = rh.flagged_case(owner)
    response = client_for(rh.regulator()).get(reverse("api:cases-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="review-cases-{today}-all.csv"'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["case_id", "reference", "participant"]
    assert rows[1][0] == str(case.pk)
    assert rows[1][2] == '\'=HYPERLINK("http://x")'
    assert rows[1][7:12] == [
        "2500000.00",
        "cumulative",
        "1",
        "2026-01-01..2026-12-31",
        "CARD_CAP",
    ]
    assert len(rows) == 2


@pytest.mark.django_db
def test_availability_and_reviewers(db):
    reviewer = make_user(role="regulator", username="zineb")
    client = client_for(reviewer)
    assert client.put(
        reverse("api:case-reviewer-me"), {"available": False}, format="json"
    ).json() == {"available": False}
    rows = client.get(reverse("api:case-reviewers")).json()
    assert {"username": "zineb", "available": False, "open_cases": 0}.items() <= next(
        r for r in rows if r["username"] == "zineb"
    ).items()


@pytest.mark.django_db
def test_the_summary_counts_the_queue_s_working_buckets_for_the_regulator(case, startup_user):
    reviewer, colleague = rh.regulator("reviewer"), rh.regulator("colleague")
    assignment.case_assign(
        actor=colleague, case_id=case.pk, if_match=case.etag, assignee_id=reviewer.pk
    )
    other = rh.flagged_case(startup_user, amount="3000000.00", value_date=NEXT_YEAR)
    Case.objects.filter(pk=other.pk).update(overdue=True, assignee=None)

    summary = client_for(reviewer).get(reverse("api:cases-summary")).json()
    assert {k: summary[k] for k in ("open", "overdue", "unassigned", "mine")} == {
        "open": 2,
        "overdue": 1,
        "unassigned": 1,
        "mine": 1,
    }
    # The total follows the queue's filters
    assert (
        client_for(reviewer).get(reverse("api:cases-summary"), {"overdue": "true"}).json()["total"]
        == 1
    )
    # A startup gets no counts of the regulators' queue
    assert client_for(startup_user).get(reverse("api:cases-summary")).status_code == 403


@pytest.mark.django_db
def test_the_csv_export_is_named_after_its_day_and_filters(no_auto_assign):
    response = client_for(rh.regulator()).get(
        reverse("api:cases-export") + "?state=open&state=in_review&overdue=true&cluster=MNC"
    )
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="review-cases-{today}-cluster-MNC-overdue-true-'
        'state-open+in_review.csv"'
    )
