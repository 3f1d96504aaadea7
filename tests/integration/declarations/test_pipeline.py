
"""The hand-off: pending work is recorded in the database and re-sent by the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.declarations.models import Declaration
from backend.declarations.pipeline import (
    IDS_PER_MESSAGE,
    declarations_process,
    declarations_request_processing,
    declarations_sweep_pending,
)
from tests.integration.declarations.helpers import make_declaration

pytestmark = pytest.mark.django_db


def test_process_leaves_declarations_received_and_pending_until_screening_exists(startup_user):
    declaration = make_declaration(startup_user)
    assert declarations_process(declaration_ids=[str(declaration.id)]) == 1
    declaration.refresh_from_db()
    assert (declaration.status, declaration.processing_attempts) == ("received", 1)
    assert declaration.processing_requested_at is not None


def test_process_skips_what_is_not_pending(startup_user):
    declaration = make_declaration(startup_user)
    Declaration.objects.filter(pk=declaration.pk).update(processing_requested_at=None)
    assert declarations_process(declaration_ids=[str(declaration.id)]) == 0
    declaration.refresh_from_db()
    assert declaration.processing_attempts == 0


def test_sweep_resends_only_what_waited_too_long(
    startup_user, sent_tasks, django_capture_on_commit_callbacks
):
    old = make_declaration(startup_user, reference="OLD")
    fresh = make_declaration(startup_user, reference="FRESH")
    long_ago = timezone.now() - timedelta(minutes=6)
    Declaration.objects.filter(pk=old.pk).update(processing_requested_at=long_ago)
    sent_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert declarations_sweep_pending(older_than=timedelta(minutes=5)) == 1
    assert sent_tasks == [("pipeline.process_declarations", {"declaration_ids": [str(old.id)]})]
    old.refresh_from_db()
    assert old.processing_requested_at > long_ago  # the clock restarts: not re-sent every minute
    with django_capture_on_commit_callbacks(execute=True):
        assert declarations_sweep_pending(older_than=timedelta(minutes=5)) == 0
    assert fresh.id not in [i for _, kw in sent_tasks for i in kw["declaration_ids"]]


def test_ids_are_sent_in_bounded_messages(sent_tasks, django_capture_on_commit_callbacks):
    ids = [f"00000000-0000-0000-0000-{n:012d}" for n in range(IDS_PER_MESSAGE * 2 + 1)]
    with django_capture_on_commit_callbacks(execute=True):
        declarations_request_processing(declaration_ids=ids)
    assert [len(kw["declaration_ids"]) for _, kw in sent_tasks] == [
        IDS_PER_MESSAGE,
        IDS_PER_MESSAGE,
        1,
    ]
