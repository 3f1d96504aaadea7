"""Per-rule coverage counted from an evaluation's findings: what each rule decided, and what it
lacked where it could not (the MAD amount, a participant fact, a deadline's start date, the
counterparty's country)."""

from __future__ import annotations

from datetime import date

from backend.rule_engine import evaluate
from backend.rule_engine.coverage import outcome_counts, rule_coverage

from .factories import IN_FORCE, make_facts, shipped

AS_OF = date(2026, 6, 1)
RECEIPT = {
    "direction": "incoming",
    "category": "SERVICE_EXPORT_RECEIPT",
    "channel": "transfer",
    "value_date": date(2026, 3, 1),
    "received_date": date(2026, 3, 1),
}


def _coverage(rows, counted=None):
    rulebook = shipped(IN_FORCE)
    facts = make_facts(rows)
    return rule_coverage(rulebook, facts, evaluate(rulebook, facts, as_of=AS_OF).frame, counted)


def test_every_missing_input_is_named_and_counted() -> None:
    # Given a card payment without a rate, one by a company whose tax paid is unknown, a
    # receipt without its service performance date, one received in time, and a payment to
    # an unknown country,
    company = {"labelled": False, "tax_paid_last_fy_minor": None}
    cov = _coverage(
        [
            {"has_rate": False},
            {**company, "participant_id": "p2"},
            {**RECEIPT, "service_performance_date": None},
            {**RECEIPT, "service_performance_date": date(2026, 2, 1)},
            {"counterparty_country": None, "participant_id": "p3"},
        ]
    )
    # then the deadline evaluated one receipt and lacked the other's start date,
    deadline = cov["SVC_EXPORT_REPATRIATION_DAYS"]
    assert (deadline.in_scope, deadline.evaluated, deadline.not_evaluable) == (2, 1, 1)
    assert dict(deadline.missing) == {"service_performance_date": 1}
    assert outcome_counts(deadline) == {
        "compliant": 1,
        "breach": 0,
        "needs_review": 1,
        "pending_rate": 0,
        "open": 0,
    }
    # the company cap lacked the tax paid, the country list the country,
    assert dict(cov["ECOM_COMPANY_ANNUAL_CAP"].missing) == {"tax_paid_last_fy": 1}
    assert cov["ECOM_COMPANY_ANNUAL_CAP"].status == "not_evaluated"
    assert dict(cov["HIGH_RISK_JURISDICTION"].missing) == {"counterparty_country": 1}
    # the amount-based caps the MAD amount,
    assert dict(cov["ECOM_JEI_ANNUAL_CAP"].missing) == {"amount_mad": 1}
    # and a rule with nothing in scope evaluated nothing.
    assert cov["INVEST_ABROAD_JEI_CAP"].in_scope == 0
    assert cov["INVEST_ABROAD_JEI_CAP"].status == "not_evaluated"


def test_only_the_rows_asked_about_are_counted_and_chunks_add_up() -> None:
    rows = [{"participant_id": "p1"}, {"participant_id": "p2"}]
    one = _coverage(rows, counted=["d000"])
    assert one["ECOM_JEI_ANNUAL_CAP"].in_scope == 1
    both = _coverage(rows)
    one["ECOM_JEI_ANNUAL_CAP"].add(_coverage(rows, counted=["d001"])["ECOM_JEI_ANNUAL_CAP"])
    assert one["ECOM_JEI_ANNUAL_CAP"] == both["ECOM_JEI_ANNUAL_CAP"]
