"""Participant facts are known-true, known-false or unknown, each known one with the day it is
known as of and its source; regulators and admins change them (audited), the participant is
then screened again on them, and a startup reads its own."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import ParticipantProfile
from backend.audit.models import AuditEvent
from backend.declarations.models import Declaration
from backend.declarations.services.declarations import DeclarationChanges, declaration_create
from backend.processing.handlers import on_participant_facts_changed
from backend.processing.sweep import processing_sweep
from backend.rulebooks.seed import rulebooks_load_shipped
from backend.screening.models import Finding
from tests.conftest import client_for
from tests.factories import make_organisation
from tests.integration.screening.helpers import process, verdicts

IN_FORCE = "IGOC 2026 — rules in force"
pytestmark = pytest.mark.django_db


def _url(user) -> str:
    return reverse(
        "api:participant-facts", kwargs={"participant_id": user.membership.organisation_id}
    )


def _profile(user) -> ParticipantProfile:
    return ParticipantProfile.objects.get(organisation=user.membership.organisation)


def _unlabelled_with_unknown_tax(user) -> None:
    ParticipantProfile.objects.filter(organisation=user.membership.organisation).update(
        labelled=False, labelled_on=None, tax_paid_last_fy=None, fact_sources={}
    )


def _card_payment(user, amount: str) -> Declaration:
    with transaction.atomic():
        made = declaration_create(
            actor=user,
            organisation=user.membership.organisation,
            reference="CARD-1",
            changes=DeclarationChanges(
                direction="outgoing",
                category="SAAS_CLOUD",
                channel="card",
                amount=Decimal(amount),
                currency="MAD",
                value_date=date(2026, 3, 2),
                counterparty_name="Cloud Ltd",
                counterparty_country="IE",
            ),
        )
    process(made)
    return made


def test_a_regulator_records_an_unknown_fact_with_its_source_and_the_verdict_follows(
    startup_user, regulator_user
):
    # Given a company whose tax paid last year is unknown, its card payment needs review,
    rulebooks_load_shipped()
    _unlabelled_with_unknown_tax(startup_user)
    payment = _card_payment(startup_user, "90000.00")
    assert verdicts(payment)[IN_FORCE] == "needs_review"
    shown = client_for(startup_user).get(_url(startup_user)).json()
    assert shown["tax_paid_last_fy"] is None
    assert shown["unknown"] == ["tax_paid_last_fy"]
    # when a regulator records 50,000 MAD, known as of 1 March from the tax certificate,
    response = client_for(regulator_user).patch(
        _url(startup_user),
        {
            "tax_paid_last_fy": "50000.00",
            "sources": {
                "tax_paid_last_fy": {"as_of": "2026-03-01", "source": "Attestation fiscale 2025"}
            },
        },
        format="json",
    )
    # then it is stored with its source, audited before and after,
    assert response.status_code == 200, response.content
    assert response.json()["tax_paid_last_fy"] == "50000.00"
    assert response.json()["unknown"] == []
    assert response.json()["sources"]["tax_paid_last_fy"] == {
        "as_of": "2026-03-01",
        "source": "Attestation fiscale 2025",
    }
    event = AuditEvent.objects.get(action="participant.facts_change")
    assert (event.before["tax_paid_last_fy"], event.after["tax_paid_last_fy"]) == (
        None,
        "50000.00",
    )
    assert event.actor_username == regulator_user.username
    # and once the participant is screened on it (the event's handler), the cap is known:
    # 90,000 MAD is over min(200,000; 50,000), a breach.
    assert _profile(startup_user).screening_requested_at is not None
    on_participant_facts_changed(participant_id=startup_user.membership.organisation_id)
    assert verdicts(payment)[IN_FORCE] == "breach"
    breach = Finding.objects.get(
        evaluation__declaration=payment,
        evaluation__is_current=True,
        rule_id="ECOM_COMPANY_ANNUAL_CAP",
    )
    assert (breach.outcome, breach.limit_minor, breach.missing_facts) == (
        "breach",
        5_000_000,
        [],
    )
    assert _profile(startup_user).screening_requested_at is None


def test_a_known_fact_without_its_source_is_refused_and_changes_nothing(
    startup_user, regulator_user
):
    _unlabelled_with_unknown_tax(startup_user)
    response = client_for(regulator_user).patch(
        _url(startup_user), {"tax_paid_last_fy": "100000.00"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "pointer": "/sources/tax_paid_last_fy",
            "code": "source_required",
            "detail": "A known fact states the day it is known as of and where it comes from.",
        }
    ]
    assert _profile(startup_user).tax_paid_last_fy is None
    assert not AuditEvent.objects.filter(action="participant.facts_change").exists()


def test_a_fact_cannot_be_known_as_of_a_day_to_come(startup_user, admin_user):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(admin_user).patch(
        _url(startup_user),
        {
            "pre_revenue": True,
            "sources": {"pre_revenue": {"as_of": tomorrow.isoformat(), "source": "Statement"}},
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/sources/pre_revenue/as_of"
    assert _profile(startup_user).pre_revenue is False


def test_making_a_fact_unknown_drops_its_source_and_a_no_op_writes_nothing(
    startup_user, regulator_user
):
    client = client_for(regulator_user)
    ParticipantProfile.objects.filter(organisation=startup_user.membership.organisation).update(
        fact_sources={"certified_accounts": {"as_of": "2026-01-05", "source": "Admission file"}}
    )
    response = client.patch(_url(startup_user), {"certified_accounts": None}, format="json")
    assert response.status_code == 200
    assert "certified_accounts" in response.json()["unknown"]
    assert "certified_accounts" not in response.json()["sources"]
    assert AuditEvent.objects.filter(action="participant.facts_change").count() == 1
    again = client.patch(_url(startup_user), {"certified_accounts": None}, format="json")
    assert again.status_code == 200
    assert AuditEvent.objects.filter(action="participant.facts_change").count() == 1


def test_a_startup_reads_its_own_facts_but_cannot_change_them(startup_user):
    client = client_for(startup_user)
    assert client.get(_url(startup_user)).status_code == 200
    listed = client.get(reverse("api:participants")).json()["results"]
    assert [row["id"] for row in listed] == [str(startup_user.membership.organisation_id)]
    refused = client.patch(_url(startup_user), {"pre_revenue": True}, format="json")
    assert refused.status_code == 403
    assert _profile(startup_user).pre_revenue is False


def test_the_sweep_screens_a_participant_whose_event_was_lost(startup_user):
    rulebooks_load_shipped()
    _unlabelled_with_unknown_tax(startup_user)
    payment = _card_payment(startup_user, "90000.00")
    # The facts changed long ago and the event never arrived.
    ParticipantProfile.objects.filter(organisation=startup_user.membership.organisation).update(
        tax_paid_last_fy=Decimal("50000.00"),
        screening_requested_at=timezone.now() - timedelta(hours=1),
    )
    outcome = processing_sweep(older_than=timedelta(minutes=5))
    assert outcome.participants == 1
    assert verdicts(payment)[IN_FORCE] == "breach"
    assert _profile(startup_user).screening_requested_at is None


def test_headroom_does_not_guess_a_cap_that_hangs_on_an_unknown_fact(startup_user, regulator_user):
    # Given a company whose tax paid last year is unknown, with 90,000 MAD paid by card,
    rulebooks_load_shipped()
    _unlabelled_with_unknown_tax(startup_user)
    _card_payment(startup_user, "90000.00")
    url = "/api/v1/headroom/?as_of=2026-03-31"
    rows = client_for(startup_user).get(url).json()["rows"]
    (cap,) = [
        r
        for r in rows
        if r["rulebook"]["kind"] == "in_force" and r["rule_id"] == "ECOM_COMPANY_ANNUAL_CAP"
    ]
    # its company card allowance is not given as a figure: only its bounds and the missing fact.
    assert (cap["limit"], cap["left"], cap["missing_facts"]) == (None, None, ["tax_paid_last_fy"])
    assert (cap["limit_low"], cap["used"], cap["left_low"]) == ("0.00", "90000.00", "0.00")
    assert Decimal(cap["limit_high"]) > Decimal(cap["limit_low"])
    assert Decimal(cap["left_high"]) == Decimal(cap["limit_high"]) - Decimal("90000.00")
    # Once the fact is known (50,000 MAD of tax), the limit is a figure again.
    client_for(regulator_user).patch(
        _url(startup_user),
        {
            "tax_paid_last_fy": "50000.00",
            "sources": {
                "tax_paid_last_fy": {"as_of": "2026-03-01", "source": "Attestation fiscale 2025"}
            },
        },
        format="json",
    )
    rows = client_for(startup_user).get(url).json()["rows"]
    (cap,) = [
        r
        for r in rows
        if r["rulebook"]["kind"] == "in_force" and r["rule_id"] == "ECOM_COMPANY_ANNUAL_CAP"
    ]
    assert (cap["limit"], cap["left"], cap["missing_facts"]) == ("50000.00", "0.00", [])
    assert cap["limit_low"] == cap["limit_high"] == "50000.00"


def test_a_regulator_lists_participants_by_name_and_can_keep_those_with_an_unknown_fact(
    regulator_user,
):
    # Given three startups: one knows everything, one does not know its tax, one its cluster,
    make_organisation(name="Charlie SARL")
    make_organisation(name="Alpha SA", tax_paid_last_fy=None)
    make_organisation(name="Bravo SAS", cluster="")
    client = client_for(regulator_user)
    # the list is by name, a page at a time,
    first = client.get(reverse("api:participants"), {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert [row["name"] for row in first["results"] + second["results"]] == [
        "Alpha SA",
        "Bravo SAS",
        "Charlie SARL",
    ]
    # and `?unknown=true` keeps those with a fact nobody knows, naming it.
    kept = client.get(reverse("api:participants"), {"unknown": "true"}).json()["results"]
    assert [(row["name"], row["unknown"]) for row in kept] == [
        ("Alpha SA", ["tax_paid_last_fy"]),
        ("Bravo SAS", ["is_cluster_member"]),
    ]
    refused = client.get(reverse("api:participants"), {"unknown": "maybe"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "/unknown"
