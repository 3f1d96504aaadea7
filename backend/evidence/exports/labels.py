"""What a reader sees for every code of an export, in French and in English (manifest format 6
on): table and column names, verdict pairs, bases, rate methods, decision outcomes, clusters,
confidence tags, and a rule's title and rulebook name in the reader's language. A pack built
before format 6 keeps its files as they were built (see `BILINGUAL_FORMAT`)."""

from __future__ import annotations

from typing import Any, Literal

from backend.evidence.cube.axes import TOTAL
from backend.evidence.exports.chart_text import CLUSTERS, TEXTS, tick_label
from backend.evidence.exports.methodology import (
    BASIS_LABELS,
    BASIS_LABELS_FR,
    BILINGUAL_FORMAT,
    ILLUSTRATIVE_NOTE,
    ILLUSTRATIVE_NOTE_FR,
    METHOD_PHRASES,
    METHOD_PHRASES_FR,
    PAIR_LABELS,
    PAIR_LABELS_FR,
)
from backend.evidence.exports.sources import CONFIDENCE_FR
from backend.notifications.messages import OUTCOMES

Language = Literal["fr", "en"]


def bilingual(manifest: dict[str, Any]) -> bool:
    """Whether the manifest's files are written wholly in each language."""
    return int(manifest.get("format", 0)) >= BILINGUAL_FORMAT


TABLE_NAMES: dict[Language, dict[str, str]] = {
    "fr": {
        "pairs": "Couples de verdicts",
        "monthly": "Par mois",
        "by_category": "Par catégorie",
        "by_cluster": "Par cluster",
        "by_country": "Par pays",
        "allowance": "Dotations",
        "reviews": "Décisions",
        "conversions": "Conversions",
    },
    "en": {
        "pairs": "Verdict pairs",
        "monthly": "By month",
        "by_category": "By category",
        "by_cluster": "By cluster",
        "by_country": "By country",
        "allowance": "Allowances",
        "reviews": "Decisions",
        "conversions": "Conversions",
    },
}
COLUMN_NAMES: dict[Language, dict[str, str]] = {
    "fr": {
        "table": "Tableau",
        "scope": "Périmètre",
        "month": "Mois",
        "category": "Catégorie de paiement",
        "cluster": "Cluster",
        "country": "Pays de la contrepartie",
        "bucket": "Part de la dotation utilisée (%)",
        "allowance": "Dotation",
        "outcome": "Décision",
        "method": "Méthode de conversion",
        "pair": "Couple de verdicts",
        "basis": "Fondement",
        "declarations": "Déclarations",
        "cases": "Dossiers",
        "participants": "Participants",
        "mad": "MAD",
        "used_mad": "MAD utilisés",
        "days_total": "Jours jusqu'à la décision (total)",
        "documents_requested": "Documents demandés",
        "suppressed": "Masqué",
    },
    "en": {
        "table": "Table",
        "scope": "Scope",
        "month": "Month",
        "category": "Payment category",
        "cluster": "Cluster",
        "country": "Counterparty country",
        "bucket": "Share of the allowance used (%)",
        "allowance": "Allowance",
        "outcome": "Decision",
        "method": "Conversion method",
        "pair": "Verdict pair",
        "basis": "Basis",
        "declarations": "Declarations",
        "cases": "Cases",
        "participants": "Participants",
        "mad": "MAD",
        "used_mad": "MAD used",
        "days_total": "Days to decision (total)",
        "documents_requested": "Documents requested",
        "suppressed": "Suppressed",
    },
}
# Words of the files' own furniture: sheet names, headings, yes and hidden.
WORDS: dict[Language, dict[str, str]] = {
    "fr": {
        "headline": "Synthèse",
        "charts": "Graphiques",
        "sources": "Sources",
        "rulebooks": "Référentiels",
        "methodology": "Méthodologie",
        "hidden": "masqué",
        "yes": "oui",
        "no_data": "aucune donnée",
        "version": "Version du référentiel",
        "rule": "Règle",
        "title": "Intitulé",
        "citation": "Référence",
        "confidence": "Niveau de confiance",
        "note": "Remarque",
        "coverage": "Couverture sur la période",
        "law_mad": "fondé en droit (MAD)",
        "illustrative_mad": "illustratif (MAD)",
        "all": "Tous",
        "no_cluster": CLUSTERS.get("NONE", "Hors cluster"),
    },
    "en": {
        "headline": "Headline",
        "charts": "Charts",
        "sources": "Sources",
        "rulebooks": "Rulebooks",
        "methodology": "Methodology",
        "hidden": "suppressed",
        "yes": "yes",
        "no_data": "no data",
        "version": "Rulebook version",
        "rule": "Rule",
        "title": "Title",
        "citation": "Citation",
        "confidence": "Confidence",
        "note": "Note",
        "coverage": "Coverage in the period",
        "law_mad": "law-backed (MAD)",
        "illustrative_mad": "illustrative (MAD)",
        "all": "All",
        "no_cluster": "No cluster",
    },
}
METHOD_LABELS: dict[Language, dict[str, str]] = {"fr": METHOD_PHRASES_FR, "en": METHOD_PHRASES}
PAIRS: dict[Language, dict[str, str]] = {"fr": PAIR_LABELS_FR, "en": PAIR_LABELS}
BASES: dict[Language, dict[str, str]] = {"fr": BASIS_LABELS_FR, "en": BASIS_LABELS}
ILLUSTRATIVE: dict[Language, str] = {"fr": ILLUSTRATIVE_NOTE_FR, "en": ILLUSTRATIVE_NOTE}


def confidence(tag: str, language: Language) -> str:
    """A confidence tag as the language says it."""
    return CONFIDENCE_FR.get(tag, tag) if language == "fr" else tag


def rule_title(rule: dict[str, Any], language: Language) -> str:
    """A rule's title in the language (a pack of an earlier format holds only the English one)."""
    return str(rule.get(f"title_{language}") or rule.get("title") or rule["rule_id"])


def version_name(rule: dict[str, Any], language: Language) -> str:
    """The rule's rulebook version as the language names it (``IGOC 2026 — règles en vigueur
    v1``), else the rulebook's key."""
    return str(rule.get(f"version_{language}") or rule["version"])


def allowance_label(code: str, rules: list[dict[str, Any]], language: Language) -> str:
    """``in_force:CARD_CAP`` as its rule's title, and in force or proposal."""
    kind, _, rule_id = code.partition(":")
    found = [r for r in rules if r["kind"] == kind and r["rule_id"] == rule_id]
    title = rule_title(found[0], language) if found else rule_id
    state = TEXTS[language]["in_force"] if kind == "in_force" else _PROPOSAL[language]
    return f"{title} ({state})"


_PROPOSAL: dict[Language, str] = {"fr": "proposition", "en": "proposal"}


def value_label(key: str, value: Any, rules: list[dict[str, Any]], language: Language) -> Any:
    """What a reader sees for one cell of a table (numbers and flags are left as they are)."""
    if not isinstance(value, str):
        return value
    if value == TOTAL:
        return WORDS[language]["all"]
    if key == "pair":
        return PAIRS[language].get(value, value)
    if key == "basis":
        return BASES[language].get(value, value)
    if key == "method":
        return METHOD_LABELS[language].get(value, value)
    if key == "outcome":
        return OUTCOMES[value][0 if language == "fr" else 1] if value in OUTCOMES else value
    if key == "allowance":
        return allowance_label(value, rules, language)
    if key == "cluster" and value == "NONE":
        return WORDS[language]["no_cluster"]
    if key in ("month", "category", "cluster"):
        return tick_label(key, value, language)
    return value
