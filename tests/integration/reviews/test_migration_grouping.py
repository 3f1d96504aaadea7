"""The migrations that group existing cases per breach: cases of one declaration each, as they
were, become one case per participant × rule × window (the oldest kept, the others merged into
it with their notes and trail), a case that also holds a per-payment breach stays that payment's
case, and every case holds its payments."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backend.audit.models import AuditEvent
from backend.common import queue
from backend.reviews.models import Case, CaseNote, CasePayment
from backend.reviews.selectors import case_timeline
from tests.factories import make_user
from tests.integration.screening import helpers as h

BEFORE = [("reviews", "0001_initial"), ("screening", "0004_finding_missing_facts")]
OPENED = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_case(apps, declaration, *, state, days, flags, **fields):
    Case = apps.get_model("reviews", "Case")
    case = Case.objects.create(
        declaration_id=declaration.pk,
        participant_id=declaration.organisation_id,
        state=state,
        severity="high",
        amount_mad=Decimal("0.00"),
        priority=2,
        due_at=OPENED + timedelta(days=days + 3),
        opened_at=OPENED + timedelta(days=days),
        updated_at=OPENED + timedelta(days=days),
        **fields,
    )
    case.flags.add(*flags)
    return case


@pytest.mark.django_db(transaction=True)
def test_existing_cases_are_grouped_one_per_breach(startup_user, monkeypatch):
    monkeypatch.setattr(queue, "send_task_now", lambda name, *, kwargs=None: None)
    reviewer = make_user(role="regulator", username="migration-reviewer")
    # Given three breaching card payments of 2026 and one of 2027, screened (their flags),
    h.in_force()
    made = [
        h.declare(startup_user, amount, value_date)
        for amount, value_date in (
            ("2500000.00", date(2026, 3, 2)),
            ("10.00", date(2026, 4, 1)),
            ("20.00", date(2026, 5, 4)),
            ("2500000.00", date(2027, 3, 1)),
        )
    ]
    h.process(*made)
    try:
        # and the schema before cases followed breaches, with a case per declaration:
        old = _migrate(BEFORE)
        Flag = old.get_model("screening", "Flag")
        flags = {d.pk: Flag.objects.get(declaration_id=d.pk) for d in made}
        risky = Flag.objects.create(
            declaration_id=made[1].pk,
            participant_id=made[1].organisation_id,
            rulebook_version_id=flags[made[1].pk].rulebook_version_id,
            rule_id="HIGH_RISK",
            value_date=made[1].value_date,
            severity="critical",
            confidence="illustrative",
            explanation_fr="x",
            explanation_en="x",
            unit="none",
            opened_at=OPENED,
        )
        first = _old_case(
            old,
            made[0],
            state="decided",
            days=0,
            flags=[flags[made[0].pk]],
            outcome="breach_confirmed",
            rationale="Over the allowance.",
            decided_at=OPENED + timedelta(days=1),
        )
        mixed = _old_case(old, made[1], state="open", days=30, flags=[flags[made[1].pk], risky])
        third = _old_case(
            old, made[2], state="in_review", days=60, flags=[flags[made[2].pk]], assignee_id=None
        )
        old.get_model("reviews", "CaseNote").objects.create(
            case_id=third.pk, author_id=reviewer.pk, body="Third payment this year."
        )
        next_year = _old_case(old, made[3], state="open", days=365, flags=[flags[made[3].pk]])
        AuditEvent.objects.create(
            occurred_at=OPENED + timedelta(days=60),
            actor_username="system:reviews",
            action="case.open",
            object_type="reviews.case",
            object_id=str(third.pk),
        )
    finally:
        # When the migrations run forward,
        _migrate(_latest())

    # then 2026's allowance breach is one case: the oldest, holding the three payments,
    grouped = Case.objects.get(pk=first.pk)
    assert (grouped.kind, grouped.rule_id, grouped.window_start, grouped.window_end) == (
        "cumulative",
        "CARD_CAP",
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    held = CasePayment.objects.filter(case=grouped).order_by("declaration__value_date")
    assert [p.declaration_id for p in held] == [made[0].pk, made[1].pk, made[2].pk]
    assert (grouped.payment_count, grouped.amount_mad) == (3, Decimal("2500030.00"))
    assert sorted(grouped.flags.values_list("declaration_id", flat=True)) == sorted(
        [made[0].pk, made[1].pk, made[2].pk]
    )
    # reopened, since a payment of the breach was still under review after the decision,
    assert (grouped.state, grouped.outcome, grouped.decided_at) == ("reopened", "", None)
    # with the merged case's note and trail,
    assert not Case.objects.filter(pk=third.pk).exists()
    assert grouped.merged_case_ids == [str(third.pk)]
    assert CaseNote.objects.get().case_id == grouped.pk
    trail = [(e.object_id, e.action) for e in case_timeline(case=grouped, viewer=reviewer)]
    assert (str(third.pk), "case.open") in trail
    assert (str(third.pk), "case.merge") in trail
    assert trail[-1] == (str(grouped.pk), "case.group")
    # the payment that also breached a per-payment rule keeps its own case for that rule,
    kept = Case.objects.get(pk=mixed.pk)
    assert (kept.kind, list(kept.flags.values_list("rule_id", flat=True))) == (
        "per_payment",
        ["HIGH_RISK"],
    )
    assert list(CasePayment.objects.filter(case=kept).values_list("declaration_id", flat=True)) == [
        made[1].pk
    ]
    # and 2027's breach is another case.
    other = Case.objects.get(pk=next_year.pk)
    assert (other.kind, other.window_start, other.payment_count) == (
        "cumulative",
        date(2027, 1, 1),
        1,
    )
