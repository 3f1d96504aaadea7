"""A payment declared back-dated into an allowance year changes the running totals of the later
payments: their open flags (and the case page showing them) say the new totals, to the centime,
in both languages; a screening that changes nothing writes nothing to the flags."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.reviews.models import Case
from backend.reviews.services.cases import cases_sync_flags
from backend.screening.models import Finding, Flag, FlagStatus
from backend.screening.services.screening import screening_after_processing
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.reviews import helpers as rh
from tests.integration.screening.helpers import declare, in_force, process

pytestmark = pytest.mark.django_db
DETAILS = ("measured_minor", "limit_minor", "severity", "explanation_fr", "explanation_en")


def _finding(flag: Flag) -> Finding:
    return Finding.objects.get(
        evaluation__declaration_id=flag.declaration_id,
        evaluation__rulebook_version_id=flag.rulebook_version_id,
        evaluation__is_current=True,
        rule_id=flag.rule_id,
    )


def _flag_rows() -> list[tuple]:
    return list(Flag.objects.order_by("pk").values_list())


def test_open_flags_say_the_totals_that_count_a_back_dated_payment(settings):
    settings.REVIEWS_AUTO_ASSIGN = False
    # Given a 1,000,000 MAD yearly card cap exceeded in April, two later breaches, their flags
    # open and held by the year's case,
    in_force(cap_mad="1000000.00")
    user = make_user(username="founder")
    april = declare(user, "1200000.00", date(2026, 4, 1))
    june = declare(user, "100000.00", date(2026, 6, 1))
    september = declare(user, "50000.00", date(2026, 9, 1))
    process(april, june, september)
    cases_sync_flags(now=rh.OPENED_AT)
    case = rh.case_of(april)
    before = {f.declaration_id: f.measured_minor for f in Flag.objects.all()}
    assert before == {april.pk: 120_000_000, june.pk: 130_000_000, september.pk: 135_000_000}
    said = {f.pk: (f.explanation_fr, f.explanation_en) for f in Flag.objects.all()}
    amount, priority = case.amount_mad, case.priority
    # when a payment of 1 March is declared afterwards,
    march = declare(user, "300000.00", date(2026, 3, 1))
    process(march)
    cases_sync_flags(now=rh.OPENED_AT + timedelta(days=1))
    # then every open flag says what the stored finding of its declaration says, to the centime,
    flags = list(Flag.objects.filter(status=FlagStatus.OPEN))
    assert {f.declaration_id: f.measured_minor for f in flags} == {
        april.pk: 150_000_000,
        june.pk: 160_000_000,
        september.pk: 165_000_000,
    }
    for flag in flags:
        finding = _finding(flag)
        assert [getattr(flag, n) for n in DETAILS] == [getattr(finding, n) for n in DETAILS]
        # (the explanations, in both languages, no longer the old totals' ones)
        old_fr, old_en = said[flag.pk]
        assert flag.explanation_fr != old_fr
        assert flag.explanation_en != old_en
    # the refreshed flags are the same rows, still open, not reopened,
    assert Flag.objects.count() == 3
    assert all(f.times_reopened == 0 for f in flags)
    # and the case page shows the new figures (its amount and priority, the payments' own
    # amounts, are unchanged: March, within the cap, is no breach).
    detail = client_for(rh.regulator()).get(reverse("api:case-detail", args=[case.pk])).json()
    assert sorted(f["measured"] for f in detail["flags"]) == [
        "1500000.00",
        "1600000.00",
        "1650000.00",
    ]
    by_declaration = {f["declaration"]: f for f in detail["flags"]}
    for flag in flags:
        shown = by_declaration[str(flag.declaration_id)]
        assert (shown["explanation_fr"], shown["explanation_en"]) == (
            flag.explanation_fr,
            flag.explanation_en,
        )
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.amount_mad, fresh.priority) == (amount, priority)

    # A screening of the same year with nothing changed writes nothing to the flags.
    rows = _flag_rows()
    audited = AuditEvent.objects.filter(action__startswith="flag.").count()
    table = Flag._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        screening_after_processing(declaration_ids=[march.pk])
    assert not [q["sql"] for q in queries if table in q["sql"] and "UPDATE" in q["sql"].upper()]
    assert _flag_rows() == rows
    assert AuditEvent.objects.filter(action__startswith="flag.").count() == audited
