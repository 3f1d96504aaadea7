"""The hand-off through the real broker and worker: a flagged declaration becomes a case as soon
as its screening commits ("flags opened", no beat in between), the outbox sweep opens one whose
event was lost, and `reviews.mark_overdue` runs as the beat would send it."""

from datetime import date

import pytest

from backend.common.queue import send_task_now
from backend.reviews.models import Case
from tests.integration.conftest import wait_until
from tests.integration.screening import helpers as h

WAIT_SECONDS = 60


@pytest.mark.django_db(transaction=True)
def test_a_flag_opens_its_case_at_once_and_the_overdue_job_runs_on_the_worker(
    celery_worker_process, startup_user
) -> None:
    # Given a real worker, when a declaration is flagged by the screening (run here, in the test
    # process: its "flags opened" event goes to the worker after commit),
    h.in_force()
    declaration = h.declare(startup_user, "2500000.00", date(2026, 3, 2))
    h.process(declaration)

    # then the worker opens the case without any sweep being sent
    wait_until(
        lambda: Case.objects.filter(declaration=declaration).exists(),
        timeout=WAIT_SECONDS,
        message="the worker did not open the case",
    )
    case = Case.objects.get(declaration=declaration)
    assert (case.state, case.severity, case.priority) == ("open", "high", 1)

    # And the overdue job runs too (nothing is overdue yet: the SLA counts from now)
    send_task_now("reviews.mark_overdue")
    log = celery_worker_process.log_path  # type: ignore[attr-defined]
    wait_until(
        lambda: (
            b"reviews.mark_overdue" in log.read_bytes()
            and b"succeeded" in log.read_bytes().split(b"reviews.mark_overdue")[-1]
        ),
        timeout=WAIT_SECONDS,
        message="the worker did not run the overdue job",
    )
    assert Case.objects.get(pk=case.pk).overdue is False
