"""The methodology text every export carries, in French (the product's language) then English:
one file serves both audiences, and a pack's files stay a function of its manifest alone."""

from typing import Any

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


def _thousands_fr(value: int) -> str:
    # French groups thousands with a space ("1 000"); a plain one, which every PDF font has.
    return f"{value:,}".replace(",", " ")


def methodology_lines_fr(manifest: dict[str, Any]) -> list[str]:
    """The methodology in French, paragraph for paragraph the same as the English one."""
    filters = manifest["filters"]
    lines = [
        "Source : les verdicts enregistrés lors du contrôle de chaque déclaration, un par "
        "version de référentiel (les règles en vigueur et la proposition du bac à sable de la "
        "cohorte du participant).",
        f"Période : dates de valeur du {filters['date_from']} au {filters['date_to']} ; "
        f"déclarations enregistrées au {manifest['cutoff']} ; déclarations retirées et "
        "remplacées exclues.",
        "Chaque déclaration est comptée une fois, dans un seul couple de verdicts (en vigueur x "
        "proposition). Les montants sont en MAD au cours officiel de la date de valeur.",
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
            "portent la mention « suppressed ».",
            "Les volumes en MAD sont arrondis à "
            f"{_thousands_fr(disclosure['rounding_mad'])} MAD près ; les cases arrondies ne "
            "s'additionnent donc pas forcément aux totaux arrondis. Aucun nom ni identifiant de "
            "participant, aucune déclaration isolée n'apparaît.",
        ]
    else:
        lines.append(
            "Édition régulateur : chiffres exacts, sans secret statistique ; ne pas publier."
        )
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
    return (
        f"Les cases calculées sur moins de {disclosure['min_participants']} participants, et "
        "celles qui permettraient de les retrouver, portent la mention « suppressed »."
    )


def methodology_lines(manifest: dict[str, Any]) -> list[str]:
    """Paragraphs of the methodology, including how and why small cells are hidden."""
    filters = manifest["filters"]
    lines = [
        "Source: the verdicts stored when each declaration was screened, one per rulebook "
        "version (the rules in force and the sandbox proposal of the participant's cohort).",
        f"Period: value dates from {filters['date_from']} to {filters['date_to']}; declarations "
        f"recorded by {manifest['cutoff']}; withdrawn and superseded declarations excluded.",
        "Each declaration is counted once in one verdict pair (in force x proposed). "
        "Amounts are in MAD at the official rate of the value date.",
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
    lines.append(
        "Rules marked illustrative carry values that are not regulatory facts and must be "
        "read as such."
    )
    return lines
