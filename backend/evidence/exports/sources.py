"""What every export says about where its figures come from: the period and filter, the rulebook
versions with the confidence of their rules, what "law-backed" and "illustrative" mean, and how
cells were hidden — in French, then English."""

from __future__ import annotations

from collections import Counter
from typing import Any

# The manifest format from which French figures group thousands with a narrow no-break space
# (methodology.BILINGUAL_FORMAT, which imports this module's neighbours).
NARROW_SPACE_FORMAT = 6

CONFIDENCE_ORDER = ("official", "press", "secondary", "illustrative")
CONFIDENCE_FR = {
    "official": "officielle",
    "press": "presse",
    "secondary": "source secondaire",
    "illustrative": "illustrative",
}
BASIS_NOTE_EN = (
    "Law-backed: blocked (or held for review) today by at least one rule in force tagged official "
    "or press. Illustrative: blocked today only by illustrative (or secondary-source) values, "
    "which are not regulatory facts."
)
BASIS_NOTE_FR = (
    "Fondé en droit : bloqué (ou à examiner) aujourd'hui par au moins une règle en vigueur de "
    "confiance officielle ou presse. Illustratif : bloqué aujourd'hui seulement par des valeurs "
    "illustratives (ou d'une source secondaire), qui ne sont pas des faits réglementaires."
)


def period_text(manifest: dict[str, Any]) -> str:
    """``2026-01-01 – 2026-12-31``."""
    filters = manifest["filters"]
    return f"{filters['date_from']} – {filters['date_to']}"


# The first manifest format whose French lines say "aucun" for no filter ("none" before).
FRENCH_NONE_FORMAT = 5


def filter_text(manifest: dict[str, Any], language: str = "en") -> str:
    """The filters other than the period (``cluster=MNC``), or none (``aucun`` in French)."""
    chosen = [
        f"{key}={value}"
        for key, value in sorted(manifest["filters"].items())
        if value is not None and not key.startswith("date")
    ]
    french = language == "fr" and manifest.get("format", 0) >= FRENCH_NONE_FORMAT
    return ", ".join(chosen) or ("aucun" if french else "none")


def versions_confidence(rules: list[dict[str, Any]], language: str = "en") -> list[tuple[str, str]]:
    """Per rulebook version (named in the language when the rules say it), its rules counted by
    confidence: (version, "3 official, 2 press")."""
    by_version: dict[str, Counter[str]] = {}
    for rule in rules:
        name = rule.get(f"version_{language}") or rule["version"]
        by_version.setdefault(name, Counter())[rule["confidence"]] += 1
    out = []
    for version, counts in by_version.items():
        ordered = sorted(counts, key=lambda c: (*CONFIDENCE_ORDER, c).index(c))
        out.append((version, ", ".join(f"{counts[c]} {c}" for c in ordered)))
    return out


def disclosure_text(manifest: dict[str, Any]) -> tuple[str, str]:
    """(French, English) one-line description of the disclosure control, or of its absence."""
    disclosure = manifest.get("disclosure")
    if not disclosure:
        return (
            "Édition régulateur : chiffres exacts, rien n'est masqué ; ne pas publier.",
            "Regulator edition: exact figures, nothing hidden; not for publication.",
        )
    k, unit = disclosure["min_participants"], disclosure["rounding_mad"]
    # From format 6 French groups thousands with a narrow no-break space (U+202F).
    narrow = int(manifest.get("format", 0)) >= NARROW_SPACE_FORMAT
    unit_fr = f"{unit:,}".replace(",", "\u202f" if narrow else " ")
    return (
        f"Cases de moins de {k} participants, ou dont un participant détient plus de la moitié "
        f"du MAD, masquées avec leurs cases complémentaires ; MAD arrondis à {unit_fr} près.",
        f"Cells from fewer than {k} participants, or where one participant holds more than half "
        f"of the MAD, are suppressed with their complementary cells; MAD rounded to {unit:,}.",
    )


def source_lines(
    manifest: dict[str, Any], rules: list[dict[str, Any]], language: str | None = None
) -> list[str]:
    """The lines every file carries about its figures' sources (a CSV's header block, a chart's
    caption): in one language, or French then English (None)."""
    fr_disclosure, en_disclosure = disclosure_text(manifest)
    period, chosen = period_text(manifest), filter_text(manifest)
    lines = {
        "fr": [
            f"Période : {period} ; filtre : {filter_text(manifest, 'fr')} ; "
            f"données au {manifest['cutoff']}"
        ],
        "en": [f"Period: {period}; filter: {chosen}; data as of {manifest['cutoff']}"],
    }
    for version, counts in versions_confidence(rules, "fr"):
        lines["fr"].append(f"Référentiel : {version} — règles : {_counts_fr(counts)}")
    for version, counts in versions_confidence(rules, "en"):
        lines["en"].append(f"Rulebook: {version} — rules: {counts}")
    lines["fr"] += [BASIS_NOTE_FR, fr_disclosure]
    lines["en"] += [BASIS_NOTE_EN, en_disclosure]
    if language is not None:
        return lines[language]
    return lines["fr"] + lines["en"]


def _counts_fr(counts: str) -> str:
    for tag, word in CONFIDENCE_FR.items():
        counts = counts.replace(f" {tag}", f" {word}")
    return counts


def rule_lines_in(rules: list[dict[str, Any]], language: str) -> list[str]:
    """One line per rule in the language: version, title, confidence and citation."""
    if language == "fr":
        return [
            f"{r.get('version_fr') or r['version']} — {r['rule_id']} "
            f"({r.get('title_fr') or r['title']}) : confiance "
            f"{CONFIDENCE_FR.get(r['confidence'], r['confidence'])} ; {r['citation']}"
            for r in rules
        ]
    return [
        f"{r.get('version_en') or r['version']} — {r['rule_id']} "
        f"({r.get('title_en') or r['title']}): confidence {r['confidence']}; {r['citation']}"
        for r in rules
    ]


def rule_lines(rules: list[dict[str, Any]]) -> list[str]:
    """One line per rule, both languages at once (packs before format 6): version, id,
    confidence and citation."""
    return [
        f"{r['version']} — {r['rule_id']}: {r['confidence']} "
        f"({CONFIDENCE_FR.get(r['confidence'], r['confidence'])}); {r['citation']}"
        for r in rules
    ]
