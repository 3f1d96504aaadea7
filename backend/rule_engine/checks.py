"""Row-wise checks: documents, countries, deadlines, eligibility and rate quality."""

from __future__ import annotations

from datetime import date

import numpy as np

from backend.rule_engine import text
from backend.rule_engine.categories import DOCUMENT_KINDS_BY_CODE
from backend.rule_engine.conditions import (
    evaluate_condition,
    fact_names,
    in_scope,
    missing_facts,
)
from backend.rule_engine.facts import NAT, Prepared, day_number
from backend.rule_engine.model import (
    CountryListParams,
    DeadlineParams,
    DocumentThresholdParams,
    EligibilityParams,
    RateStalenessParams,
    Rule,
)
from backend.rule_engine.result import (
    BREACH,
    COMPLIANT,
    NEEDS_REVIEW,
    OPEN,
    OUTCOME_CODE,
    PENDING_RATE,
    RuleResult,
    empty_result,
    new_result,
)

FR_OUTCOME = {BREACH: "non conforme", NEEDS_REVIEW: "à examiner"}
EN_OUTCOME = {BREACH: "breach", NEEDS_REVIEW: "to review"}


def _doc_label(code: str, lang: str) -> str:
    kind = DOCUMENT_KINDS_BY_CODE.get(code)
    if kind is None:
        return code
    return kind.label_fr.lower() if lang == "fr" else kind.label_en.lower()


