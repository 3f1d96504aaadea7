"""Backtests and sweeps: exact transitions and curves on a small history, live verdicts untouched,
CSV exports formula-safe, bad input refused with nothing written."""

from datetime import date

import pytest

from backend.rulebooks.services.versions import rulebook_create, rulebook_version_create_draft
from backend.screening.models import Backtest, BacktestTransition, Evaluation, Sweep
from backend.screening.services.analysis import backtest_run, sweep_run
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.rulebooks.helpers import regulator
from tests.integration.screening.helpers import declare, document, in_force, process

pytestmark = pytest.mark.django_db


def _history():
    """A pays 1,500,000 MAD, B 500,000 and C 2,500,000, all by card in March 2026."""
    version = in_force()
    payments = {}
    for name, amount, reference in (
        ("a", "1500000.00", '=HYPERLINK("x")'),
        ("b", "500000.00", "B-1"),
        ("c", "2500000.00", "C-1"),
    ):
        user = make_user(username=f"founder-{name}")
        payments[name] = declare(user, amount, date(2026, 3, 1), reference=reference)
        process(payments[name])
    return version, payments


def _draft(cap_mad: str):
    editor = regulator()
    book = rulebook_create(actor=editor, name="Test proposal", kind="proposed")
    return rulebook_version_create_draft(
        actor=editor,
        rulebook=book,
        document=document(name="Test proposal", kind="proposed", cap_mad=cap_mad),
    )


def _live():
    return sorted(
        Evaluation.objects.values_list("declaration_id", "rulebook_version_id", "verdict", "id")
    )


def test_a_backtest_of_a_draft_reports_exact_transitions_and_leaves_live_verdicts_alone():
    _, payments = _history()
    draft = _draft("1000000.00")
    live = _live()
    client = client_for(regulator())
    started = client.post(
        "/api/v1/backtests/",
        {
            "rulebook_version": str(draft.pk),
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        format="json",
    )
    assert started.status_code == 202, started.content
    assert (started.json()["status"], started.json()["report"]) == ("queued", None)
    backtest_run(backtest_id=started.json()["id"])
    body = client.get(f"/api/v1/backtests/{started.json()['id']}/").json()
    assert (body["status"], body["progress"]) == ("done", 100)
    report = body["report"]
    assert {k: v for k, v in report.items() if k not in ("as_of", "matrix", "per_rule")} == {
        "declarations": 3,
        "participants": 3,
        "participants_affected": 1,
        "transitions": 1,
        "volume_mad_changed": "1500000.00",
    }
    assert report["matrix"] == [
        {"before": "breach", "after": "breach", "count": 1, "volume_mad": "2500000.00"},
        {"before": "compliant", "after": "breach", "count": 1, "volume_mad": "1500000.00"},
        {"before": "compliant", "after": "compliant", "count": 1, "volume_mad": "500000.00"},
    ]
    assert report["per_rule"] == [
        {
            "rule_id": "CARD_CAP",
            "breaches_before": 1,
            "breaches_after": 2,
            "newly_breached": 1,
            "no_longer_breached": 0,
        }
    ]
    transitions = client.get(f"/api/v1/backtests/{started.json()['id']}/transitions/").json()
    assert [
        (t["declaration"], t["before"], t["after"], t["amount_mad"], t["rules_after"])
        for t in transitions["results"]
    ] == [(str(payments["a"].pk), "compliant", "breach", "1500000.00", ["CARD_CAP"])]
    assert _live() == live
    csv = client.get(f"/api/v1/backtests/{started.json()['id']}/export/")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "declaration,reference,participant,value_date,category,amount_mad,before,after,"
        "rules_before,rules_after"
    )
    assert lines[1] == (
        f'{payments["a"].pk},"\'=HYPERLINK(""x"")",{payments["a"].organisation_id},'
        "2026-03-01,SAAS_CLOUD,1500000.00,compliant,breach,,CARD_CAP"
    )
    # A finished backtest delivered again is left as it is.
    assert backtest_run(backtest_id=started.json()["id"]) is None
    assert BacktestTransition.objects.count() == 1


def test_a_sweep_returns_the_curve_of_breaches_participants_and_volume():
    version, _ = _history()
    client = client_for(regulator())
    started = client.post(
        "/api/v1/sweeps/",
        {
            "rulebook_version": str(version.pk),
            "rule_id": "CARD_CAP",
            "parameter": "cap_mad",
            "values": ["1000000.00", "2000000.00", "3000000.00"],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        format="json",
    )
    assert started.status_code == 202, started.content
    sweep_run(sweep_id=started.json()["id"])
    body = client.get(f"/api/v1/sweeps/{started.json()['id']}/").json()
    assert (body["status"], body["results"]) == (
        "done",
        [
            {
                "value": "1000000.00",
                "breaches": 2,
                "participants": 2,
                "volume_mad_blocked": "4000000.00",
            },
            {
                "value": "2000000.00",
                "breaches": 1,
                "participants": 1,
                "volume_mad_blocked": "2500000.00",
            },
            {"value": "3000000.00", "breaches": 0, "participants": 0, "volume_mad_blocked": "0.00"},
        ],
    )
    csv = client.get(f"/api/v1/sweeps/{started.json()['id']}/export/").content.decode("utf-8-sig")
    assert csv.splitlines() == [
        "cap_mad,breaches,participants,volume_mad_blocked",
        "1000000.00,2,2,4000000.00",
        "2000000.00,1,1,2500000.00",
        "3000000.00,0,0,0.00",
    ]


def test_a_sweep_of_a_non_numeric_parameter_is_refused_and_records_nothing():
    version, _ = _history()
    answer = client_for(regulator()).post(
        "/api/v1/sweeps/",
        {
            "rulebook_version": str(version.pk),
            "rule_id": "CARD_CAP",
            "parameter": "period",
            "values": ["1.00"],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "not_numeric_parameter"
    assert answer.json()["errors"][0]["pointer"] == "/parameter"
    assert Sweep.objects.count() == 0


def test_a_backtest_period_ending_before_it_starts_is_refused():
    version, _ = _history()
    answer = client_for(regulator()).post(
        "/api/v1/backtests/",
        {
            "rulebook_version": str(version.pk),
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
        },
        format="json",
    )
    assert (answer.status_code, answer.json()["code"]) == (400, "period_reversed")
    assert Backtest.objects.count() == 0


def test_startups_cannot_backtest():
    version, _ = _history()
    answer = client_for(make_user(username="founder-x")).post(
        "/api/v1/backtests/",
        {
            "rulebook_version": str(version.pk),
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        format="json",
    )
    assert answer.status_code == 403
    assert Backtest.objects.count() == 0
