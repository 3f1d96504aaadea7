"""Shared helpers for the rule-engine tests (pure: no database, no network)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from backend.rule_engine import Findings


def outcomes(findings: Findings, rule_id: str) -> dict[str, str]:
    """declaration_id -> outcome for one rule."""
    f = findings.frame
    sub = f[f["rule_id"] == rule_id]
    return dict(zip(sub["declaration_id"], sub["outcome"].astype(str), strict=True))


def finding(findings: Findings, declaration_id: str, rule_id: str) -> dict[str, Any]:
    """The single finding of a declaration under a rule, as a plain dict."""
    f = findings.frame
    sub = f[(f["rule_id"] == rule_id) & (f["declaration_id"] == declaration_id)]
    assert len(sub) == 1, sub
    rec = {str(k): v for k, v in sub.iloc[0].to_dict().items()}
    for k in ("measured_minor", "limit_minor"):
        rec[k] = None if pd.isna(rec[k]) else int(rec[k])
    for k in ("window_start", "window_end"):
        rec[k] = None if pd.isna(rec[k]) else rec[k].date()
    for k in ("outcome", "unit", "rule_id", "explanation_fr", "explanation_en"):
        rec[k] = str(rec[k])
    return rec