def evaluate_document_threshold(f: Prepared, rule: Rule) -> RuleResult:
    """Above the threshold, every required document kind must be attached."""
    p = rule.params
    assert isinstance(p, DocumentThresholdParams)
    idx = np.flatnonzero(in_scope(f, rule.scope)).astype(np.int64)
    if len(idx) == 0:
        return empty_result(rule, "mad_minor")
    required = p.required_documents
    full = (1 << len(required)) - 1
    mask = f.doc_mask(required)[idx] if required else np.zeros(len(idx), dtype=np.int64)
    complete = mask == full
    amount, has_rate = f.amount[idx], f.has_rate[idx]
    # A zero threshold means "every payment": declared payments are positive, no rate needed.
    above = np.ones(len(idx), dtype=bool) if p.threshold_minor == 0 else amount > p.threshold_minor
    needs_amount = p.threshold_minor > 0
    failed = OUTCOME_CODE[p.missing_outcome]
    outcome = np.where(
        complete,
        COMPLIANT,
        np.where(needs_amount & ~has_rate, PENDING_RATE, np.where(above, failed, COMPLIANT)),
    )

    def explain(i: int) -> tuple[str, str]:
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        thr_fr, thr_en = text.mad_fr(p.threshold_minor), text.mad_en(p.threshold_minor)
        missing = [k for b, k in enumerate(required) if not int(mask[i]) >> b & 1]
        if outcome[i] in (BREACH, NEEDS_REVIEW):
            miss_fr = ", ".join(_doc_label(k, "fr") for k in missing)
            miss_en = ", ".join(_doc_label(k, "en") for k in missing)
            if p.threshold_minor == 0:
                return (
                    f"Pièces manquantes : {miss_fr} {ref_fr}",
                    f"Missing documents: {miss_en} {ref_en}",
                )
            amt_fr, amt_en = text.mad_fr(int(amount[i])), text.mad_en(int(amount[i]))
            return (
                f"Montant {amt_fr} au-delà du seuil de {thr_fr} sans : {miss_fr} {ref_fr}",
                f"Amount {amt_en} above the {thr_en} threshold without: {miss_en} {ref_en}",
            )
        if outcome[i] == PENDING_RATE:
            return (
                f"Montant inconnu faute de cours de change ; seuil documentaire {thr_fr} {ref_fr}",
                f"Amount unknown until a rate is available; document threshold {thr_en} {ref_en}",
            )
        if not required:
            return (
                f"Autorisé, aucune condition documentaire relevée {ref_fr}",
                f"Allowed, no documentary condition found {ref_en}",
            )
        if complete[i]:
            return (
                f"Pièces requises jointes {ref_fr}",
                f"Required documents attached {ref_en}",
            )
        return (
            f"Montant dans la limite du seuil documentaire de {thr_fr} {ref_fr}",
            f"Amount within the {thr_en} document threshold {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), "mad_minor", explain)
    res.measured, res.measured_valid = amount, has_rate.copy()
    res.limit = np.full(len(idx), p.threshold_minor, dtype=np.int64)
    res.limit_valid = np.ones(len(idx), dtype=bool)
    res.compliant_keys = [complete.astype(np.int64)]
    return res


def evaluate_country_list(f: Prepared, rule: Rule) -> RuleResult:
    """Counterparty country denied (breach), to review, outside an allow list, or unknown."""
    p = rule.params
    assert isinstance(p, CountryListParams)
    idx = np.flatnonzero(in_scope(f, rule.scope)).astype(np.int64)
    if len(idx) == 0:
        return empty_result(rule, "none")
    country = f.strings["counterparty_country"]
    codes = country.codes[idx]
    unknown = codes < 0
    outcome = np.full(len(idx), COMPLIANT, dtype=np.int64)
    if p.allow is not None:
        outcome[~country.isin(p.allow)[idx]] = NEEDS_REVIEW
    outcome[country.isin(p.review)[idx]] = NEEDS_REVIEW
    outcome[country.isin(p.deny)[idx]] = BREACH
    outcome[unknown] = OUTCOME_CODE[p.unknown_outcome]
    listed = f" « {p.list_name} »" if p.list_name else ""
    listed_en = f" ({p.list_name})" if p.list_name else ""

    def explain(i: int) -> tuple[str, str]:
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        if unknown[i]:
            return (
                f"Pays de la contrepartie inconnu {ref_fr}",
                f"Counterparty country unknown {ref_en}",
            )
        c = str(country.uniques[codes[i]])
        if outcome[i] == BREACH:
            return (
                f"Pays {c} interdit{listed} {ref_fr}",
                f"Country {c} denied{listed_en} {ref_en}",
            )
        if outcome[i] == NEEDS_REVIEW:
            return (
                f"Pays {c} à examiner{listed} {ref_fr}",
                f"Country {c} to review{listed_en} {ref_en}",
            )
        return (f"Pays {c} non listé {ref_fr}", f"Country {c} not listed {ref_en}")

    res = new_result(rule, idx, outcome.astype(np.int8), "none", explain)
    res.compliant_keys = [codes.astype(np.int64)]
    return res


def evaluate_deadline(f: Prepared, rule: Rule, as_of: date) -> RuleResult:
    """Days from start to end <= max_days. Without an end yet, the finding is `open` until its
    due date (start + max_days) and a breach from the day after: only then does ``as_of``
    matter, so a verdict never depends on when screening happened to run."""
    p = rule.params
    assert isinstance(p, DeadlineParams)
    idx = np.flatnonzero(in_scope(f, rule.scope)).astype(np.int64)
    if len(idx) == 0:
        return empty_result(rule, "days")
    start = f.day[idx] if p.start == "value_date" else f.dates[p.start][idx]
    end = f.day[idx] if p.end == "value_date" else f.dates[p.end][idx]
    today = day_number(as_of)
    has_start, has_end = start != NAT, end != NAT
    safe_start = np.where(has_start, start, 0)
    due = np.where(has_start, safe_start + p.max_days, NAT)
    elapsed = np.where(has_end, end, today) - safe_start
    outcome = np.where(
        ~has_start,
        OUTCOME_CODE[p.missing_start_outcome],
        np.where(
            has_end,
            np.where(elapsed > p.max_days, BREACH, COMPLIANT),
            np.where(today > due, BREACH, OPEN),
        ),
    )

    def explain(i: int) -> tuple[str, str]:
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        lim = p.max_days
        if not has_start[i]:
            return (
                f"Date de départ du délai ({p.start}) manquante ; délai de {lim} jours {ref_fr}",
                f"Start date of the deadline ({p.start}) missing; limit {lim} days {ref_en}",
            )
        due_fr, due_en = text.date_fr(int(due[i])), text.date_en(int(due[i]))
        if outcome[i] == COMPLIANT:
            return (
                f"Dans le délai de {lim} jours {ref_fr}",
                f"Within the {lim}-day limit {ref_en}",
            )
        if outcome[i] == OPEN:
            return (
                f"En cours : échéance le {due_fr} (délai de {lim} jours) {ref_fr}",
                f"Open: due by {due_en} ({lim}-day limit) {ref_en}",
            )
        if has_end[i]:
            d = int(elapsed[i])
            return (
                f"{d} jours entre {text.date_fr(int(start[i]))} et {text.date_fr(int(end[i]))}, "
                f"au-delà du délai de {lim} jours {ref_fr}",
                f"{d} days from {text.date_en(int(start[i]))} to {text.date_en(int(end[i]))} "
                f"exceeds the {lim}-day limit {ref_en}",
            )
        return (
            f"Échéance du {due_fr} dépassée sans réception (délai de {lim} jours) {ref_fr}",
            f"Due date {due_en} passed with nothing received ({lim}-day limit) {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), "days", explain)
    # Measured only once there is an end: a running count would change every day.
    res.measured, res.measured_valid = elapsed.astype(np.int64), has_start & has_end
    res.limit = np.full(len(idx), p.max_days, dtype=np.int64)
    res.limit_valid = np.ones(len(idx), dtype=bool)
    res.window_start, res.window_end = np.where(has_start, start, NAT), due.astype(np.int64)
    res.compliant_keys = []
    return res


def evaluate_eligibility(f: Prepared, rule: Rule) -> RuleResult:
    """In-scope declarations require the condition; unknown facts mean needs_review."""
    p = rule.params
    assert isinstance(p, EligibilityParams)
    idx = np.flatnonzero(in_scope(f, rule.scope)).astype(np.int64)
    if len(idx) == 0:
        return empty_result(rule, "none")
    value, known = evaluate_condition(f, p.requires)
    value, known = value[idx], known[idx]
    missing = np.where(known, 0, missing_facts(f, p.requires)[idx])
    outcome = np.where(
        ~known, NEEDS_REVIEW, np.where(value, COMPLIANT, OUTCOME_CODE[p.failure_outcome])
    )

    def explain(i: int) -> tuple[str, str]:
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        if outcome[i] == COMPLIANT:
            return (
                f"Conditions remplies : {rule.title_fr} {ref_fr}",
                f"Conditions met: {rule.title_en} {ref_en}",
            )
        if not known[i]:
            names = fact_names(int(missing[i]))
            return (
                f"{text.unknown_fr(names)} : impossible de vérifier « {rule.title_fr} » {ref_fr}",
                f"{text.unknown_en(names)}: cannot check “{rule.title_en}” {ref_en}",
            )
        return (
            f"Conditions non remplies : {rule.title_fr} {ref_fr}",
            f"Conditions not met: {rule.title_en} {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), "none", explain)
    res.compliant_keys = []
    res.missing = missing.astype(np.int64)
    return res


def evaluate_rate_staleness(f: Prepared, rule: Rule) -> RuleResult:
    """A rate older than max_lag_days publication days, or an estimate, is flagged."""
    p = rule.params
    assert isinstance(p, RateStalenessParams)
    lag = f.ints["rate_lag_days"]
    estimate = f.optional_bools["rate_is_estimate"]
    scope = in_scope(f, rule.scope) & (lag.valid | estimate.valid | ~f.has_rate)
    idx = np.flatnonzero(scope).astype(np.int64)
    if len(idx) == 0:
        return empty_result(rule, "days")
    has_rate = f.has_rate[idx]
    lag_v, lag_ok = lag.values[idx], lag.valid[idx]
    is_est = (estimate.values[idx] == 1) & estimate.valid[idx]
    stale = lag_ok & (lag_v > p.max_lag_days)
    outcome = np.where(
        ~has_rate,
        PENDING_RATE,
        np.where(
            is_est,
            OUTCOME_CODE[p.estimate_outcome],
            np.where(stale, OUTCOME_CODE[p.stale_outcome], COMPLIANT),
        ),
    )

    def explain(i: int) -> tuple[str, str]:
        ref_fr, ref_en = text.ref_fr(rule), text.ref_en(rule)
        lim = p.max_lag_days
        if outcome[i] == PENDING_RATE:
            return (
                f"Aucun cours de change utilisable {ref_fr}",
                f"No usable exchange rate {ref_en}",
            )
        if is_est[i]:
            return (f"Cours de change estimé {ref_fr}", f"Estimated exchange rate {ref_en}")
        if stale[i]:
            return (
                f"Cours de change de {int(lag_v[i])} jours de publication, au-delà de {lim} "
                f"{ref_fr}",
                f"Exchange rate {int(lag_v[i])} publication days old, more than {lim} {ref_en}",
            )
        return (
            f"Cours de change récent (au plus {lim} jours de publication) {ref_fr}",
            f"Recent exchange rate (at most {lim} publication days) {ref_en}",
        )

    res = new_result(rule, idx, outcome.astype(np.int8), "days", explain)
    res.measured, res.measured_valid = lag_v, lag_ok & has_rate
    res.limit = np.full(len(idx), p.max_lag_days, dtype=np.int64)
    res.limit_valid = np.ones(len(idx), dtype=bool)
    res.compliant_keys = []
    return res
