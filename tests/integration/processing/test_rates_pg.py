"""The PostgreSQL statements that re-convert a publication moving many participants keep and
write exactly what the portable path does: the same conversions, rate rows and statuses, the same
kept changes with the same verdicts before."""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction

from backend.accounts.models import Organisation
from backend.declarations.models import Declaration
from backend.processing import rates as processing_rates
from backend.processing.rates import processing_rates_published
from backend.processing.rates_pg import rescreen_hold_staged
from backend.rates import reconversion_pg as rates_pg_module
from backend.rates.held import conversions_hold
from backend.rates.models import Conversion, HeldReconversion, RatePayload, RateRow
from backend.rates.money import mad_amount
from backend.rates.reconversion import conversions_redo
from backend.rates.reconversion_pg import (
    HALF_EVEN,
    conversions_stage,
    conversions_write_staged,
)
from backend.rates.services.publications import rate_payload_take
from backend.screening.states import declaration_verdict_states
from tests.factories import make_user
from tests.integration.rates.helpers import BAM_25, BAM_26, bam_redated, ingest, read
from tests.integration.screening.helpers import cohort, declare, in_force, process, proposal

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL statements"),
]

MARCH_25, MARCH_26 = date(2026, 3, 25), date(2026, 3, 26)


def _kept() -> dict[str, tuple[Any, Any]]:
    """Each kept change's audited before and after (its time of conversion left out)."""
    return {
        str(d): (before, {k: v for k, v in after.items() if k != "converted_at"})
        for d, before, after in HeldReconversion.objects.values_list(
            "declaration_id", "before", "after"
        )
    }


def _stored() -> dict[str, tuple[Any, ...]]:
    """Each declaration's status and conversion, with its rate rows."""
    conversions = {
        str(c.declaration_id): (
            c.amount_mad,
            c.mad_per_unit,
            c.rate_date,
            c.source,
            c.method,
            sorted(str(r) for r in c.rate_rows.values_list("pk", flat=True)),
        )
        for c in Conversion.objects.all()
    }
    return {
        str(d.pk): (d.status, conversions.get(str(d.pk)))
        for d in Declaration.objects.order_by("pk")
    }


def _both_ways(payload_id: Any) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """(kept, stored) after the statements, then after the portable path, from the same state."""
    HeldReconversion.objects.all().delete()  # what an earlier publication kept
    change = rate_payload_take(payload_id=payload_id)
    assert change is not None
    run = str(uuid.uuid4())
    runs = {str(o): run for o in Organisation.objects.values_list("pk", flat=True)}
    point = transaction.savepoint()
    staged = conversions_stage(source=change.source, days=change.days)
    assert staged is not None
    assert rescreen_hold_staged(staged=staged, reason=change.reason, runs=runs) == staged.count
    conversions_write_staged(staged=staged)
    statements = (_kept(), _stored())
    transaction.savepoint_rollback(point)
    redo = conversions_redo(source=change.source, days=change.days)
    before = declaration_verdict_states(declarations=redo.declarations())
    conversions_hold(redo=redo, reason=change.reason, runs=runs, verdicts=before)
    return statements, (_kept(), _stored())


