"""Builders for facts frames and small rulebooks used across the rule-engine tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from backend.rule_engine import Rulebook, load_rulebook_yaml, parse_rulebook

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "rulebooks"
IN_FORCE = "igoc-2026-in-force.yaml"
PROPOSAL = "sandbox-proposal-2026.yaml"
ALL_DOCS = ("contract", "invoice", "proof_of_performance")

DEFAULT_ROW: dict[str, Any] = {
    "participant_id": "p1",
    "value_date": date(2026, 3, 2),
    "direction": "outgoing",
    "category": "SAAS_CLOUD",
    "channel": "card",
    "counterparty_country": "IE",
    "counterparty_key": "cloudco",
    "amount_mad_minor": 1_000_00,
    "has_rate": True,
    "document_kinds": ALL_DOCS,
    "service_performance_date": None,
    "expected_repatriation_date": None,
    "received_date": None,
    "advance_share_bp": None,
    "labelled": True,
    "labelled_since": None,
    "incorporated_on": date(2020, 6, 1),
    "has_fx_account": False,
    "categorised_operator": False,
    "tax_paid_last_fy_minor": 50_000_00,
    "cluster": "MNC",
    "sector": "software",
    "region": "Casablanca-Settat",
    "is_cluster_member": True,
    "pre_revenue": False,
}


def make_facts(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A facts frame with documented dtypes; each row overrides DEFAULT_ROW."""
    records = []
    for i, r in enumerate(rows):
        rec = {"declaration_id": f"d{i:03d}", "created_seq": i, **DEFAULT_ROW, **r}
        records.append(rec)
    df = pd.DataFrame.from_records(records)
    if df.empty:
        df = pd.DataFrame(columns=["declaration_id", "created_seq", *DEFAULT_ROW])
    df["created_seq"] = df["created_seq"].astype("int64")
    df["amount_mad_minor"] = df["amount_mad_minor"].astype("int64")
    # A participant fact may be unknown (None): then the column is nullable.
    tax = df["tax_paid_last_fy_minor"]
    df["tax_paid_last_fy_minor"] = tax.astype("Int64" if tax.isna().any() else "int64")
    df["has_rate"] = df["has_rate"].astype(bool)
    for c in (
        "labelled",
        "has_fx_account",
        "categorised_operator",
        "is_cluster_member",
        "pre_revenue",
    ):
        df[c] = df[c].astype("boolean" if df[c].isna().any() else bool)
    df["advance_share_bp"] = df["advance_share_bp"].astype("Int64")
    for c in (
        "value_date",
        "service_performance_date",
        "expected_repatriation_date",
        "received_date",
        "labelled_since",
        "incorporated_on",
    ):
        df[c] = pd.to_datetime(df[c])
    for c in ("subscription_months", "rate_lag_days"):
        if c in df.columns:
            df[c] = df[c].astype("Int64")
    for c in ("certified_accounts", "rate_is_estimate"):
        if c in df.columns:
            df[c] = df[c].astype("boolean")
    return df


def shipped(name: str) -> Rulebook:
    """One of the rulebooks shipped in fixtures/rulebooks."""
    return parse_rulebook(load_rulebook_yaml((FIXTURES / name).read_text("utf-8")))


def rule_doc(
    rule_id: str,
    kind: str,
    params: dict[str, Any],
    scope: dict[str, Any] | None = None,
    confidence: str = "illustrative",
) -> dict[str, Any]:
    """A rule entry of a rulebook document."""
    return {
        "id": rule_id,
        "kind": kind,
        "title": {"fr": f"Règle {rule_id}", "en": f"Rule {rule_id}"},
        "scope": scope or {},
        "params": params,
        "severity": "high",
        "citation": {"instrument": "Test proposal", "edition": "2026"},
        "confidence": confidence,
    }


def rulebook_doc(*rules: dict[str, Any]) -> dict[str, Any]:
    """A rulebook document around the given rules."""
    return {
        "rulebook": {"name": "Test rulebook", "kind": "in_force"},
        "version": {"effective_from": "2026-01-01"},
        "rules": list(rules),
    }


def one_rule(
    rule_id: str,
    kind: str,
    params: dict[str, Any],
    scope: dict[str, Any] | None = None,
    confidence: str = "illustrative",
) -> Rulebook:
    """A parsed rulebook holding one rule."""
    return parse_rulebook(rulebook_doc(rule_doc(rule_id, kind, params, scope, confidence)))
