"""Screening through the database: verdicts per rulebook, the year boundary, back-dated and
withdrawn declarations, idempotent re-runs and replay."""

from datetime import date

import pytest

from backend.audit.models import AuditEvent
from backend.screening.models import Coverage, Evaluation, Finding, Flag, VerdictChange
from backend.screening.services.replay import coverage_replay, evaluation_replay
from backend.screening.services.screening import screening_screen
from tests.factories import make_user
from tests.integration.screening.helpers import (
    cohort,
    declare,
    governing,
    in_force,
    process,
    proposal,
    row_counts,
    status,
    verdicts,
    withdraw,
)

IN_FORCE = "Test rules in force"
PROPOSAL = "Test proposal"
pytestmark = pytest.mark.django_db


def test_a_processed_declaration_is_screened_by_the_rules_in_force_and_its_cohorts_proposal():
    # Given both rulebooks and a startup in a 2026 cohort trialling the proposal,
    rules, trial = in_force(), proposal()
    user = make_user(username="founder")
    cohort(trial, [user.membership.organisation])
    # when a 2,500,000 MAD card payment is declared and processed,
    payment = declare(user, "2500000.00", date(2026, 3, 2))
    process(payment)
    # then it breaches the 2,000,000 MAD cap in force and meets the 4,000,000 MAD proposal,
    assert verdicts(payment) == {IN_FORCE: "breach", PROPOSAL: "compliant"}
    assert status(payment) == "screened"
    finding = Finding.objects.get(evaluation__declaration=payment)
    assert (
        finding.rule_id,
        finding.outcome,
        finding.measured_minor,
        finding.limit_minor,
        finding.unit,
        finding.window_start,
        finding.window_end,
        finding.contributing,
        finding.citation,
        finding.confidence,
    ) == (
        "CARD_CAP",
        "breach",
        250_000_000,
        200_000_000,
        "mad_minor",
        date(2026, 1, 1),
        date(2026, 12, 31),
        [str(payment.pk)],
        "IGOC 2026; Le Reporter, 2026-02-17",
        "press",
    )
    assert finding.explanation_en == (
        "Cumulative 2,500,000.00 MAD in 2026 exceeds the annual cap of 2,000,000.00 MAD "
        "(IGOC 2026; Le Reporter, 2026-02-17, press value)"
    )
    # and, the proposal governing inside the cohort window, the in-force breach is no flag.
    assert Flag.objects.count() == 0
    assert governing(payment) == {IN_FORCE: False, PROPOSAL: True}
    # The breach is stored with its provenance; the proposal's compliant verdict is implied by
    # the participant's coverage run.
    stored = Evaluation.objects.get(declaration=payment)
    assert (stored.rulebook_version_id, stored.governing) == (rules.pk, False)
    run = Coverage.objects.get(rulebook_version=trial)
    assert (run.date_from, run.date_to, run.governing, run.declarations) == (
        payment.value_date,
        payment.value_date,
        True,
        1,
    )


def test_outside_a_cohort_a_breach_of_the_rules_in_force_raises_one_flag():
    in_force()
    user = make_user(username="founder")
    payment = declare(user, "2500000.00", date(2026, 3, 2))
    process(payment)
    flag = Flag.objects.get()
    assert (flag.declaration_id, flag.rule_id, flag.status, flag.measured_minor) == (
        payment.pk,
        "CARD_CAP",
        "open",
        250_000_000,
    )


def test_the_year_boundary_separates_running_totals():
    # Given a cap of 2,000,000 MAD a calendar year,
    in_force()
    user = make_user(username="founder")
    # when 1,500,000 MAD is paid on 31 December 2026 and again on 1 January 2027,
    december = declare(user, "1500000.00", date(2026, 12, 31))
    january = declare(user, "1500000.00", date(2027, 1, 1))
    process(december, january)
    # then each is within its own year's allowance,
    assert verdicts(december) == {IN_FORCE: "compliant"}
    assert verdicts(january) == {IN_FORCE: "compliant"}
    # while a second payment on 1 January 2027 breaches the 2027 allowance only.
    second = declare(user, "600000.00", date(2027, 1, 1))
    process(second)
    assert verdicts(second) == {IN_FORCE: "breach"}
    assert verdicts(december) == {IN_FORCE: "compliant"}
    assert Finding.objects.get(evaluation__declaration=second).measured_minor == 210_000_000


