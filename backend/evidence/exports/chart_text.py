"""The words of the exported charts, in French and English, and the names shown for the codes
on their axes (categories, clusters, months, allowances): no raw code is shown to a reader."""

from __future__ import annotations

from backend.accounts.models import Cluster
from backend.declarations.categories import CATEGORIES_BY_CODE

LANGUAGES = ("fr", "en")
MONTHS = {
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
RULEBOOK_KIND = {
    "fr": {"in_force": "en vigueur", "proposed": "proposition"},
    "en": {"in_force": "in force", "proposed": "proposal"},
}
TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Bloqué aujourd'hui, autorisé par la proposition : MAD {dim}",
        "by.month": "par mois",
        "by.category": "par catégorie de paiement",
        "by.cluster": "par cluster",
        "by.country": "par pays de la contrepartie",
        "dim.month": "Mois",
        "dim.category": "Catégorie de paiement",
        "dim.cluster": "Cluster",
        "dim.country": "Pays de la contrepartie (code ISO 3166)",
        "law": "Fondé en droit (règles officielles ou presse)",
        "illustrative": "Valeurs illustratives seulement",
        "hidden": "masqué (trop peu de participants ou un seul dominant)",
        "empty": "Aucun paiement bloqué aujourd'hui et autorisé par la proposition\n"
        "pour cette période et ce filtre.",
        "all_hidden": "Tous les chiffres de ce graphique sont masqués (trop peu de participants).\n"
        "Élargissez le filtre : retirez-le, ou choisissez un groupe plus large.",
        "allowance_title": "Participants par part de chaque dotation annuelle utilisée",
        "participants": "Participants",
        "share": "Part de la dotation annuelle utilisée (%)",
        "no_allowance": "Aucune dotation annuelle mesurée pour ce filtre.",
        "none": "aucun",
        "mad": "MAD (dirhams)",
        "in_force": "en vigueur",
        "hatched": "Hachuré : règles de la proposition (valeurs illustratives) ; "
        "plein : en vigueur",
        "confidence.official": "officielle",
        "confidence.press": "presse",
        "confidence.secondary": "source secondaire",
        "confidence.illustrative": "illustrative",
    },
    "en": {
        "title": "Blocked now, allowed under the proposal: MAD {dim}",
        "by.month": "by month",
        "by.category": "by payment category",
        "by.cluster": "by cluster",
        "by.country": "by counterparty country",
        "dim.month": "Month",
        "dim.category": "Payment category",
        "dim.cluster": "Cluster",
        "dim.country": "Counterparty country (ISO 3166 code)",
        "law": "Law-backed (official or press rules)",
        "illustrative": "Illustrative values only",
        "hidden": "suppressed (too few participants, or one dominant)",
        "empty": "No payment blocked now and allowed under the proposal\n"
        "in this period and filter.",
        "all_hidden": "Every figure of this chart is suppressed (too few participants).\n"
        "Widen the filter: remove it, or choose a larger group.",
        "allowance_title": "Participants by share of each annual allowance used",
        "participants": "Participants",
        "share": "Share of the annual allowance used (%)",
        "no_allowance": "No annual allowance measured for this filter.",
        "none": "none",
        "mad": "MAD (dirhams)",
        "in_force": "in force",
        "hatched": "Hatched: the proposal's rules (illustrative values); solid: in force",
        "confidence.official": "official",
        "confidence.press": "press",
        "confidence.secondary": "secondary source",
        "confidence.illustrative": "illustrative",
    },
}
CLUSTERS = {str(value): str(label) for value, label in Cluster.choices}


def tick_label(dim: str, code: str, language: str) -> str:
    """What a reader sees for a value of a dimension."""
    if dim == "month" and len(code) == 7:
        return f"{MONTHS[language][int(code[5:]) - 1]} {code[:4]}"
    if dim == "category" and code in CATEGORIES_BY_CODE:
        category = CATEGORIES_BY_CODE[code]
        return category.label_fr if language == "fr" else category.label_en
    if dim == "cluster":
        return CLUSTERS.get(code, code)
    if dim == "allowance":
        kind, _, rule = code.partition(":")
        return f"{rule} ({RULEBOOK_KIND[language].get(kind, kind)})"
    if code == "none":
        return TEXTS[language]["none"]
    return code
