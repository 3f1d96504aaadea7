"""Notifications: who is told what when a regulator asks, decides, assigns, or a draft awaits a
review; the reader's list, badge and e-mail choices; e-mails through the mail backend, once."""

from datetime import timedelta

import pytest
from django.core import mail

from backend.accounts.services import membership_set
from backend.notifications.models import Notification
from backend.notifications.services import (
    VerdictChangeNotice,
    notifications_allowance_crossed,
    notifications_send_emails,
    notifications_verdicts_changed,
)
from backend.reviews.models import Case
from backend.reviews.services import assignment, cases, requests
from backend.reviews.services.overdue import cases_warn_due_soon
from backend.rulebooks.services.versions import (
    rulebook_version_create_draft,
    rulebook_version_request_review,
)
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.reviews import helpers as rh
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db


def founder(username: str = "founder", email: str = "founder@example.ma"):
    user = make_user(username=username)
    user.email = email
    user.save(update_fields=["email"])
    return user


def reviewer(username: str):
    user = regulator(username)
    user.email = f"{username}@example.ma"
    user.save(update_fields=["email"])
    return user


# What a flagged payment's own screening tells its startup (its allowance passing 100 %) is
# tested in tests/integration/processing/test_notify.py; these tests look at the rest.
SCREENING_KINDS = ("allowance_crossed", "verdict_changed")


def told(user):
    """The user's notifications other than the screening's own."""
    return Notification.objects.filter(recipient=user).exclude(kind__in=SCREENING_KINDS)


def kinds_of(user) -> list[str]:
    return list(told(user).values_list("kind", flat=True))


def in_review(case: Case, actor) -> Case:
    return cases.case_start_review(actor=actor, case_id=case.pk, if_match=case.etag)


def test_a_request_and_a_decision_reach_every_member_of_the_startup_in_app_and_by_email():
    owner, colleague = founder(), founder("cofounder", "cofounder@example.ma")
    colleague.membership.delete()
    membership_set(
        actor=None, user=colleague, organisation=owner.membership.organisation, role="startup"
    )
    supervisor = reviewer("supervisor")
    case = in_review(rh.flagged_case(owner), supervisor)

    # When the regulator asks for documents
    requests.case_request_create(
        actor=supervisor,
        case_id=case.pk,
        if_match=case.etag,
        kind="documents",
        message="The invoice?",
    )

    # Then both members have it, unread, linking to the payment
    for member in (owner, colleague):
        notification = told(member).get()
        assert (notification.kind, notification.read_at, notification.link) == (
            "request_created",
            None,
            f"/startup/declarations?declaration={case.declaration_id}",
        )
        assert notification.params["reference"] == case.declaration.reference
    assert not Notification.objects.filter(recipient=supervisor, kind="request_created").exists()
    # And the e-mails go through the configured backend, in French by default, once
    assert notifications_send_emails() >= 2
    assert notifications_send_emails() == 0
    to_startup = [m for m in mail.outbox if m.to[0] in {owner.email, colleague.email}]
    reference = case.declaration.reference
    # (the flagged payment's allowance notice goes out too; its subject names no payment)
    subjects = [m.subject for m in to_startup if reference in m.subject]
    expected = f"[FX Sandbox] Le régulateur vous demande des documents sur le paiement {reference}"
    assert subjects == [expected, expected]
    about_it = [m for m in to_startup if reference in m.subject]
    assert "The invoice?" in about_it[0].body
    assert "http://127.0.0.1:8000/startup/declarations?declaration=" in about_it[0].body
    # The allowance e-mail writes its amounts as French does.
    [allowance] = [m for m in to_startup if m.to == [owner.email] and "Plafond" in m.subject]
    assert "Vous avez utilisé 2\u202f500\u202f000,00 MAD sur 2\u202f000\u202f000,00 MAD" in (
        allowance.body
    )


