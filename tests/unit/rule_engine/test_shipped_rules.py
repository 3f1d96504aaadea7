"""The law each shipped rule states, pinned with exact findings (issue 14, item 6): for every rule
of both shipped rulebooks, a table of situations and the finding of each payment under the rules
in force and under the sandbox proposal: outcome, measured value, limit, and the unknown facts it
hangs on. The year boundary, every unknown participant fact a rule reads (and one that does not
matter), deadlines met, missed and open on either side of their due date, advances under and over
30 % and the proposal's subscription override.

Amounts are MAD centimes; a row lists (declaration, outcome, measured, limit, missing facts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import pytest

from backend.rule_engine import evaluate

from .factories import IN_FORCE, PROPOSAL, make_facts, shipped

MAD = 100
AS_OF = date(2027, 6, 1)
CARD = {"channel": "card", "category": "SAAS_CLOUD"}
COMPANY = {"labelled": False, "has_fx_account": False}
INVEST = {"category": "INVEST_ABROAD", "channel": "transfer", "certified_accounts": True}
TRAVEL = {"category": "BUSINESS_TRAVEL", "channel": "card"}
RECEIPT = {
    "direction": "incoming",
    "category": "SERVICE_EXPORT_RECEIPT",
    "channel": "transfer",
    "value_date": date(2026, 4, 1),
    "service_performance_date": date(2026, 1, 10),
}
NEAR = {"channel": "transfer", "amount_mad_minor": 95_000 * MAD, "counterparty_key": "payee"}

Row = tuple[str, str, int | None, int | None, str]


@dataclass(frozen=True)
class Case:
    """A situation and the findings of one rule under each shipped rulebook."""

    name: str
    rule: str
    rows: list[dict[str, Any]]
    in_force: list[Row]
    proposed: list[Row]
    as_of: date = AS_OF


def day(text: str) -> date:
    return date.fromisoformat(text)


CASES = [
    # ---- the labelled startups' card allowance: 2,000,000 MAD in force, 4,000,000 proposed ----
    Case(
        "card allowance resets on 1 January",
        "ECOM_JEI_ANNUAL_CAP",
        [
            {**CARD, "value_date": day("2026-12-31"), "amount_mad_minor": 1_500_000 * MAD},
            {**CARD, "value_date": day("2027-01-01"), "amount_mad_minor": 1_500_000 * MAD},
            {**CARD, "value_date": day("2027-01-02"), "amount_mad_minor": 600_000 * MAD},
        ],
        [
            ("d000", "compliant", 150_000_000, 200_000_000, ""),
            ("d001", "compliant", 150_000_000, 200_000_000, ""),
            ("d002", "breach", 210_000_000, 200_000_000, ""),
        ],
        [
            ("d000", "compliant", 150_000_000, 400_000_000, ""),
            ("d001", "compliant", 150_000_000, 400_000_000, ""),
            ("d002", "compliant", 210_000_000, 400_000_000, ""),
        ],
    ),
    Case(
        "card allowance: whether the startup is labelled unknown",
        "ECOM_JEI_ANNUAL_CAP",
        [
            {**CARD, "labelled": None, "amount_mad_minor": 1_000 * MAD},
            {**CARD, "labelled": None, "amount_mad_minor": 2_500_000 * MAD},
        ],
        # Within the cap either way stays compliant; beyond it, whether the rule applies hangs
        # on the label.
        [
            ("d000", "compliant", 100_000, 200_000_000, ""),
            ("d001", "needs_review", 250_100_000, 200_000_000, "labelled"),
        ],
        [
            ("d000", "compliant", 100_000, 400_000_000, ""),
            ("d001", "compliant", 250_100_000, 400_000_000, ""),
        ],
    ),
    # ---- companies' card allowance: min(200,000 MAD, tax paid) in force, 500,000 proposed ----
    Case(
        "company allowance is the tax paid last year, per calendar year",
        "ECOM_COMPANY_ANNUAL_CAP",
        [
            {**CARD, **COMPANY, "value_date": day("2026-12-31"), "amount_mad_minor": 45_000 * MAD},
            {**CARD, **COMPANY, "value_date": day("2027-01-04"), "amount_mad_minor": 40_000 * MAD},
            {**CARD, **COMPANY, "value_date": day("2027-01-05"), "amount_mad_minor": 20_000 * MAD},
        ],
        [
            ("d000", "compliant", 4_500_000, 5_000_000, ""),
            ("d001", "compliant", 4_000_000, 5_000_000, ""),
            ("d002", "breach", 6_000_000, 5_000_000, ""),
        ],
        [
            ("d000", "compliant", 4_500_000, 50_000_000, ""),
            ("d001", "compliant", 4_000_000, 50_000_000, ""),
            ("d002", "compliant", 6_000_000, 50_000_000, ""),
        ],
    ),
    Case(
        "company allowance: tax paid last year unknown",
        "ECOM_COMPANY_ANNUAL_CAP",
        [
            {**CARD, **COMPANY, "tax_paid_last_fy_minor": None, "amount_mad_minor": 30_000 * MAD},
            {**CARD, **COMPANY, "tax_paid_last_fy_minor": None, "amount_mad_minor": 250_000 * MAD},
        ],
        # Between a cap of 0 and 200,000 MAD: no limit can be stated; beyond every cap it may
        # have, a breach.
        [
            ("d000", "needs_review", 3_000_000, None, "tax_paid_last_fy"),
            ("d001", "breach", 28_000_000, None, ""),
        ],
        [
            ("d000", "compliant", 3_000_000, 50_000_000, ""),
            ("d001", "compliant", 28_000_000, 50_000_000, ""),
        ],
    ),
    Case(
        "company allowance: whether it holds a foreign-currency account unknown",
        "ECOM_COMPANY_ANNUAL_CAP",
        [{**CARD, "labelled": False, "has_fx_account": None, "amount_mad_minor": 300_000 * MAD}],
        [("d000", "needs_review", 30_000_000, 5_000_000, "has_fx_account")],
        [("d000", "compliant", 30_000_000, 50_000_000, "")],
    ),
    # ---- card allowance only for services linked to the activity ----
    Case(
        "card allowance scope: which services",
        "ECOM_SCOPE",
        [
            {**CARD},
            {**CARD, "category": "DIGITAL_ADS"},
            {**CARD, "category": "IP_LICENCE"},
            {**CARD, "category": "DIGITAL_ADS", "has_fx_account": None},
        ],
        [
            ("d000", "compliant", None, None, ""),
            ("d001", "breach", None, None, ""),
            ("d002", "breach", None, None, ""),
            ("d003", "needs_review", None, None, "has_fx_account"),
        ],
        [
            ("d000", "compliant", None, None, ""),
            ("d001", "compliant", None, None, ""),
            ("d002", "breach", None, None, ""),
            ("d003", "compliant", None, None, ""),
        ],
    ),
    # ---- advances: 30 % of a one-off service; the proposal's subscriptions up to 100 % ----
    Case(
        "advance share under, at and over 30 %, and subscriptions",
        "SVC_ADVANCE_MAX_PCT",
        [
            {"advance_share_bp": 2_500, "subscription_months": None},
            {"advance_share_bp": 3_000, "subscription_months": None},
            {"advance_share_bp": 3_001, "subscription_months": None},
            {"advance_share_bp": 4_000, "subscription_months": None},
            {"advance_share_bp": 10_000, "subscription_months": 12},
            {"advance_share_bp": 10_000, "subscription_months": 24},
            {"advance_share_bp": None, "subscription_months": None},  # a settlement
        ],
        [
            ("d000", "compliant", 2_500, 3_000, ""),
            ("d001", "compliant", 3_000, 3_000, ""),
            ("d002", "breach", 3_001, 3_000, ""),
            ("d003", "breach", 4_000, 3_000, ""),
            ("d004", "breach", 10_000, 3_000, ""),
            ("d005", "breach", 10_000, 3_000, ""),
        ],
        [
            ("d000", "compliant", 2_500, 3_000, ""),
            ("d001", "compliant", 3_000, 3_000, ""),
            ("d002", "breach", 3_001, 3_000, ""),
            ("d003", "breach", 4_000, 3_000, ""),
            ("d004", "compliant", 10_000, 10_000, ""),
            ("d005", "breach", 10_000, 3_000, ""),
        ],
    ),
    # ---- documents above 100,000 MAD in force (illustrative), 250,000 proposed ----
    Case(
        "documents above the threshold",
        "SVC_DOC_THRESHOLD",
        [
            {"amount_mad_minor": 100_000 * MAD, "document_kinds": ()},
            {"amount_mad_minor": 100_000 * MAD + 1, "document_kinds": ("contract", "invoice")},
            {"amount_mad_minor": 300_000 * MAD, "document_kinds": ()},
            {"amount_mad_minor": 0, "has_rate": False, "document_kinds": ()},
        ],
        [
            ("d000", "compliant", 10_000_000, 10_000_000, ""),
            ("d001", "breach", 10_000_001, 10_000_000, ""),
            ("d002", "breach", 30_000_000, 10_000_000, ""),
            ("d003", "pending_rate", None, 10_000_000, ""),
        ],
        [
            ("d000", "compliant", 10_000_000, 25_000_000, ""),
            ("d001", "compliant", 10_000_001, 25_000_000, ""),
            ("d002", "breach", 30_000_000, 25_000_000, ""),
            ("d003", "pending_rate", None, 25_000_000, ""),
        ],
    ),
    # ---- investment abroad ----
    Case(
        "labelled startups' investment abroad, per calendar year",
        "INVEST_ABROAD_JEI_CAP",
        [
            {**INVEST, "value_date": day("2026-12-31"), "amount_mad_minor": 9_000_000 * MAD},
            {**INVEST, "value_date": day("2027-01-01"), "amount_mad_minor": 9_000_000 * MAD},
            {**INVEST, "value_date": day("2027-02-01"), "amount_mad_minor": 2_000_000 * MAD},
        ],
        [
            ("d000", "compliant", 900_000_000, 1_000_000_000, ""),
            ("d001", "compliant", 900_000_000, 1_000_000_000, ""),
            ("d002", "breach", 1_100_000_000, 1_000_000_000, ""),
        ],
        [
            ("d000", "compliant", 900_000_000, 2_000_000_000, ""),
            ("d001", "compliant", 900_000_000, 2_000_000_000, ""),
            ("d002", "compliant", 1_100_000_000, 2_000_000_000, ""),
        ],
    ),
    Case(
        "conditions of investing abroad, every fact they read known",
        "INVEST_ABROAD_CONDITIONS",
        [
            {**INVEST},
            {**INVEST, "labelled": False},
            {**INVEST, "labelled": False, "certified_accounts": False},
            {
                **INVEST,
                "labelled": False,
                "certified_accounts": False,
                "is_cluster_member": False,
            },
            {**INVEST, "labelled": False, "incorporated_on": day("2023-03-03")},
        ],
        # Incorporated 2023-03-03, paying on 2026-03-02: one day short of three whole years.
        [
            ("d000", "compliant", None, None, ""),
            ("d001", "compliant", None, None, ""),
            ("d002", "breach", None, None, ""),
            ("d003", "breach", None, None, ""),
            ("d004", "breach", None, None, ""),
        ],
        [
            ("d000", "compliant", None, None, ""),
            ("d001", "compliant", None, None, ""),
            ("d002", "compliant", None, None, ""),
            ("d003", "breach", None, None, ""),
            ("d004", "compliant", None, None, ""),
        ],
    ),
    Case(
        "conditions of investing abroad, each fact they read unknown",
        "INVEST_ABROAD_CONDITIONS",
        [
            {**INVEST, "labelled": False, "certified_accounts": None, "is_cluster_member": False},
            {**INVEST, "labelled": False, "incorporated_on": None, "is_cluster_member": False},
            {
                **INVEST,
                "labelled": None,
                "incorporated_on": day("2025-06-01"),
                "is_cluster_member": False,
            },
            {
                **INVEST,
                "labelled": False,
                "certified_accounts": None,
                "is_cluster_member": None,
            },
        ],
        [
            ("d000", "needs_review", None, None, "certified_accounts"),
            ("d001", "needs_review", None, None, "incorporated_on"),
            ("d002", "needs_review", None, None, "labelled"),
            ("d003", "needs_review", None, None, "certified_accounts"),
        ],
        [
            ("d000", "needs_review", None, None, "certified_accounts"),
            ("d001", "needs_review", None, None, "incorporated_on"),
            ("d002", "needs_review", None, None, "labelled"),
            ("d003", "needs_review", None, None, "certified_accounts,is_cluster_member"),
        ],
    ),
    Case(
        "any company's investment abroad, per calendar year",
        "INVEST_ABROAD_COMPANY_CAP",
        [
            {**INVEST, "value_date": day("2026-11-02"), "amount_mad_minor": 150_000_000 * MAD},
            {**INVEST, "value_date": day("2026-12-31"), "amount_mad_minor": 60_000_000 * MAD},
            {**INVEST, "value_date": day("2027-01-01"), "amount_mad_minor": 60_000_000 * MAD},
        ],
        [
            ("d000", "compliant", 15_000_000_000, 20_000_000_000, ""),
            ("d001", "breach", 21_000_000_000, 20_000_000_000, ""),
            ("d002", "compliant", 6_000_000_000, 20_000_000_000, ""),
        ],
        [
            ("d000", "compliant", 15_000_000_000, 20_000_000_000, ""),
            ("d001", "breach", 21_000_000_000, 20_000_000_000, ""),
            ("d002", "compliant", 6_000_000_000, 20_000_000_000, ""),
        ],
    ),
    # ---- repatriation: 90 days in force, 180 proposed, from the service to the money ----
    Case(
        "repatriation received on day 90, day 91 and day 181, and a date missing",
        "SVC_EXPORT_REPATRIATION_DAYS",
        [
            {**RECEIPT, "received_date": day("2026-04-10")},
            {**RECEIPT, "received_date": day("2026-04-11")},
            {**RECEIPT, "value_date": day("2026-07-10"), "received_date": day("2026-07-10")},
            {**RECEIPT, "service_performance_date": None, "received_date": day("2026-04-01")},
        ],
        [
            ("d000", "compliant", 90, 90, ""),
            ("d001", "breach", 91, 90, ""),
            ("d002", "breach", 181, 90, ""),
            ("d003", "needs_review", None, 90, ""),
        ],
        [
            ("d000", "compliant", 90, 180, ""),
            ("d001", "compliant", 91, 180, ""),
            ("d002", "breach", 181, 180, ""),
            ("d003", "needs_review", None, 180, ""),
        ],
    ),
    Case(
        "a receipt still expected on its due date is open",
        "SVC_EXPORT_REPATRIATION_DAYS",
        [{**RECEIPT, "received_date": None}],
        [("d000", "open", None, 90, "")],
        [("d000", "open", None, 180, "")],
        as_of=day("2026-04-10"),
    ),
    Case(
        "a receipt still expected the day after its due date is a breach",
        "SVC_EXPORT_REPATRIATION_DAYS",
        [{**RECEIPT, "received_date": None}],
        [("d000", "breach", None, 90, "")],
        [("d000", "open", None, 180, "")],
        as_of=day("2026-04-11"),
    ),
    # ---- business travel: 1,000,000 MAD, 1,500,000 for categorised operators ----
    Case(
        "business travel allowance and the categorised operators' override",
        "BIZ_TRAVEL_ANNUAL_CAP",
        [
            {**TRAVEL, "participant_id": "p1", "amount_mad_minor": 900_000 * MAD},
            {**TRAVEL, "participant_id": "p1", "amount_mad_minor": 200_000 * MAD},
            {
                **TRAVEL,
                "participant_id": "p2",
                "categorised_operator": True,
                "amount_mad_minor": 1_100_000 * MAD,
            },
            {
                **TRAVEL,
                "participant_id": "p3",
                "value_date": day("2026-12-31"),
                "amount_mad_minor": 900_000 * MAD,
            },
            {
                **TRAVEL,
                "participant_id": "p3",
                "value_date": day("2027-01-01"),
                "amount_mad_minor": 900_000 * MAD,
            },
        ],
        [
            ("d000", "compliant", 90_000_000, 100_000_000, ""),
            ("d001", "breach", 110_000_000, 100_000_000, ""),
            ("d002", "compliant", 110_000_000, 150_000_000, ""),
            ("d003", "compliant", 90_000_000, 100_000_000, ""),
            ("d004", "compliant", 90_000_000, 100_000_000, ""),
        ],
        [
            ("d000", "compliant", 90_000_000, 100_000_000, ""),
            ("d001", "breach", 110_000_000, 100_000_000, ""),
            ("d002", "compliant", 110_000_000, 150_000_000, ""),
            ("d003", "compliant", 90_000_000, 100_000_000, ""),
            ("d004", "compliant", 90_000_000, 100_000_000, ""),
        ],
    ),
    Case(
        "business travel: categorised status or FX account unknown; pre-revenue unknown is moot",
        "BIZ_TRAVEL_ANNUAL_CAP",
        [
            {
                **TRAVEL,
                "participant_id": "p1",
                "categorised_operator": None,
                "amount_mad_minor": 900_000 * MAD,
            },
            {
                **TRAVEL,
                "participant_id": "p1",
                "categorised_operator": None,
                "amount_mad_minor": 200_000 * MAD,
            },
            {
                **TRAVEL,
                "participant_id": "p2",
                "has_fx_account": None,
                "amount_mad_minor": 1_100_000 * MAD,
            },
            {
                **TRAVEL,
                "participant_id": "p3",
                "pre_revenue": None,
                "amount_mad_minor": 1_100_000 * MAD,
            },
        ],
        # With the override unknown the cap is 1,000,000 or 1,500,000 MAD: no limit is stated.
        # The proposal's pre-revenue floor (300,000 MAD) is below the cap: it cannot matter.
        [
            ("d000", "compliant", 90_000_000, None, ""),
            ("d001", "needs_review", 110_000_000, None, "categorised_operator"),
            ("d002", "needs_review", 110_000_000, 100_000_000, "has_fx_account"),
            ("d003", "breach", 110_000_000, 100_000_000, ""),
        ],
        [
            ("d000", "compliant", 90_000_000, None, ""),
            ("d001", "needs_review", 110_000_000, None, "categorised_operator"),
            ("d002", "needs_review", 110_000_000, 100_000_000, "has_fx_account"),
            ("d003", "breach", 110_000_000, 100_000_000, ""),
        ],
    ),
    # ---- trade fairs: allowed in force; the proposal wants the organiser's invoice ----
    Case(
        "trade fair fees",
        "TRADE_FAIR_FEES",
        [
            {"category": "TRADE_FAIR", "channel": "transfer", "document_kinds": ("invoice",)},
            {
                "category": "TRADE_FAIR",
                "channel": "transfer",
                "document_kinds": ("organiser_invoice",),
            },
        ],
        [("d000", "compliant", 100_000, 0, ""), ("d001", "compliant", 100_000, 0, "")],
        [("d000", "needs_review", 100_000, 0, ""), ("d001", "compliant", 100_000, 0, "")],
    ),
    # ---- the country list, structuring and the rate used ----
    Case(
        "counterparty countries",
        "HIGH_RISK_JURISDICTION",
        [
            {"counterparty_country": "IE"},
            {"counterparty_country": "KP"},
            {"counterparty_country": None},
        ],
        [
            ("d000", "compliant", None, None, ""),
            ("d001", "needs_review", None, None, ""),
            ("d002", "needs_review", None, None, ""),
        ],
        [
            ("d000", "compliant", None, None, ""),
            ("d001", "needs_review", None, None, ""),
            ("d002", "needs_review", None, None, ""),
        ],
    ),
    Case(
        "three payments just under 100,000 MAD to one payee within 7, then 11 days",
        "STRUCTURING_NEAR_CAP",
        [
            {**NEAR, "value_date": day("2026-03-02")},
            {**NEAR, "value_date": day("2026-03-05")},
            {**NEAR, "value_date": day("2026-03-08")},
            {**NEAR, "participant_id": "p2", "value_date": day("2026-03-02")},
            {**NEAR, "participant_id": "p2", "value_date": day("2026-03-06")},
            {**NEAR, "participant_id": "p2", "value_date": day("2026-03-12")},
        ],
        [
            ("d000", "needs_review", 3, 3, ""),
            ("d001", "needs_review", 3, 3, ""),
            ("d002", "needs_review", 3, 3, ""),
            ("d003", "compliant", None, None, ""),
            ("d004", "compliant", None, None, ""),
            ("d005", "compliant", None, None, ""),
        ],
        [
            ("d000", "needs_review", 3, 3, ""),
            ("d001", "needs_review", 3, 3, ""),
            ("d002", "needs_review", 3, 3, ""),
            ("d003", "needs_review", 3, 3, ""),
            ("d004", "needs_review", 3, 3, ""),
            ("d005", "needs_review", 3, 3, ""),
        ],
    ),
    Case(
        "the rate used: its lag, an estimate, none yet",
        "RATE_STALENESS",
        [
            {"rate_lag_days": 1, "rate_is_estimate": False},
            {"rate_lag_days": 2, "rate_is_estimate": False},
            {"rate_lag_days": 0, "rate_is_estimate": True},
            {
                "has_rate": False,
                "amount_mad_minor": 0,
                "rate_lag_days": None,
                "rate_is_estimate": None,
            },
        ],
        [
            ("d000", "compliant", 1, 1, ""),
            ("d001", "needs_review", 2, 1, ""),
            ("d002", "needs_review", 0, 1, ""),
            ("d003", "pending_rate", None, 1, ""),
        ],
        [
            ("d000", "compliant", 1, 1, ""),
            ("d001", "needs_review", 2, 1, ""),
            ("d002", "needs_review", 0, 1, ""),
            ("d003", "pending_rate", None, 1, ""),
        ],
    ),
]


def _findings(rulebook: str, case: Case) -> list[Row]:
    frame = evaluate(shipped(rulebook), make_facts(case.rows), as_of=case.as_of).frame
    mine = frame[frame["rule_id"] == case.rule]
    return [
        (
            str(d),
            str(o),
            None if pd.isna(m) else int(m),
            None if pd.isna(lim) else int(lim),
            str(missing),
        )
        for d, o, m, lim, missing in zip(
            mine["declaration_id"],
            mine["outcome"],
            mine["measured_minor"],
            mine["limit_minor"],
            mine["missing_facts"],
            strict=True,
        )
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_shipped_rule_gives_exactly_these_findings(case: Case) -> None:
    assert sorted(_findings(IN_FORCE, case)) == case.in_force
    assert sorted(_findings(PROPOSAL, case)) == case.proposed


def test_every_shipped_rule_has_its_table() -> None:
    rules = {r.id for name in (IN_FORCE, PROPOSAL) for r in shipped(name).rules}
    assert rules == {c.rule for c in CASES}
