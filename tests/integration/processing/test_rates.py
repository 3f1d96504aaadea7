"""Late and revised publications through the flow (the handler, without a worker): what they
change is re-converted, re-screened, audited, told to the startup and to the case."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.audit.models import AuditEvent
from backend.notifications.models import Notification
from backend.processing.rates import (
    RESCREEN_CHUNK_TASK,
    ChunkRecorded,
    RatesApplied,
    processing_non_publication_day_marked,
    processing_rates_published,
    processing_rates_rescreen_chunk,
    rates_rescreen_sweep,
)
from backend.processing.sweep import rates_sweep_unapplied
from backend.rates.models import Conversion, HeldReconversion, RatePayload, RateRow
from backend.rates.services.calendar import non_publication_day_mark
from backend.reviews.models import Case
from backend.reviews.services.cases import cases_sync_flags
from backend.screening.models import Evaluation, ScreeningRun, ScreeningRunChunk
from backend.screening.services.replay import ReplayOutcome, evaluation_replay
from backend.screening.services.runs import screening_run_chunk
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.rates.helpers import BAM_25, BAM_26, bam_redated, ingest, read
from tests.integration.screening.helpers import declare, in_force, process, status, verdicts

pytestmark = pytest.mark.django_db

MARCH_25, MARCH_26 = date(2026, 3, 25), date(2026, 3, 26)
IN_FORCE = "Test rules in force"


def publish(body: bytes) -> RatePayload:
    """Store a BAM answer and apply it, as the processing room would on its event."""
    payload = ingest("bam", body).payload
    processing_rates_published(payload_id=payload.pk)
    return payload


def test_a_revised_rate_reconverts_rescreens_and_tells_the_startup_and_the_case(startup_user):
    # Given the card cap of 2,000,000 MAD in force and BAM's rates of 25 March 2026,
    in_force()
    publish(read(BAM_25))
    # a card payment of 186,000 EUR that day: 2,009,860.20 MAD at 10.8057, a breach with a case,
    payment = declare(startup_user, "186000.00", MARCH_25, currency="EUR")
    process(payment)
    assert verdicts(payment) == {IN_FORCE: "breach"}
    cases_sync_flags()
    case = Case.objects.get()
    assert case.amount_mad == Decimal("2009860.20")

    # when BAM revises its EUR rate of that day down 1 % (10.697643),
    revised = ingest("bam", bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    applied = processing_rates_published(payload_id=revised.payload.pk)

    # then the revision is a new row naming the one it revises, which stays,
    old, new = RateRow.objects.filter(currency="EUR").order_by("revision")
    assert (new.revision, new.revises_id, new.per_unit) == (2, old.pk, Decimal("10.697643"))
    # the payment is re-converted at the revised rate and screened again: now within the cap,
    conversion = Conversion.objects.get(declaration=payment)
    assert (conversion.mad_per_unit, conversion.amount_mad, conversion.method) == (
        Decimal("10.697643"),
        Decimal("1989761.60"),
        "official",
    )
    assert list(conversion.rate_rows.all()) == [new]
    assert verdicts(payment) == {IN_FORCE: "compliant"}
    assert applied == RatesApplied(
        reconverted=1, participants=1, verdicts_changed=1, notified=1, cases=1
    )
    # its history shows both rates, amounts and verdicts, in one event,
    history = client_for(startup_user).get(f"/api/v1/declarations/{payment.pk}/events/").json()
    reconverted = next(e for e in history if e["action"] == "declaration.reconverted")
    rules = {"name_fr": IN_FORCE, "name_en": IN_FORCE, "kind": "in_force"}
    assert reconverted["reconversion"] == {
        "cause": "rates_published",
        "before": {
            "conversion": {
                "amount_mad": "2009860.20",
                "rate": "10.8057",
                "rate_date": "2026-03-25",
                "source": "bam",
                "method": "official",
            },
            "verdicts": [{"rulebook": rules, "version": 1, "verdict": "breach"}],
        },
        "after": {
            "conversion": {
                "amount_mad": "1989761.60",
                "rate": "10.697643",
                "rate_date": "2026-03-25",
                "source": "bam",
                "method": "official",
            },
            "verdicts": [{"rulebook": rules, "version": 1, "verdict": "compliant"}],
        },
    }
    assert reconverted["after"]["payload"] == str(revised.payload.pk)
    # (its own event tells its verdicts: no second event for them)
    assert not [e for e in history if e["action"] == "declaration.verdicts_changed"]
    # the startup is told in the app,
    told = Notification.objects.get(recipient=startup_user, kind="verdict_changed")
    assert (told.params["before"], told.params["after"], told.params["reference"]) == (
        "breach",
        "compliant",
        payment.reference,
    )
    # the case opened on the old amount records the change in its timeline,
    event = AuditEvent.objects.get(object_id=str(case.pk), action="case.payments_reconverted")
    assert event.before["payments"][str(payment.pk)]["conversion"]["amount_mad"] == "2009860.20"
    assert event.after["payments"][str(payment.pk)]["conversion"]["amount_mad"] == "1989761.60"
    # and the publication is applied once: a second delivery changes nothing.
    assert RatePayload.objects.get(pk=revised.payload.pk).applied_at is not None
    assert processing_rates_published(payload_id=revised.payload.pk) is None
    assert AuditEvent.objects.filter(action="declaration.reconverted").count() == 1


def test_a_payment_waiting_for_its_rate_converts_and_screens_when_it_arrives(startup_user):
    # Given only 25 March's rates, a payment of 26 March waits for its rate, never compliant,
    in_force()
    publish(read(BAM_25))
    payment = declare(startup_user, "1000.00", MARCH_26, currency="USD")
    process(payment)
    assert status(payment) == "pending_rate"
    assert verdicts(payment) == {IN_FORCE: "pending_rate"}
    # when 26 March's rates arrive, it converts at that day's official rate and is screened.
    applied_before = AuditEvent.objects.filter(action="declaration.reconverted").count()
    publish(read(BAM_26))
    conversion = Conversion.objects.get(declaration=payment)
    assert (conversion.method, conversion.rate_date, conversion.mad_per_unit) == (
        "official",
        MARCH_26,
        Decimal("9.3261"),
    )
    assert status(payment) == "screened"
    assert verdicts(payment) == {IN_FORCE: "compliant"}
    event = AuditEvent.objects.filter(action="declaration.reconverted").last()
    assert AuditEvent.objects.filter(action="declaration.reconverted").count() == applied_before + 1
    rules = {"name_fr": IN_FORCE, "name_en": IN_FORCE, "kind": "in_force"}
    assert (event.before, event.after["conversion"]["method"], event.after["verdicts"]) == (
        {
            "status": "pending_rate",
            "conversion": None,
            "verdicts": [{"rulebook": rules, "version": 1, "verdict": "pending_rate"}],
        },
        "official",
        [{"rulebook": rules, "version": 1, "verdict": "compliant"}],
    )


def test_a_provisional_estimate_is_replaced_by_the_official_rate(startup_user, settings):
    # Given estimates enabled and only 25 March's rates, a payment of 26 March is estimated,
    settings.RATES_ALLOW_ESTIMATES = True
    in_force()
    publish(read(BAM_25))
    payment = declare(startup_user, "1000.00", MARCH_26, currency="EUR")
    process(payment)
    estimate = Conversion.objects.get(declaration=payment)
    assert (estimate.method, estimate.rate_date) == ("estimate", MARCH_25)
    # and once 26 March's rates arrive it is converted at the official rate of its value date.
    publish(read(BAM_26))
    official = Conversion.objects.get(declaration=payment)
    assert (official.method, official.rate_date) == ("official", MARCH_26)


def test_the_sweep_resends_a_publication_never_applied(
    sent_tasks, django_capture_on_commit_callbacks
):
    # Given a stored payload whose event was lost ten minutes ago, and one applied,
    lost = ingest("bam", read(BAM_25)).payload
    RatePayload.objects.filter(pk=lost.pk).update(
        received_at=timezone.now() - timedelta(minutes=10)
    )
    done = publish(read(BAM_26))
    RatePayload.objects.filter(pk=done.pk).update(
        received_at=timezone.now() - timedelta(minutes=10)
    )
    sent_tasks.clear()
    # when the sweep runs, it publishes the lost one again, and only it.
    with django_capture_on_commit_callbacks(execute=True):
        assert rates_sweep_unapplied(older_than=timedelta(minutes=5)) == 1
    assert sent_tasks == [("processing.rates_published", {"payload_id": str(lost.pk)})]


def test_a_day_a_regulator_marks_unpublished_lets_the_weekend_take_thursdays_rate(
    startup_user, regulator_user
):
    # Given Thursday 26 March's rates, a payment of Saturday 28 waits for Friday's publication,
    in_force()
    publish(read(BAM_26))
    payment = declare(startup_user, "1000.00", date(2026, 3, 28), currency="USD")
    process(payment)
    assert status(payment) == "pending_rate"
    # when a regulator confirms BAM published nothing on Friday 27 and the marking is applied,
    marked = non_publication_day_mark(
        actor=regulator_user, source="bam", day=date(2026, 3, 27), reason="No publication"
    )
    processing_non_publication_day_marked(non_publication_day_id=marked.pk)
    # then the payment is carried forward from Thursday and screened.
    conversion = Conversion.objects.get(declaration=payment)
    assert (conversion.method, conversion.rate_date) == ("carried_forward", MARCH_26)
    assert status(payment) == "screened"
    marked.refresh_from_db()
    assert marked.applied_at is not None


def test_a_payment_whose_year_moved_with_a_reconverted_one_tells_its_own_verdicts(startup_user):
    # Given the 2,000,000 MAD card cap and 25 March's rates, a card payment of 93,000 EUR that
    # day (1,004,930.10 MAD) and one of 1,000,000 MAD on 1 April, which crosses the cap,
    in_force()
    publish(read(BAM_25))
    euros = declare(startup_user, "93000.00", MARCH_25, currency="EUR")
    dirhams = declare(startup_user, "1000000.00", date(2026, 4, 1))
    process(euros, dirhams)
    assert (verdicts(euros), verdicts(dirhams)) == ({IN_FORCE: "compliant"}, {IN_FORCE: "breach"})
    # when BAM revises its EUR rate of 25 March down 1 % (994,880.80 MAD: the year is within),
    publish(bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    assert verdicts(dirhams) == {IN_FORCE: "compliant"}
    client = client_for(startup_user)
    # then the re-converted payment's history holds its new amount beside its unchanged verdict,
    history = client.get(f"/api/v1/declarations/{euros.pk}/events/").json()
    (event,) = [e for e in history if e["action"] == "declaration.reconverted"]
    change = event["reconversion"]
    assert (
        change["before"]["conversion"]["amount_mad"],
        change["after"]["conversion"]["amount_mad"],
    ) == (
        "1004930.10",
        "994880.80",
    )
    assert [v["verdict"] for v in change["before"]["verdicts"]] == ["compliant"]
    assert [v["verdict"] for v in change["after"]["verdicts"]] == ["compliant"]
    # and the payment whose verdict it moved, not re-converted itself, says its verdicts changed.
    history = client.get(f"/api/v1/declarations/{dirhams.pk}/events/").json()
    assert not [e for e in history if e["action"] == "declaration.reconverted"]
    (changed,) = [e for e in history if e["action"] == "declaration.verdicts_changed"]
    assert (
        changed["before"]["verdicts"],
        changed["after"]["verdicts"],
        changed["reconversion"],
    ) == (
        {IN_FORCE: "breach"},
        {IN_FORCE: "compliant"},
        None,
    )


def test_a_verdict_replays_on_the_facts_it_was_screened_on_and_says_the_rate_changed_since(
    startup_user,
):
    # Given 25 March's rates and a payment of 1,000 EUR to North Korea that day, to be reviewed
    # (10,805.70 MAD),
    in_force()
    publish(read(BAM_25))
    payment = declare(startup_user, "1000.00", MARCH_25, currency="EUR", country="KP")
    process(payment)
    evaluation = Evaluation.objects.get(declaration=payment)
    assert evaluation_replay(evaluation=evaluation).outcome == ReplayOutcome.REPRODUCED
    # when BAM revises its EUR rate of that day (the verdict does not move, so the stored
    # evaluation keeps the facts it was screened on),
    publish(bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    evaluation = Evaluation.objects.get(declaration=payment)
    assert evaluation.verdict == "needs_review"
    replay = evaluation_replay(evaluation=evaluation)
    # then the replay rebuilds those facts with the rate they had and reproduces the verdict,
    assert (replay.same, replay.verdict, replay.facts_hash) == (
        True,
        "needs_review",
        evaluation.facts_hash,
    )
    # and says the facts changed since: this payment's rate, old and new,
    assert replay.outcome == ReplayOutcome.FACTS_CHANGED
    (change,) = replay.changed_since
    assert (change.declaration_id, change.reference) == (str(payment.pk), payment.reference)
    assert (change.screened, change.now) == (
        {
            "amount_mad": "10805.70",
            "rate": "10.8057",
            "rate_date": "2026-03-25",
            "source": "bam",
            "method": "official",
        },
        {
            "amount_mad": "10697.64",
            "rate": "10.697643",
            "rate_date": "2026-03-25",
            "source": "bam",
            "method": "official",
        },
    )
    assert replay.explanation()["en"] == (
        "The facts as screened give the stored verdict; the facts changed since, by a late or "
        f"revised rate: {payment.reference} 10,805.70 MAD at the rate 10.8057 of Wednesday 25 "
        "March 2026 → 10,697.64 MAD at the rate 10.697643 of Wednesday 25 March 2026."
    )
    assert replay.explanation()["fr"] == (
        "Les faits tels qu'évalués redonnent le verdict conservé ; ils ont changé depuis, par un "
        f"cours tardif ou révisé : {payment.reference} 10\u202f805,70 MAD au cours 10,8057 du "
        "mercredi 25 mars 2026 → 10\u202f697,64 MAD au cours 10,697643 du mercredi 25 mars 2026."
    )


def test_a_replay_whose_stored_result_differs_is_a_mismatch_even_after_a_new_rate(startup_user):
    # Given a reviewed payment whose rate was revised since it was screened,
    in_force()
    publish(read(BAM_25))
    payment = declare(startup_user, "1000.00", MARCH_25, currency="EUR", country="KP")
    process(payment)
    publish(bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    # when its stored verdict is not what its stored inputs give,
    Evaluation.objects.filter(declaration=payment).update(verdict="breach")
    replay = evaluation_replay(evaluation=Evaluation.objects.get(declaration=payment))
    # then the replay says so, whatever changed since.
    assert (replay.same, replay.outcome, len(replay.changed_since)) == (
        False,
        ReplayOutcome.MISMATCH,
        1,
    )


def reconverted_events(payment) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action="declaration.reconverted", object_id=str(payment.pk))
    )


def test_a_publication_moving_many_participants_hands_their_rescreening_to_chunks(
    startup_user, sent_tasks, django_capture_on_commit_callbacks, settings
):
    # Given one participant per screening call, the card cap in force and 25 March's rates, two
    # startups each with a card payment of 186,000 EUR that day (2,009,860.20 MAD: a breach with
    # a case),
    settings.PROCESSING_RATES_PARTICIPANTS_PER_CHUNK = 1
    in_force()
    publish(read(BAM_25))
    other_user = make_user(role="startup")
    payments = [
        declare(user, "186000.00", MARCH_25, currency="EUR") for user in (startup_user, other_user)
    ]
    process(*payments)
    cases_sync_flags()
    assert Case.objects.count() == 2
    # when BAM revises its EUR rate of that day down 1 %,
    revised = ingest("bam", bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    sent_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        applied = processing_rates_published(payload_id=revised.payload.pk)
    # then both payments are re-converted in the publication's transaction, and their
    # re-screening is handed to the workers: one run, a chunk per participant, each kept
    # change waiting for its chunk (nothing audited or told yet),
    assert applied is not None
    assert (applied.reconverted, applied.participants, len(applied.runs)) == (2, 2, 1)
    run = ScreeningRun.objects.get(pk=applied.runs[0])
    chunks = list(ScreeningRunChunk.objects.filter(run=run).order_by("number"))
    assert sent_tasks == [(RESCREEN_CHUNK_TASK, {"chunk_id": c.pk}) for c in chunks]
    assert (run.chunks_total, run.since) == (2, date(2026, 1, 1))
    for payment in payments:
        assert Conversion.objects.get(declaration=payment).amount_mad == Decimal("1989761.60")
        assert verdicts(payment) == {IN_FORCE: "breach"}
        assert reconverted_events(payment) == []
    assert HeldReconversion.objects.count() == 2
    assert RatePayload.objects.get(pk=revised.payload.pk).applied_at is not None
    # when the first chunk runs in its task, its payment is screened again (compliant now) and
    # recorded in one event with both conversions and verdicts, its startup told, its case too;
    first, second = (
        p for c in chunks for p in payments if str(p.organisation_id) in c.participant_ids
    )
    done = processing_rates_rescreen_chunk(chunk_id=chunks[0].pk)
    assert done == ChunkRecorded(ran=True, reconverted=1, verdicts_changed=1, notified=1, cases=1)
    assert verdicts(first) == {IN_FORCE: "compliant"}
    (event,) = reconverted_events(first)
    rules = {"name_fr": IN_FORCE, "name_en": IN_FORCE, "kind": "in_force"}
    assert (event.before["conversion"]["amount_mad"], event.after["conversion"]["amount_mad"]) == (
        "2009860.20",
        "1989761.60",
    )
    assert (event.before["verdicts"], event.after["verdicts"], event.after["payload"]) == (
        [{"rulebook": rules, "version": 1, "verdict": "breach"}],
        [{"rulebook": rules, "version": 1, "verdict": "compliant"}],
        str(revised.payload.pk),
    )
    assert Notification.objects.filter(kind="verdict_changed").count() == 1
    assert AuditEvent.objects.filter(action="case.payments_reconverted").count() == 1
    # and when the second chunk is run by the screening room's own task (a stalled chunk its
    # resume re-sent), the sweep records its payment the same way;
    screening_run_chunk(chunk_id=chunks[1].pk)
    assert verdicts(second) == {IN_FORCE: "compliant"}
    assert reconverted_events(second) == []
    assert rates_rescreen_sweep(older_than=timedelta(0)) == 2
    (event,) = reconverted_events(second)
    assert (event.before["verdicts"][0]["verdict"], event.after["verdicts"][0]["verdict"]) == (
        "breach",
        "compliant",
    )
    assert Notification.objects.filter(kind="verdict_changed").count() == 2
    assert AuditEvent.objects.filter(action="case.payments_reconverted").count() == 2
    # each payment is recorded once: a chunk delivered again, the sweep again and the
    # publication again change nothing.
    assert processing_rates_rescreen_chunk(chunk_id=chunks[0].pk) == ChunkRecorded(ran=False)
    assert rates_rescreen_sweep(older_than=timedelta(0)) == 0
    assert processing_rates_published(payload_id=revised.payload.pk) is None
    assert AuditEvent.objects.filter(action="declaration.reconverted").count() == 2
    assert HeldReconversion.objects.count() == 0
    run.refresh_from_db()
    assert (run.status, run.chunks_done) == ("done", 2)


def test_the_sweep_sends_again_a_chunk_of_a_publication_never_run(
    startup_user, sent_tasks, django_capture_on_commit_callbacks, settings
):
    # Given a publication whose re-screening of two participants was handed over and whose
    # chunk messages were lost,
    settings.PROCESSING_RATES_PARTICIPANTS_PER_CHUNK = 1
    in_force()
    publish(read(BAM_25))
    payments = [
        declare(user, "1000.00", MARCH_25, currency="EUR")
        for user in (startup_user, make_user(role="startup"))
    ]
    process(*payments)
    revised = publish(bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    assert RatePayload.objects.get(pk=revised.pk).applied_at is not None
    chunks = list(ScreeningRunChunk.objects.filter(done=False).values_list("pk", flat=True))
    assert len(chunks) == 2
    # the sweep sends them again to the publication's chunk task (not before the grace).
    sent_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert rates_rescreen_sweep(older_than=timedelta(minutes=5)) == 0
        assert rates_rescreen_sweep(older_than=timedelta(0)) == 2
    assert sorted(sent_tasks, key=str) == sorted(
        [(RESCREEN_CHUNK_TASK, {"chunk_id": pk}) for pk in chunks], key=str
    )