def test_a_decision_tells_the_startup_who_decided_what():
    owner = founder()
    supervisor = reviewer("supervisor")
    case = in_review(rh.flagged_case(owner), supervisor)

    cases.case_decide(
        actor=supervisor, case_id=case.pk, if_match=case.etag, outcome="cleared", rationale="Fine."
    )

    notification = told(owner).get()
    assert notification.kind == "decision_taken"
    assert notification.params == {
        "reference": case.declaration.reference,
        "outcome": "cleared",
        "rationale": "Fine.",
        "decided_by": "supervisor",
        "declaration": str(case.declaration_id),
    }


def test_an_assignment_tells_the_assignee_but_not_someone_taking_a_case_themselves():
    owner = founder()
    lead, colleague = reviewer("lead"), reviewer("colleague")
    case = rh.flagged_case(owner)

    assignment.case_assign(
        actor=lead, case_id=case.pk, if_match=case.etag, assignee_id=colleague.pk
    )
    case = rh.reload(case)
    assignment.case_assign(actor=lead, case_id=case.pk, if_match=case.etag, assignee_id=lead.pk)

    assert kinds_of(colleague) == ["case_assigned"]
    assert kinds_of(lead) == []
    assert told(colleague).get().link == f"/regulator/cases?case={case.pk}"


def test_a_case_falling_due_warns_its_assignee_once():
    owner = founder()
    lead = reviewer("lead")
    case = rh.flagged_case(owner)
    assignment.case_assign(actor=None, case_id=case.pk, if_match=case.etag, assignee_id=lead.pk)
    now = rh.reload(case).due_at - timedelta(hours=3)

    cases_warn_due_soon(now=now)
    cases_warn_due_soon(now=now + timedelta(hours=1))

    assert Notification.objects.filter(recipient=lead, kind="sla_due_soon").count() == 1


def test_a_draft_awaiting_review_tells_the_other_regulators_not_its_author():
    author, second, third = reviewer("author"), reviewer("second"), reviewer("third")
    version = h.in_force()
    draft = rulebook_version_create_draft(
        actor=author, rulebook=version.rulebook, base_version=version
    )

    rulebook_version_request_review(actor=author, version=draft)

    assert kinds_of(author) == []
    assert kinds_of(second) == kinds_of(third) == ["review_requested"]
    assert Notification.objects.get(recipient=second).params["number"] == draft.number