def test_a_late_back_dated_declaration_makes_a_later_one_breach_and_withdrawing_it_undoes_it():
    in_force()
    user = make_user(username="founder")
    march = declare(user, "1500000.00", date(2026, 3, 1))
    june = declare(user, "400000.00", date(2026, 6, 1))
    process(march, june)
    assert verdicts(june) == {IN_FORCE: "compliant"}
    # When a payment of 1 February is declared late,
    february = declare(user, "200000.00", date(2026, 2, 1))
    process(february)
    # then June's running total (2,100,000 MAD) breaches, and the change is recorded.
    assert verdicts(june) == {IN_FORCE: "breach"}
    assert verdicts(february) == {IN_FORCE: "compliant"}
    change = VerdictChange.objects.get()
    assert (change.declaration_id, change.before, change.after) == (june.pk, "compliant", "breach")
    finding = Finding.objects.get(evaluation__declaration=june)
    assert finding.measured_minor == 210_000_000
    assert finding.contributing == [str(february.pk), str(march.pk), str(june.pk)]
    flag = Flag.objects.get()
    assert (flag.declaration_id, flag.status) == (june.pk, "open")
    # When the late payment is withdrawn and its window screened again,
    withdraw(user, february)
    screening_screen(participant_ids=[user.membership.organisation.pk], since=date(2026, 1, 1))
    # then June is compliant again, the flag is closed with the reason, February left the screening.
    assert verdicts(june) == {IN_FORCE: "compliant"}
    assert verdicts(february) == {}
    flag.refresh_from_db()
    assert (flag.status, flag.close_reason) == (
        "closed",
        "breach no longer found on re-screening: the rule is now met",
    )
    changes = list(
        VerdictChange.objects.order_by("id").values_list(
            "declaration_id", "before", "after", "reason"
        )
    )
    assert changes[1:] == [
        (june.pk, "breach", "compliant", "re-screening"),
        (february.pk, "compliant", "", "declaration withdrawn"),
    ] or changes[1:] == [
        (february.pk, "compliant", "", "declaration withdrawn"),
        (june.pk, "breach", "compliant", "re-screening"),
    ]
    # When another February payment makes June breach again, the same flag reopens;
    process(declare(user, "200000.00", date(2026, 2, 2)))
    flag.refresh_from_db()
    assert (flag.status, flag.close_reason, flag.times_reopened) == ("open", "", 1)
    assert flag.closed_at is None
    # every step of the flag is audited against the participant.
    trail = AuditEvent.objects.filter(object_type="screening.flag", object_id=str(flag.pk))
    assert list(trail.order_by("id").values_list("action", "organisation_id", "after")) == [
        (
            "flag.open",
            user.membership.organisation.pk,
            {"rule_id": flag.rule_id, "declaration": str(june.pk)},
        ),
        (
            "flag.close",
            user.membership.organisation.pk,
            {
                "status": "closed",
                "reason": "breach no longer found on re-screening: the rule is now met",
            },
        ),
        ("flag.reopen", user.membership.organisation.pk, {"status": "open"}),
    ]


def test_a_re_run_of_the_same_screening_creates_nothing_new():
    in_force()
    user = make_user(username="founder")
    payments = [declare(user, "900000.00", date(2026, m, 1)) for m in (1, 2, 3)]
    process(*payments)
    before = row_counts()
    assert (before["coverage"], before["evaluations"], before["flags"]) == (1, 1, 1)
    summary = screening_screen(
        participant_ids=[user.membership.organisation.pk], since=date(2026, 1, 1)
    )
    assert (summary.evaluations_written, summary.verdicts_changed, summary.flags_opened) == (
        0,
        0,
        0,
    )
    assert row_counts() == before


def test_a_payment_without_a_rate_is_pending_rate_never_compliant():
    in_force()
    user = make_user(username="founder")
    payment = declare(user, "10.00", date(2026, 3, 2), currency="USD")
    process(payment)
    assert status(payment) == "pending_rate"
    assert verdicts(payment) == {IN_FORCE: "pending_rate"}


def test_a_stored_evaluation_replays_to_the_same_result():
    in_force()
    user = make_user(username="founder")
    first = declare(user, "1500000.00", date(2026, 3, 1))
    second = declare(user, "700000.00", date(2026, 4, 1))
    process(first, second)
    evaluation = Evaluation.objects.get(declaration=second)
    replay = evaluation_replay(evaluation=evaluation)
    assert replay.same
    assert (replay.verdict, replay.facts_hash) == ("breach", evaluation.facts_hash)
    # and the first, compliant, replays from its coverage run.
    run = Coverage.objects.get()
    replay = coverage_replay(coverage=run, declaration_id=str(first.pk))
    assert replay.same
    assert (replay.verdict, replay.facts_hash) == ("compliant", run.facts_snapshot.facts_hash)
