"""A late publication that moves more participants than one screening call holds, through the
broker and a real worker: the re-conversion is applied at once, and the participants'
re-screening is run by the worker chunk by chunk, each re-converted payment recorded once with
its verdicts before and after."""

from decimal import Decimal

import pytest

from backend.audit.models import AuditEvent
from backend.rates.models import HeldReconversion, NonPublicationDay
from backend.screening.models import ScreeningRun
from tests.factories import make_user
from tests.integration.conftest import wait_until
from tests.integration.rates.helpers import BAM_26, FIXTURES, bam_redated
from tests.integration.screening.helpers import in_force
from tests.integration.test_late_publications_worker import (
    FRIDAY,
    MONDAY,
    SATURDAY,
    WAIT_SECONDS,
    Declared,
    actions,
    import_body,
    import_file,
    inline_verdicts,
    screened,
)

STARTUPS = 3


@pytest.fixture
def one_participant_per_chunk(monkeypatch, settings):
    """One participant per re-screening call, here and in the worker started after it."""
    monkeypatch.setenv("FXS_PROCESSING_RATES_PARTICIPANTS_PER_CHUNK", "1")
    settings.PROCESSING_RATES_PARTICIPANTS_PER_CHUNK = 1


@pytest.mark.worker
def test_a_late_file_moving_many_participants_is_rescreened_by_the_worker_in_chunks(
    one_participant_per_chunk, celery_worker_process, tmp_path
):
    # Given Thursday's rates, then Monday's arriving without Friday's (Friday is confirmed),
    in_force()
    import_file(FIXTURES / BAM_26)
    import_body(tmp_path, "bam_2026-03-30.json", bam_redated(BAM_26, MONDAY))
    assert NonPublicationDay.objects.get().day == FRIDAY
    # three startups each pay 214,000 USD by card on Saturday, carried forward from Thursday
    # (1,995,785.40 MAD, within the 2,000,000 MAD card cap),
    amount = {"amount": "214000.00", "currency": "USD"}
    payments = [
        Declared(make_user(role="startup"), celery_worker_process, SATURDAY, amount=amount)
        for _ in range(STARTUPS)
    ]
    for payment in payments:
        body = payment.wait(lambda b: b["status"] == "screened", "not screened")
        assert screened(body)[0] == "compliant"
    # when Friday's file arrives late (USD 1 % higher), more participants than one call holds,
    late = bam_redated(BAM_26, FRIDAY, scale={"USD": Decimal("1.01")})
    import_body(tmp_path, "bam_2026-03-27.json", late)
    # then the worker re-screens them in runs of a chunk per participant (one run per wave of
    # the re-conversion),
    runs = ScreeningRun.objects.filter(reason="rates published")
    wait_until(
        lambda: sum(runs.filter(status="done").values_list("participants", flat=True)) == STARTUPS,
        timeout=WAIT_SECONDS,
        message=celery_worker_process.log_path.read_text(errors="replace")[-3000:],
    )
    assert [sum(runs.values_list(f, flat=True)) for f in ("chunks_total", "chunks_done")] == [
        STARTUPS,
        STARTUPS,
    ]
    # and every payment is re-converted with Friday's rate, over the cap now, its history
    # holding one event with both conversions and both verdicts;
    for payment in payments:
        body = payment.get()
        assert (body["conversion"]["rate_date"], body["conversion"]["amount_mad"]) == (
            "2026-03-27",
            "2015743.25",
        )
        assert screened(body)[0] == "breach"
        (event,) = actions(payment.history(), "declaration.reconverted")
        assert event["before"]["conversion"]["amount_mad"] == "1995785.40"
        assert inline_verdicts(event) == (["compliant"], ["breach"])
    # nothing is left waiting, and nothing is recorded twice.
    assert HeldReconversion.objects.count() == 0
    assert AuditEvent.objects.filter(action="declaration.reconverted").count() == STARTUPS