def test_asking_a_named_reviewer_tells_only_them_and_a_published_version_cannot_be_asked():
    author, second, third = reviewer("author"), reviewer("second"), reviewer("third")
    version = h.in_force()
    draft = rulebook_version_create_draft(
        actor=author, rulebook=version.rulebook, base_version=version
    )

    response = client_for(author).post(
        f"/api/v1/rulebook-versions/{draft.pk}/request-review/",
        {"reviewer": str(second.pk)},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (kinds_of(second), kinds_of(third)) == (["review_requested"], [])

    refused = client_for(author).post(
        f"/api/v1/rulebook-versions/{version.pk}/request-review/", {}, format="json"
    )
    assert refused.status_code == 409
    assert Notification.objects.count() == 1


def test_the_processing_room_services_tell_a_startup_once_per_event():
    owner = founder()
    organisation = owner.membership.organisation
    for _ in range(2):
        notifications_allowance_crossed(
            organisation=organisation,
            rulebook_kind="in_force",
            rulebook_name_fr="IGOC 2026 — règles en vigueur",
            rulebook_name_en="IGOC 2026 — rules in force",
            rule_id="CARD_CAP",
            rule_title_fr="Dotation carte",
            rule_title_en="Card allowance",
            period_start="2026-01-01",
            threshold=80,
            used="1600000.00",
            limit="2000000.00",
        )
    notifications_verdicts_changed(
        notices=[
            VerdictChangeNotice(
                organisation_id=organisation.pk,
                declaration_id=owner.pk,
                reference="INV-1",
                rulebook_name_fr="Proposition",
                rulebook_name_en="Proposal",
                before="compliant",
                after="breach",
            )
        ]
    )

    assert sorted(Notification.objects.filter(recipient=owner).values_list("kind", flat=True)) == [
        "allowance_crossed",
        "verdict_changed",
    ]
    with pytest.raises(ValueError, match="threshold"):
        notifications_allowance_crossed(
            organisation=organisation,
            rulebook_kind="in_force",
            rulebook_name_fr="",
            rulebook_name_en="",
            rule_id="CARD_CAP",
            rule_title_fr="",
            rule_title_en="",
            period_start="2026-01-01",
            threshold=50,
            used="0",
            limit="1",
        )


def test_the_reader_lists_counts_and_reads_their_own_notifications_only():
    owner, stranger = founder(), founder("stranger", "stranger@example.ma")
    supervisor = reviewer("supervisor")
    case = in_review(rh.flagged_case(owner), supervisor)
    requests.case_request_create(
        actor=supervisor, case_id=case.pk, if_match=case.etag, kind="explanation", message="Why?"
    )
    client = client_for(owner)

    # Newest first: the request, then the flagged payment's allowance passing 100 %.
    listed = client.get("/api/v1/notifications/").json()
    assert [n["kind"] for n in listed["results"]] == ["request_created", "allowance_crossed"]
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    notification_id = listed["results"][0]["id"]

    # Another person's notification is a 404, exactly like a missing one, and stays unread
    foreign = client_for(stranger).post(f"/api/v1/notifications/{notification_id}/read/")
    assert foreign.status_code == 404
    assert client_for(stranger).get("/api/v1/notifications/").json()["results"] == []
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}

    read = client.post(f"/api/v1/notifications/{notification_id}/read/").json()
    assert read["read_at"] is not None
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    unread = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["kind"] for n in unread] == ["allowance_crossed"]
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}


def test_a_person_chooses_which_emails_they_get_and_in_which_language():
    owner = founder()
    supervisor = reviewer("supervisor")
    client = client_for(owner)
    defaults = client.get("/api/v1/notification-preferences/").json()
    assert defaults["language"] == "fr"
    assert all(defaults["email"].values())

    changed = client.put(
        "/api/v1/notification-preferences/",
        {"language": "en", "email": {"request_created": False}},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["email"]["request_created"] is False
    assert changed.json()["email"]["decision_taken"] is True
    refused = client.put(
        "/api/v1/notification-preferences/",
        {"language": "en", "email": {"gossip": True}},
        format="json",
    )
    assert refused.status_code == 400

    case = in_review(rh.flagged_case(owner), supervisor)
    requests.case_request_create(
        actor=supervisor, case_id=case.pk, if_match=case.etag, kind="explanation", message="Why?"
    )
    case = rh.reload(case)
    case = cases.case_resume(actor=supervisor, case_id=case.pk, if_match=case.etag, reason="Phoned")
    cases.case_decide(
        actor=supervisor, case_id=case.pk, if_match=case.etag, outcome="cleared", rationale="Fine."
    )

    # Both are in the app; only the decision (and the allowance passing 100 %, which the
    # flagged payment caused) are e-mailed, in English
    assert sorted(kinds_of(owner)) == ["decision_taken", "request_created"]
    notifications_send_emails()
    assert [m.subject for m in mail.outbox if m.to == [owner.email]] == [
        '[FX Sandbox] Allowance "Card allowance": 100% used',
        f"[FX Sandbox] Decision on payment {case.declaration.reference}: cleared",
    ]


def test_nobody_without_an_address_is_emailed():
    owner = founder(email="")
    supervisor = reviewer("supervisor")
    case = in_review(rh.flagged_case(owner), supervisor)
    cases.case_decide(
        actor=supervisor, case_id=case.pk, if_match=case.etag, outcome="cleared", rationale="Fine."
    )
    assert kinds_of(owner) == ["decision_taken"]
    notifications_send_emails()
    assert not told(owner).get().email_wanted
    assert [m for m in mail.outbox if "founder" in m.body] == []
