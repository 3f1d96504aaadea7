"""Documents, countries, structuring, deadlines, eligibility, rate quality, verdicts, inputs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import pytest

from backend.rates.calendar import is_publication_day, lookback_start
from backend.rates.conf import DEFAULT_LOOKBACK_PUBLICATION_DAYS
from backend.rule_engine import FactsInvalid, contributing_ids, evaluate, evaluate_many

from .conftest import finding, outcomes
from .factories import IN_FORCE, PROPOSAL, make_facts, one_rule, shipped

AS_OF = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("amount", "docs", "expected"),
    [
        (100_000_00, (), "compliant"),
        (100_000_01, ("contract", "invoice"), "breach"),
        (100_000_01, ("contract", "invoice", "proof_of_performance"), "compliant"),
        (5_000_000_00, ("proof_of_performance", "invoice", "contract", "other"), "compliant"),
    ],
)
def test_document_threshold(amount: int, docs: tuple[str, ...], expected: str) -> None:
    facts = make_facts([{"amount_mad_minor": amount, "document_kinds": docs}])
    assert outcomes(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "SVC_DOC_THRESHOLD") == {
        "d000": expected
    }


def test_document_threshold_explains_what_is_missing() -> None:
    facts = make_facts([{"amount_mad_minor": 150_000_00, "document_kinds": ("invoice",)}])
    f = finding(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "d000", "SVC_DOC_THRESHOLD")
    assert f["explanation_fr"] == (
        "Montant 150 000,00 MAD au-delà du seuil de 100 000,00 MAD sans : contrat, "
        "preuve de réalisation (Sandbox reference values 2026, valeur illustrative)"
    )
    proposed = evaluate(shipped(PROPOSAL), facts, as_of=AS_OF)
    assert outcomes(proposed, "SVC_DOC_THRESHOLD") == {"d000": "compliant"}


def test_documents_without_rate_pending_unless_complete() -> None:
    facts = make_facts([{"has_rate": False, "document_kinds": None}, {"has_rate": False}])
    assert outcomes(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "SVC_DOC_THRESHOLD") == {
        "d000": "pending_rate",
        "d001": "compliant",
    }


def test_trade_fair_fees_allowed_now_flagged_without_organiser_invoice_in_proposal() -> None:
    facts = make_facts(
        [
            {"category": "TRADE_FAIR", "document_kinds": ("invoice",)},
            {"category": "TRADE_FAIR", "document_kinds": ("organiser_invoice",)},
        ]
    )
    assert outcomes(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "TRADE_FAIR_FEES") == {
        "d000": "compliant",
        "d001": "compliant",
    }
    assert outcomes(evaluate(shipped(PROPOSAL), facts, as_of=AS_OF), "TRADE_FAIR_FEES") == {
        "d000": "needs_review",
        "d001": "compliant",
    }


def test_country_lists() -> None:
    rb = one_rule("COUNTRIES", "country_list", {"deny": ["KP"], "review": ["IR"]})
    facts = make_facts([{"counterparty_country": c} for c in ("KP", "IR", "FR", None)])
    assert outcomes(evaluate(rb, facts, as_of=AS_OF), "COUNTRIES") == {
        "d000": "breach",
        "d001": "needs_review",
        "d002": "compliant",
        "d003": "needs_review",
    }
    shipped_out = outcomes(
        evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "HIGH_RISK_JURISDICTION"
    )
    assert shipped_out == {
        "d000": "needs_review",
        "d001": "needs_review",
        "d002": "compliant",
        "d003": "needs_review",
    }


def _near(day: int, cp: str = "acme", amount: int = 95_000_00) -> dict[str, object]:
    return {
        "value_date": date(2026, 3, 1) + timedelta(days=day),
        "counterparty_key": cp,
        "amount_mad_minor": amount,
        "category": "FREELANCE_DEV",
        "channel": "transfer",
    }


@pytest.mark.parametrize(
    ("rows", "in_force", "proposed"),
    [
        pytest.param(
            [_near(0), _near(3), _near(6)],
            {"d000", "d001", "d002"},
            {"d000", "d001", "d002"},
            id="three-within-7-days",
        ),
        pytest.param(
            [_near(0), _near(3), _near(7)],
            set(),
            {"d000", "d001", "d002"},
            id="eighth-day-is-outside-7-but-inside-14",
        ),
        pytest.param(
            [_near(0), _near(1), _near(2, cp="other")], set(), set(), id="different-beneficiaries"
        ),
        pytest.param(
            [_near(0), _near(1), _near(2, amount=100_000_00)],
            set(),
            set(),
            id="at-the-threshold-is-not-near",
        ),
        pytest.param(
            [_near(0), _near(1), _near(2, amount=89_999_99)],
            set(),
            set(),
            id="below-90-percent-is-not-near",
        ),
        pytest.param(
            [_near(0), _near(1), _near(2, amount=90_000_00), _near(20)],
            {"d000", "d001", "d002"},
            {"d000", "d001", "d002"},
            id="split-payment-trips-structuring",
        ),
    ],
)
def test_structuring(rows: list[dict[str, object]], in_force: set[str], proposed: set[str]) -> None:
    facts = make_facts(rows)
    for name, expected in ((IN_FORCE, in_force), (PROPOSAL, proposed)):
        got = outcomes(evaluate(shipped(name), facts, as_of=AS_OF), "STRUCTURING_NEAR_CAP")
        assert {d for d, o in got.items() if o == "needs_review"} == expected
        assert {d for d, o in got.items() if o == "compliant"} == set(got) - expected


def test_a_long_structuring_window_names_its_latest_payments_and_the_whole_on_demand() -> None:
    # Twelve near-threshold payments a day apart to one beneficiary: one 14-day window.
    facts = make_facts([_near(i) for i in range(12)])
    found = evaluate(shipped(PROPOSAL), facts, as_of=AS_OF)
    f = finding(found, "d000", "STRUCTURING_NEAR_CAP")
    assert (f["measured_minor"], f["contributing_count"]) == (12, 12)
    assert f["contributing"] == tuple(f"d{i:03d}" for i in range(2, 12))
    rule = next(r for r in shipped(PROPOSAL).rules if r.id == "STRUCTURING_NEAR_CAP")
    assert contributing_ids(
        rule, facts, as_of=AS_OF, window_from=date(2026, 1, 1), window_to=date(2026, 12, 31)
    ) == tuple(f"d{i:03d}" for i in range(12))


def test_structuring_finding_details() -> None:
    facts = make_facts([_near(0), _near(3), _near(6)])
    f = finding(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "d001", "STRUCTURING_NEAR_CAP")
    assert (f["measured_minor"], f["limit_minor"], f["unit"]) == (3, 3, "count")
    assert (f["window_start"], f["window_end"]) == (date(2026, 3, 1), date(2026, 3, 7))
    assert f["contributing"] == ("d000", "d001", "d002")
    assert f["contributing_count"] == 3
    assert f["explanation_en"] == (
        "3 payments to the same beneficiary from 2026-03-01 to 2026-03-07, each between 90 % and "
        "100 % of the 100,000.00 MAD threshold (Supervisory control (not an IGOC rule), "
        "illustrative value)"
    )


def _receipt(**kw: object) -> dict[str, object]:
    return {
        "direction": "incoming",
        "category": "SERVICE_EXPORT_RECEIPT",
        "channel": "transfer",
        "service_performance_date": date(2026, 1, 1),
        **kw,
    }


@pytest.mark.parametrize(
    ("row", "as_of", "expected"),
    [
        (_receipt(received_date=date(2026, 4, 1)), AS_OF, ("compliant", 90)),
        (_receipt(received_date=date(2026, 4, 2)), AS_OF, ("breach", 91)),
        # Nothing received yet: open until the due date (no running count), a breach after.
        (_receipt(), date(2026, 3, 31), ("open", None)),
        (_receipt(), date(2026, 4, 1), ("open", None)),
        (_receipt(), date(2026, 4, 2), ("breach", None)),
        (_receipt(service_performance_date=None), AS_OF, ("needs_review", None)),
    ],
)
def test_repatriation_deadline(
    row: dict[str, object], as_of: date, expected: tuple[str, int | None]
) -> None:
    f = finding(
        evaluate(shipped(IN_FORCE), make_facts([row]), as_of=as_of),
        "d000",
        "SVC_EXPORT_REPATRIATION_DAYS",
    )
    assert (f["outcome"], f["measured_minor"]) == expected
    assert f["limit_minor"] == 90
    if f["outcome"] != "needs_review":
        assert (f["window_start"], f["window_end"]) == (date(2026, 1, 1), date(2026, 4, 1))


def test_repatriation_within_180_days_under_the_proposal() -> None:
    facts = make_facts([_receipt(received_date=date(2026, 6, 1))])
    assert outcomes(
        evaluate(shipped(PROPOSAL), facts, as_of=AS_OF), "SVC_EXPORT_REPATRIATION_DAYS"
    ) == {"d000": "compliant"}


def _invest(**kw: object) -> dict[str, object]:
    return {"category": "INVEST_ABROAD", "channel": "transfer", "is_cluster_member": False, **kw}


@pytest.mark.parametrize(
    ("row", "in_force", "proposed"),
    [
        (_invest(), "compliant", "compliant"),
        (
            _invest(labelled=False, incorporated_on=date(2023, 3, 2), certified_accounts=True),
            "compliant",
            "compliant",
        ),
        (
            _invest(labelled=False, incorporated_on=date(2023, 3, 3), certified_accounts=True),
            "breach",
            "breach",
        ),
        (
            _invest(labelled=False, incorporated_on=date(2020, 1, 1), certified_accounts=False),
            "breach",
            "breach",
        ),
        (_invest(labelled=False, incorporated_on=date(2020, 1, 1)), "needs_review", "needs_review"),
        (
            _invest(labelled=False, incorporated_on=date(2025, 1, 1), is_cluster_member=True),
            "breach",
            "compliant",
        ),
    ],
)
def test_investment_abroad_eligibility(
    row: dict[str, object], in_force: str, proposed: str
) -> None:
    facts = make_facts([row])
    for name, expected in ((IN_FORCE, in_force), (PROPOSAL, proposed)):
        got = outcomes(evaluate(shipped(name), facts, as_of=AS_OF), "INVEST_ABROAD_CONDITIONS")
        assert got == {"d000": expected}, name


def test_card_scope_eligibility_differs_between_rulebooks() -> None:
    facts = make_facts([{"category": "DIGITAL_ADS"}, {"category": "TELECOM"}])
    assert outcomes(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "ECOM_SCOPE") == {
        "d000": "breach",
        "d001": "compliant",
    }
    assert outcomes(evaluate(shipped(PROPOSAL), facts, as_of=AS_OF), "ECOM_SCOPE") == {
        "d000": "compliant",
        "d001": "compliant",
    }


def test_rate_staleness() -> None:
    facts = make_facts(
        [
            {"rate_lag_days": 1, "rate_is_estimate": False},
            {"rate_lag_days": 2, "rate_is_estimate": False},
            {"rate_lag_days": 0, "rate_is_estimate": True},
            {"rate_lag_days": None, "rate_is_estimate": None, "has_rate": False},
            {"rate_lag_days": None, "rate_is_estimate": None},
        ]
    )
    assert outcomes(evaluate(shipped(IN_FORCE), facts, as_of=AS_OF), "RATE_STALENESS") == {
        "d000": "compliant",
        "d001": "needs_review",
        "d002": "needs_review",
        "d003": "pending_rate",
    }


@pytest.mark.parametrize("rulebook", [IN_FORCE, PROPOSAL])
def test_rate_staleness_can_fire_under_the_lookback_used(rulebook: str) -> None:
    # Given the oldest rate the look-back lets a carry-forward reach: five publication days back
    # from Friday 3 April 2026 is Monday 30 March, four publication days before it (every day
    # between confirmed as skipped by BAM),
    value_date = date(2026, 4, 3)
    oldest = lookback_start(value_date, DEFAULT_LOOKBACK_PUBLICATION_DAYS)
    reachable = sum(
        is_publication_day(oldest + timedelta(days=n))
        for n in range(1, (value_date - oldest).days + 1)
    )
    assert (oldest, reachable) == (date(2026, 3, 30), 4)
    # then the shipped staleness rule flags it, and a rate one day old is not flagged.
    facts = make_facts(
        [
            {"rate_lag_days": reachable, "rate_is_estimate": False},
            {"rate_lag_days": 1, "rate_is_estimate": False},
        ]
    )
    assert outcomes(evaluate(shipped(rulebook), facts, as_of=AS_OF), "RATE_STALENESS") == {
        "d000": "needs_review",
        "d001": "compliant",
    }


def test_verdict_precedence_and_declarations_without_findings() -> None:
    facts = make_facts(
        [
            {"amount_mad_minor": 150_000_00, "document_kinds": (), "counterparty_country": "IR"},
            {"counterparty_country": "IR"},
            {"has_rate": False},
            {},
            {"direction": "incoming", "category": "SERVICE_EXPORT_RECEIPT", "has_rate": False},
            {
                "direction": "incoming",
                "category": "SERVICE_EXPORT_RECEIPT",
                "counterparty_country": "FR",
                "service_performance_date": date(2026, 5, 1),
            },
        ]
    )
    found = evaluate(
        one_rule(
            "DOCS",
            "document_threshold",
            {"threshold_mad": "100000.00", "required_documents": ["contract"]},
            {"directions": ["outgoing"]},
        ),
        facts,
        as_of=AS_OF,
    )
    # d002 has every document, yet without a rate it is never compliant.
    assert found.verdicts().to_dict() == {
        "d000": "breach",
        "d001": "compliant",
        "d002": "pending_rate",
        "d003": "compliant",
        "d004": "pending_rate",
        "d005": "compliant",
    }
    both = evaluate(shipped(IN_FORCE), facts, as_of=AS_OF).verdicts().to_dict()
    # d003 comes after d002 in the same annual card allowance: its running total is unknown.
    assert both == {
        "d000": "breach",
        "d001": "needs_review",
        "d002": "pending_rate",
        "d003": "pending_rate",
        "d004": "needs_review",
        "d005": "compliant",
    }


@pytest.mark.parametrize(
    ("mutate", "column"),
    [
        (
            lambda df: df.assign(amount_mad_minor=df["amount_mad_minor"].astype(float)),
            "amount_mad_minor",
        ),
        (lambda df: df.drop(columns=["has_rate"]), "has_rate"),
        (lambda df: df.assign(declaration_id="same"), "declaration_id"),
        (lambda df: df.assign(amount_mad_minor=-1), "amount_mad_minor"),
        (lambda df: df.assign(value_date=pd.NaT), "value_date"),
        (lambda df: df.assign(advance_share_bp=[0.5, None]), "advance_share_bp"),
        (lambda df: df.assign(labelled=[True, None]), "labelled"),
    ],
)
def test_bad_facts_are_refused_and_left_untouched(
    mutate: Callable[[pd.DataFrame], pd.DataFrame], column: str
) -> None:
    facts = mutate(make_facts([{}, {}]))
    before = facts.copy()
    with pytest.raises(FactsInvalid) as exc:
        evaluate(shipped(IN_FORCE), facts, as_of=AS_OF)
    assert column in {e.column for e in exc.value.errors}
    pd.testing.assert_frame_equal(facts, before)


def test_empty_facts_give_no_findings() -> None:
    found = evaluate(shipped(IN_FORCE), make_facts([]), as_of=AS_OF)
    assert len(found.frame) == 0
    assert found.verdicts().empty


def test_evaluate_many_equals_one_evaluation_per_rulebook() -> None:
    facts = make_facts([{"counterparty_country": "IR"}, {"has_rate": False}, {}])
    rulebooks = [shipped(IN_FORCE), shipped(PROPOSAL)]
    together = list(evaluate_many(rulebooks, facts, as_of=AS_OF))
    assert len(together) == 2
    for rulebook, found in zip(rulebooks, together, strict=True):
        alone = evaluate(rulebook, facts, as_of=AS_OF)
        pd.testing.assert_frame_equal(found.frame, alone.frame)
