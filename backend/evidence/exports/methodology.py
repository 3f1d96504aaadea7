"""The methodology text every export carries, in French (the product's language) then English:
one file serves both audiences, and a pack's files stay a function of its manifest and figures
alone. A pack is rebuilt with the wording of its manifest's format, so one built before a
wording changed still rebuilds to the same bytes."""

from typing import Any

from backend.evidence.cube.axes import TOTAL
from backend.evidence.exports.coverage import coverage_lines, coverage_lines_fr
from backend.evidence.exports.numbers import THOUSANDS_FR

# Manifests before this format said "official rate" and had no count of conversions per method.
RATE_METHODS_FORMAT = 3
# The first manifest format whose files are written wholly in each language: the French part in
# French (hidden cells marked "masqué"), every rule and rulebook named in the reader's language.
BILINGUAL_FORMAT = 6

PAIR_LABELS = {
    "unlocked": "Blocked now, allowed under the proposal",
    "breach_both": "Breach under both rulebooks",
    "compliant_both": "Compliant under both rulebooks",
    "newly_blocked": "Allowed now, blocked under the proposal",
    "review_or_pending": "Needs review or pending a rate under either rulebook",
    "not_trialled": "Not screened by a proposal (participant in no cohort on that date)",
    "TOTAL": "All declarations",
}
PAIR_LABELS_FR = {
    "unlocked": "Bloquées aujourd'hui, autorisées par la proposition",
    "breach_both": "En infraction sous les deux référentiels",
    "compliant_both": "Conformes aux deux référentiels",
    "newly_blocked": "Autorisées aujourd'hui, bloquées par la proposition",
    "review_or_pending": "À examiner, ou en attente d'un cours, sous l'un des référentiels",
    "not_trialled": "Non contrôlées par une proposition (participant hors cohorte à cette date)",
    "TOTAL": "Toutes les déclarations",
}
BASIS_LABELS = {
    "law": "Law-backed (official or press-reported rules)",
    "illustrative": "Rests on illustrative values only",
    "TOTAL": "All",
}
BASIS_LABELS_FR = {
    "law": "Fondé en droit (règles officielles ou rapportées par la presse)",
    "illustrative": "Repose uniquement sur des valeurs illustratives",
    "TOTAL": "Ensemble",
}
ILLUSTRATIVE_NOTE = "ILLUSTRATIVE: not a regulatory fact"
ILLUSTRATIVE_NOTE_FR = "ILLUSTRATIF : ce n'est pas un fait réglementaire"
METHODOLOGY_TITLE_FR = "Méthodologie"
SUPPRESSION_NOTE_TITLE_FR = "Note sur le secret statistique"


def _thousands_fr(value: int, *, narrow: bool = False) -> str:
    # French groups thousands with a space ("1 000"): before format 6 a plain one, which every
    # PDF font has; from format 6 the narrow no-break space of French typography (`narrow`).
    return f"{value:,}".replace(",", THOUSANDS_FR if narrow else " ")


def _narrow(manifest: dict[str, Any]) -> bool:
    return int(manifest.get("format", 0)) >= BILINGUAL_FORMAT


RATE_FR = (
    "Les montants sont en MAD au cours moyen de Bank Al-Maghrib de la date de valeur, ou de la "
    "dernière publication qui la précède quand aucun cours n'est publié ce jour-là."
)
RATE_EN = (
    "Amounts are in MAD at Bank Al-Maghrib's mid rate (cours moyen) of the value date, or of the "
    "last publication before it when none is published that day."
)
# How each rate method is said, in the order the counts are read out.
METHOD_PHRASES_FR = {
    "official": "au cours publié le jour de la date de valeur",
    "carried_forward": "au cours de la dernière publication précédente (jour sans publication)",
    "derived": "dérivées (cours croisé par l'euro avec le cours de référence de la BCE)",
    "estimate": "estimées (cours provisoire, signalé comme tel)",
    "in_dirhams": "sans conversion (montant déclaré en dirhams)",
    "pending": "en attente du cours de leur date",
}
METHOD_PHRASES = {
    "official": "at the rate published on the value date",
    "carried_forward": "at the rate of the last publication before it (no publication that day)",
    "derived": "derived (a cross rate through the euro with the ECB reference rate)",
    "estimate": "estimated (a provisional rate, labelled as such)",
    "in_dirhams": "without conversion (amount declared in dirhams)",
    "pending": "awaiting the rate of their date",
}


def _conversion_counts(payload: dict[str, Any] | None) -> list[tuple[str, int | None]] | None:
    """(method, declarations; None when suppressed) of the figures' scope, total left out."""
    rows = (payload or {}).get("tables", {}).get("conversions")
    if rows is None:
        return None
    return [(r["method"], r["declarations"]) for r in rows if r["method"] != TOTAL]


