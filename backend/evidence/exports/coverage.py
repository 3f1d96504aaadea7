"""What every export says of each rule's coverage in the period, from the report frozen in the
manifest (format 4 on): which rules evaluated declarations, which were not evaluated and why, in
French then English. A rule that evaluated nothing is said to be "not evaluated", never listed
as if applied. Packs built before the report was frozen say nothing of it, as they did."""

from __future__ import annotations

from typing import Any

from backend.rule_engine.text import FACT_LABEL_EN, FACT_LABEL_FR

MISSING_FR = {
    **FACT_LABEL_FR,
    "amount_mad": "montant en MAD (cours de change pas encore publié)",
    "service_performance_date": "date de réalisation du service",
    "expected_repatriation_date": "date de rapatriement attendue",
    "received_date": "date de réception des fonds",
    "counterparty_country": "pays de la contrepartie",
}
MISSING_EN = {
    **FACT_LABEL_EN,
    "amount_mad": "amount in MAD (exchange rate not published yet)",
    "service_performance_date": "service performance date",
    "expected_repatriation_date": "expected repatriation date",
    "received_date": "date the funds were received",
    "counterparty_country": "counterparty country",
}
STATUS_FR = {"evaluated": "évaluée", "not_evaluated": "NON ÉVALUÉE"}
STATUS_EN = {"evaluated": "evaluated", "not_evaluated": "NOT EVALUATED"}


def coverage_reports(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The frozen per-version reports ([] for a pack built before they were frozen)."""
    report = manifest.get("coverage_report")
    return report if isinstance(report, list) else []


def _version_name(report: dict[str, Any]) -> str:
    version = report["version"]
    return f"{version['rulebook']['name']} v{version['number']}"


def _missing(rule: dict[str, Any], labels: dict[str, str], times: str) -> str:
    parts = []
    for entry in rule["missing"]:
        label = labels.get(entry["fact"], entry["fact"])
        n = entry["declarations"]
        parts.append(label if n is None else f"{label} ({n} {times})")
    return ", ".join(parts)


def rule_status(manifest: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Each rule's coverage entry by (version label as `rulebook_rules` writes it, rule id)."""
    return {
        (_version_name(report), rule["rule_id"]): rule
        for report in coverage_reports(manifest)
        for rule in report["rules"]
    }


def coverage_cell(rule: dict[str, Any] | None) -> str:
    """A rule's coverage in one short English cell (a table column), or "" without a report."""
    if rule is None:
        return ""
    status = STATUS_EN[rule["status"]]
    if rule["evaluated"] is None:
        return status
    return f"{status}: {rule['evaluated']} of {rule['in_scope']} in scope"


def coverage_lines_fr(manifest: dict[str, Any]) -> list[str]:
    """Per version, the rules evaluated and those not, with what they lacked, in French."""
    lines = []
    for report in coverage_reports(manifest):
        rules = report["rules"]
        evaluated = sum(1 for r in rules if r["status"] == "evaluated")
        text = (
            f"Couverture des règles, {_version_name(report)} : {evaluated} règle(s) sur "
            f"{len(rules)} ont évalué au moins une déclaration de la période."
        )
        skipped = [r for r in rules if r["status"] == "not_evaluated"]
        if skipped:
            text += " Non évaluées (elles ne fondent aucun chiffre) : " + " ; ".join(
                f"{r['title_fr']} ({_why_fr(r)})" for r in skipped
            )
            text += "."
        lacking = [r for r in rules if r["status"] == "evaluated" and r["missing"]]
        if lacking:
            text += " Déclarations non évaluables faute de : " + " ; ".join(
                f"{r['title_fr']} : {_missing(r, MISSING_FR, 'décl.')}" for r in lacking
            )
            text += "."
        lines.append(text)
    return lines


def _why_fr(rule: dict[str, Any]) -> str:
    if rule["missing"]:
        return "faute de : " + _missing(rule, MISSING_FR, "décl.")
    if rule["in_scope"] is None:
        return "aucune déclaration évaluée"
    return "aucune déclaration dans son champ"


def _why_en(rule: dict[str, Any]) -> str:
    if rule["missing"]:
        return "lacking: " + _missing(rule, MISSING_EN, "decl.")
    if rule["in_scope"] is None:
        return "no declaration evaluated"
    return "no declaration in its scope"


def coverage_lines(manifest: dict[str, Any]) -> list[str]:
    """Per version, the rules evaluated and those not, with what they lacked, in English."""
    lines = []
    for report in coverage_reports(manifest):
        rules = report["rules"]
        evaluated = sum(1 for r in rules if r["status"] == "evaluated")
        text = (
            f"Rule coverage, {_version_name(report)}: {evaluated} of {len(rules)} rules "
            "evaluated at least one declaration of the period."
        )
        skipped = [r for r in rules if r["status"] == "not_evaluated"]
        if skipped:
            text += " Not evaluated (no figure rests on them): " + "; ".join(
                f"{r['title_en']} ({_why_en(r)})" for r in skipped
            )
            text += "."
        lacking = [r for r in rules if r["status"] == "evaluated" and r["missing"]]
        if lacking:
            text += " Declarations that could not be evaluated for want of: " + "; ".join(
                f"{r['title_en']}: {_missing(r, MISSING_EN, 'decl.')}" for r in lacking
            )
            text += "."
        lines.append(text)
    return lines
