"""The hand-off: pending work is recorded in the database and re-sent by the sweep."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.common.events import IDS_PER_MESSAGE
from backend.declarations.models import Declaration
from backend.declarations.services.hand_off import declarations_request_processing
from backend.processing.pipeline import processing_declarations
from backend.processing.sweep import declarations_sweep_pending
from tests.integration.declarations.helpers import make_declaration

pytestmark = pytest.mark.django_db
RATES = Path(__file__).resolve().parents[3] / "fixtures" / "rates"


def test_process_without_a_rate_leaves_the_declaration_pending_rate(startup_user):
    # Given no stored rate, when the pipeline processes a declaration,
    declaration = make_declaration(startup_user)
    assert processing_declarations(declaration_ids=[str(declaration.id)]) == 1
    declaration.refresh_from_db()
    # then it waits for its rate (never compliant) and the rates app owns the retry.
    assert (declaration.status, declaration.processing_attempts) == ("pending_rate", 1)
    assert declaration.processing_requested_at is None


def test_process_converts_at_the_rate_of_the_value_date(startup_user):
    call_command(
        "import_rates",
        "--source",
        "bam",
        "--file",
        str(RATES / "bam_CoursVirement_2026-03-25.json"),
    )
    declaration = make_declaration(startup_user, value_date=date(2026, 3, 25))
    assert processing_declarations(declaration_ids=[str(declaration.id)]) == 1
    declaration.refresh_from_db()
    assert declaration.status == "screened"  # converted, then screened in the same pass
    assert declaration.processing_requested_at is None
    # 1,250.00 EUR x 10.8057 MAD/EUR (BAM, 25 March 2026) = 13,507.125 -> 13,507.12 (half-even)
    assert declaration.conversion.amount_mad == Decimal("13507.12")
    assert processing_declarations(declaration_ids=[str(declaration.id)]) == 0  # idempotent


def test_process_skips_what_is_not_pending(startup_user):
    declaration = make_declaration(startup_user)
    Declaration.objects.filter(pk=declaration.pk).update(processing_requested_at=None)
    assert processing_declarations(declaration_ids=[str(declaration.id)]) == 0
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
    assert sent_tasks == [("processing.declarations_recorded", {"declaration_ids": [str(old.id)]})]
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