def conversions_line_fr(payload: dict[str, Any] | None, *, narrow: bool = False) -> str | None:
    """How many declarations of the scope were converted by each method, in French (thousands
    grouped by a narrow no-break space when `narrow`, from format 6)."""
    counts = _conversion_counts(payload)
    if counts is None:
        return None
    parts = [
        f"{'masqué' if n is None else _thousands_fr(n, narrow=narrow)} "
        f"{METHOD_PHRASES_FR.get(m, m)}"
        for m, n in counts
    ]
    hidden = any(n is None for _, n in counts)
    note = (
        " Un nombre masqué l'est selon les règles du secret statistique ci-dessous."
        if hidden
        else ""
    )
    return "Conversions des déclarations de ce périmètre : " + " ; ".join(parts) + "." + note


def conversions_line(payload: dict[str, Any] | None) -> str | None:
    """How many declarations of the scope were converted by each method, in English."""
    counts = _conversion_counts(payload)
    if counts is None:
        return None
    parts = [
        f"{'suppressed' if n is None else f'{n:,}'} {METHOD_PHRASES.get(m, m)}" for m, n in counts
    ]
    hidden = any(n is None for _, n in counts)
    note = " A suppressed count is hidden under the disclosure rules below." if hidden else ""
    return "Conversions of the declarations in scope: " + "; ".join(parts) + "." + note


def _rates_fr(manifest: dict[str, Any], payload: dict[str, Any] | None) -> list[str]:
    if manifest.get("format", 0) < RATE_METHODS_FORMAT:
        return [
            "Chaque déclaration est comptée une fois, dans un seul couple de verdicts (en "
            "vigueur x proposition). Les montants sont en MAD au cours officiel de la date de "
            "valeur."
        ]
    lines = [
        "Chaque déclaration est comptée une fois, dans un seul couple de verdicts (en vigueur x "
        "proposition). " + RATE_FR
    ]
    counts = conversions_line_fr(payload, narrow=_narrow(manifest))
    return lines + ([counts] if counts else [])


def _rates(manifest: dict[str, Any], payload: dict[str, Any] | None) -> list[str]:
    if manifest.get("format", 0) < RATE_METHODS_FORMAT:
        return [
            "Each declaration is counted once in one verdict pair (in force x proposed). "
            "Amounts are in MAD at the official rate of the value date."
        ]
    lines = [
        "Each declaration is counted once in one verdict pair (in force x proposed). " + RATE_EN
    ]
    counts = conversions_line(payload)
    return lines + ([counts] if counts else [])


