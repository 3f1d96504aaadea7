"""The outbox: what an event should have set going and is still pending is handed over again."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from backend.processing.sweep import processing_sweep
from backend.reviews.models import Case
from backend.rulebooks.models import RulebookVersion
from backend.screening.models import Flag, ScreeningRun
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db
GRACE = timedelta(minutes=5)


def test_the_sweep_opens_the_case_of_a_flag_whose_event_was_lost(startup_user, sent_tasks):
    # Given a breaching declaration screened here: its "flags opened" event is only recorded
    # (this test's broker is a list), so no case exists yet,
    h.in_force()
    declaration = h.declare(startup_user, "2500000.00", date(2026, 3, 2))
    h.process(declaration)
    flag = Flag.objects.get(declaration=declaration)
    assert not Case.objects.exists()
    # when the sweep runs, then the flag's case is opened and holds it,
    outcome = processing_sweep(older_than=GRACE)
    assert outcome.cases_opened == 1
    case = Case.objects.get(declaration=declaration)
    assert list(case.flags.values_list("pk", flat=True)) == [flag.pk]
    # and a second sweep finds nothing left to do.
    assert processing_sweep(older_than=GRACE).cases_opened == 0


def test_the_sweep_starts_the_rescreening_of_a_publication_whose_event_was_lost(sent_tasks):
    # Given a regulator's publication whose event never reached the workers,
    version = h.in_force()
    assert not ScreeningRun.objects.exists()
    # when the sweep runs within the grace period, it leaves it to the event,
    assert processing_sweep(older_than=GRACE).runs_started == 0
    # and once the grace period has passed, it starts the publication's run exactly once.
    RulebookVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.now() - GRACE - timedelta(seconds=1)
    )
    assert processing_sweep(older_than=GRACE).runs_started == 1
    assert list(ScreeningRun.objects.values_list("rulebook_version_id", flat=True)) == [version.pk]
    assert processing_sweep(older_than=GRACE).runs_started == 0


def test_publishing_a_version_and_opening_a_flag_publish_their_events(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    # When a version is published, its event goes to the processing room on commit;
    with django_capture_on_commit_callbacks(execute=True):
        version = h.in_force()
    assert sent_tasks == [
        ("processing.rulebook_version_published", {"rulebook_version_id": str(version.pk)})
    ]
    # and when the screening of a breaching declaration commits, its flag's event follows.
    declaration = h.declare(startup_user, "2500000.00", date(2026, 3, 2))
    sent_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        h.process(declaration)
    flag = Flag.objects.get(declaration=declaration)
    assert sent_tasks == [("processing.flags_opened", {"flag_ids": [str(flag.pk)]})]
