"""What every export says of each rule's coverage in the period, from the report frozen in the
manifest (format 4 on): which rules evaluated declarations, which were not evaluated and why, in
French then English. A rule that evaluated nothing is said to be "not evaluated", never listed
as if applied. One function writes both languages from each language's words, the plural chosen
by the count. Packs built before the report was frozen say nothing of it, as they did."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from backend.rule_engine.plural import Language, plural
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


STATUS_FR = {"evaluated": "évaluée", "not_evaluated": "NON ÉVALUÉE"}


def coverage_cell_in(rule: dict[str, Any] | None, language: Language) -> str:
    """A rule's coverage in one short cell in the language, or "" without a report."""
    if language == "en" or rule is None:
        return coverage_cell(rule)
    status = STATUS_FR[rule["status"]]
    if rule["evaluated"] is None:
        return status
    return f"{status} : {rule['evaluated']} sur {rule['in_scope']} dans son champ"


@dataclass(frozen=True)
class Words:
    """One language's words for the coverage paragraph."""

    language: Language
    heading: str  # {version}; {evaluated}: how many rules evaluated, out of how many
    evaluated: tuple[str, str]  # one / other, chosen by the count `counted_by` names
    counted_by: Literal["evaluated", "total"]
    skipped: str
    lacking: str
    list_sep: str
    title_sep: str
    lacking_why: str
    none_evaluated: str
    none_in_scope: str
    declarations: str  # "(3 décl.)": an abbreviation, the same for every count
    missing: dict[str, str]
    title_key: str


WORDS: dict[Language, Words] = {
    "fr": Words(
        language="fr",
        heading="Couverture des règles, {version} : {evaluated} au moins une déclaration de la "
        "période.",
        evaluated=(
            "{evaluated} règle sur {total} a évalué",
            "{evaluated} règles sur {total} ont évalué",
        ),
        counted_by="evaluated",
        skipped=" Non évaluées (elles ne fondent aucun chiffre) : ",
        lacking=" Déclarations non évaluables faute de : ",
        list_sep=" ; ",
        title_sep=" : ",
        lacking_why="faute de : ",
        none_evaluated="aucune déclaration évaluée",
        none_in_scope="aucune déclaration dans son champ",
        declarations="décl.",
        missing=MISSING_FR,
        title_key="title_fr",
    ),
    "en": Words(
        language="en",
        heading="Rule coverage, {version}: {evaluated} at least one declaration of the period.",
        evaluated=(
            "{evaluated} of {total} rule evaluated",
            "{evaluated} of {total} rules evaluated",
        ),
        counted_by="total",
        skipped=" Not evaluated (no figure rests on them): ",
        lacking=" Declarations that could not be evaluated for want of: ",
        list_sep="; ",
        title_sep=": ",
        lacking_why="lacking: ",
        none_evaluated="no declaration evaluated",
        none_in_scope="no declaration in its scope",
        declarations="decl.",
        missing=MISSING_EN,
        title_key="title_en",
    ),
}


def _why(rule: dict[str, Any], words: Words) -> str:
    if rule["missing"]:
        return words.lacking_why + _missing(rule, words.missing, words.declarations)
    if rule["in_scope"] is None:
        return words.none_evaluated
    return words.none_in_scope


def coverage_lines_in(
    manifest: dict[str, Any], language: Language, rules: list[dict[str, Any]] | None = None
) -> list[str]:
    """Per version, the rules evaluated and those not, with what they lacked, in the language;
    each version named as `rules` name it in the language (from format 6), else by its key."""
    words = WORDS[language]
    names = {r["version"]: r.get(f"version_{language}") or r["version"] for r in rules or []}
    lines = []
    for report in coverage_reports(manifest):
        rules = report["rules"]
        counts = {
            "evaluated": sum(1 for r in rules if r["status"] == "evaluated"),
            "total": len(rules),
        }
        evaluated = plural(language, counts[words.counted_by], *words.evaluated).format(**counts)
        name = names.get(_version_name(report), _version_name(report))
        text = words.heading.format(version=name, evaluated=evaluated)
        skipped = [r for r in rules if r["status"] == "not_evaluated"]
        if skipped:
            text += words.skipped + words.list_sep.join(
                f"{r[words.title_key]} ({_why(r, words)})" for r in skipped
            )
            text += "."
        lacking = [r for r in rules if r["status"] == "evaluated" and r["missing"]]
        if lacking:
            text += words.lacking + words.list_sep.join(
                r[words.title_key]
                + words.title_sep
                + _missing(r, words.missing, words.declarations)
                for r in lacking
            )
            text += "."
        lines.append(text)
    return lines


def coverage_lines_fr(
    manifest: dict[str, Any], rules: list[dict[str, Any]] | None = None
) -> list[str]:
    """The coverage paragraphs in French."""
    return coverage_lines_in(manifest, "fr", rules)


def coverage_lines(
    manifest: dict[str, Any], rules: list[dict[str, Any]] | None = None
) -> list[str]:
    """The coverage paragraphs in English."""
    return coverage_lines_in(manifest, "en", rules)