def methodology_lines_fr(
    manifest: dict[str, Any],
    payload: dict[str, Any] | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> list[str]:
    """The methodology in French, paragraph for paragraph the same as the English one; `rules`
    name the rulebook versions in French (format 6 on)."""
    hidden = "masqué" if manifest.get("format", 0) >= BILINGUAL_FORMAT else "suppressed"
    filters = manifest["filters"]
    lines = [
        "Source : les verdicts enregistrés lors du contrôle de chaque déclaration, un par "
        "version de référentiel (les règles en vigueur et la proposition du bac à sable de la "
        "cohorte du participant).",
        f"Période : dates de valeur du {filters['date_from']} au {filters['date_to']} ; "
        f"déclarations enregistrées au {manifest['cutoff']} ; déclarations retirées et "
        "remplacées exclues.",
        *_rates_fr(manifest, payload),
        "Fondé en droit ou illustratif : un paiement bloqué (ou à examiner) aujourd'hui est "
        "« fondé en droit » quand au moins une règle en vigueur de niveau de confiance officiel "
        "ou presse le bloque ; quand seules des valeurs illustratives (ou d'une source "
        "secondaire) le bloquent, il est compté à part, comme « illustratif », et jamais dans "
        "un chiffre présenté comme l'effet du droit. Un paiement conforme aujourd'hui ne "
        "repose sur aucune règle : il est compté comme fondé en droit.",
        "Utilisation des dotations : pour chaque participant, le total relevant de chaque "
        f"dotation annuelle pour l'année du {filters['date_to']}, en part du plafond, sous "
        "chaque référentiel.",
    ]
    disclosure = manifest.get("disclosure")
    if disclosure:
        lines += [
            "Contrôle de la divulgation : une case calculée sur moins de "
            f"{disclosure['min_participants']} participants, ou dont un seul participant "
            "représente plus de la moitié du montant en MAD, est masquée (secret primaire). Les "
            "tableaux publiés sont toujours les mêmes : une année civile entière, au plus un "
            "filtre à la fois sur une dimension publiée (cluster, catégorie, canal, pays, "
            "label), et pour chacun les ventilations par mois, catégorie, cluster et pays. Les "
            "cases à masquer en plus (secret complémentaire) sont choisies en une fois pour "
            "toutes ces réponses, totaux, filtres et parts « fondé en droit » / « illustratif » "
            "compris : aucune case masquée ne peut être retrouvée en additionnant ou en "
            "soustrayant des cases publiées, ni en comparant deux réponses. Les cases masquées "
            f"portent la mention « {hidden} ».",
            "Les volumes en MAD sont arrondis à "
            f"{_thousands_fr(disclosure['rounding_mad'], narrow=_narrow(manifest))} MAD près ; "
            "les cases arrondies ne s'additionnent donc pas forcément aux totaux arrondis. "
            "Aucun nom ni identifiant de participant, aucune déclaration isolée n'apparaît.",
        ]
    else:
        lines.append(
            "Édition régulateur : chiffres exacts, sans secret statistique ; ne pas publier."
        )
    lines += coverage_lines_fr(manifest, rules)
    lines.append(
        "Les règles marquées illustratives portent des valeurs qui ne sont pas des faits "
        "réglementaires et doivent être lues comme telles."
    )
    return lines


def suppression_note_fr(manifest: dict[str, Any]) -> str:
    """The PDF's suppression note in French."""
    disclosure = manifest.get("disclosure")
    if not disclosure:
        return "Édition régulateur : aucune case n'est masquée."
    hidden = "masqué" if manifest.get("format", 0) >= BILINGUAL_FORMAT else "suppressed"
    return (
        f"Les cases calculées sur moins de {disclosure['min_participants']} participants, et "
        f"celles qui permettraient de les retrouver, portent la mention « {hidden} »."
    )


def suppression_note(manifest: dict[str, Any]) -> str:
    """The PDF's suppression note in English."""
    disclosure = manifest.get("disclosure")
    if not disclosure:
        return "Regulator edition: no cell is suppressed."
    return (
        f"Cells from fewer than {disclosure['min_participants']} participants, and the "
        "cells that would reveal them, are marked 'suppressed'."
    )


def methodology_lines(
    manifest: dict[str, Any],
    payload: dict[str, Any] | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> list[str]:
    """Paragraphs of the methodology, including how and why small cells are hidden; `rules`
    name the rulebook versions in English (format 6 on)."""
    filters = manifest["filters"]
    lines = [
        "Source: the verdicts stored when each declaration was screened, one per rulebook "
        "version (the rules in force and the sandbox proposal of the participant's cohort).",
        f"Period: value dates from {filters['date_from']} to {filters['date_to']}; declarations "
        f"recorded by {manifest['cutoff']}; withdrawn and superseded declarations excluded.",
        *_rates(manifest, payload),
        "Law-backed or illustrative: a payment blocked (or held for review) today is law-backed "
        "when at least one rule in force tagged official or press blocks it; when only "
        "illustrative (or secondary-source) values block it, it is counted apart, as "
        "illustrative, and never in a figure presented as the effect of the law. A payment "
        "compliant today rests on no rule and is counted as law-backed.",
        "Allowance usage: each participant's total in scope of each annual allowance for the "
        f"year of {filters['date_to']}, as a share of the cap, under each rulebook.",
    ]
    disclosure = manifest.get("disclosure")
    if disclosure:
        lines += [
            f"Disclosure control: a cell built from fewer than {disclosure['min_participants']} "
            "participants, or where one participant makes up more than half of the MAD, is "
            "suppressed (primary suppression). The published tables are always the same: a whole "
            "calendar year, at most one filter at a time on a published dimension (cluster, "
            "category, channel, country, labelled), and for each the breakdowns by month, "
            "category, cluster and country. The further cells to hide (complementary "
            "suppression) are chosen once for all of these answers, totals, filters and "
            "law-backed / illustrative parts included, so that no suppressed cell can be "
            "recovered by adding or subtracting published cells or by comparing two answers. "
            "Suppressed cells are marked 'suppressed'.",
            f"MAD volumes are rounded to the nearest {disclosure['rounding_mad']:,} MAD, so "
            "rounded cells need not add up to the rounded totals. No participant name, id or "
            "single declaration appears.",
        ]
    else:
        lines.append("Regulator edition: exact figures, no suppression; not for publication.")
    lines += coverage_lines(manifest, rules)
    lines.append(
        "Rules marked illustrative carry values that are not regulatory facts and must be "
        "read as such."
    )
    return lines