def test_a_revision_and_a_late_day_keep_and_write_the_same_as_the_portable_path(startup_user):
    # Given the rules in force and a proposal trialled by two startups, BAM's rates of 25 March,
    # payments in euros and dollars that day (a breach, compliant ones) and one in euros on
    # 26 March, waiting for its rate,
    in_force()
    trial = proposal()
    other = make_user(role="startup")
    cohort(trial, [startup_user.membership.organisation, other.membership.organisation])
    processing_rates_published(payload_id=ingest("bam", read(BAM_25)).payload.pk)
    payments = [
        declare(startup_user, "186000.00", MARCH_25, currency="EUR"),
        declare(startup_user, "1000.125", MARCH_25, currency="EUR"),
        declare(other, "2500.00", MARCH_25, currency="USD"),
        declare(other, "1000.00", MARCH_25, currency="EUR"),
        declare(other, "1000.00", MARCH_26, currency="EUR"),
    ]
    process(*payments)
    # when BAM revises its euro rate of 25 March, the statements keep and write what the
    # portable path does (3 payments re-converted, their verdicts before kept);
    revised = ingest("bam", bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    statements, portable = _both_ways(revised.payload.pk)
    assert statements == portable
    assert len(portable[0]) == 3
    assert {len(before["verdicts"]) for before, _ in portable[0].values()} == {2}
    # and when 26 March's file arrives, the payment waiting for it converts the same way.
    late = ingest("bam", read(BAM_26))
    statements, portable = _both_ways(late.payload.pk)
    assert statements == portable
    ((before, after),) = portable[0].values()
    assert (before["status"], after["conversion"]["rate_date"]) == ("pending_rate", "2026-03-26")


@pytest.mark.parametrize(
    ("amount", "rate"),
    [
        ("0.125", "1"),
        ("0.135", "1"),
        ("1.005", "1"),
        ("2.5", "0.01"),
        ("3.5", "0.01"),
        ("1000.125", "10.8057"),
        ("186000.00", "10.697643"),
        ("99999999.999", "0.058620000000"),
    ],
)
def test_the_amount_in_dirhams_rounds_half_even_like_the_money_module(amount, rate):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {HALF_EVEN} FROM (SELECT %s::numeric * %s::numeric * 100 AS x) m",
            [amount, rate],
        )
        (found,) = cursor.fetchone()
    assert found == mad_amount(Decimal(amount), Decimal(rate))


def test_a_publication_moving_many_participants_is_applied_in_waves_and_resumes_after_a_crash(
    startup_user, settings, monkeypatch
):
    # Given one participant per chunk (waves of two), BAM's rates of 25 March and five startups
    # each with a payment in euros that day,
    settings.PROCESSING_RATES_PARTICIPANTS_PER_CHUNK = 1
    in_force()
    processing_rates_published(payload_id=ingest("bam", read(BAM_25)).payload.pk)
    users = [startup_user, *(make_user(role="startup") for _ in range(4))]
    payments = [declare(user, "1000.00", MARCH_25, currency="EUR") for user in users]
    process(*payments)
    revised = ingest("bam", bam_redated(BAM_25, MARCH_25, scale={"EUR": Decimal("0.99")}))
    # when the worker dies while writing the second wave,
    write = rates_pg_module.conversions_write_staged
    calls: list[int] = []

    def dies_on_the_second(**kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        write(**kwargs)

    monkeypatch.setattr(processing_rates, "conversions_write_staged", dies_on_the_second)
    with pytest.raises(RuntimeError):
        processing_rates_published(payload_id=revised.payload.pk)
    # then the first wave stays written and kept for its chunks, the publication unapplied;
    assert HeldReconversion.objects.count() == 2
    assert RatePayload.objects.get(pk=revised.payload.pk).applied_at is None
    # and the publication delivered again goes on with the rest, each payment kept once, in
    # one run per wave, then applied: a third delivery changes nothing.
    monkeypatch.setattr(processing_rates, "conversions_write_staged", write)
    applied = processing_rates_published(payload_id=revised.payload.pk)
    assert applied is not None
    assert (applied.reconverted, applied.participants, len(applied.runs)) == (3, 3, 2)
    kept = list(HeldReconversion.objects.values_list("declaration_id", flat=True))
    assert sorted(str(k) for k in kept) == sorted(str(p.pk) for p in payments)
    rate = RateRow.objects.filter(currency="EUR").latest("revision").per_unit
    assert {c.mad_per_unit for c in Conversion.objects.filter(declaration__in=payments)} == {rate}
    assert RatePayload.objects.get(pk=revised.payload.pk).applied_at is not None
    assert processing_rates_published(payload_id=revised.payload.pk) is None
    assert HeldReconversion.objects.count() == 5
