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
        "Utilisation des dotations : pour chaque participant, le total relevant de chaque "
        f"dotation annuelle pour l'année du {filters['date_to']}, en part du plafond, sous "
        "chaque référentiel.",
    ]
    disclosure = manifest.get("disclosure")
    if disclosure:
        lines += [
            "Contrôle de la divulgation : une case calculée sur moins de "
            f"{disclosure['min_participants']} participants est masquée (secret primaire). Les "
            "totaux de lignes et de colonnes étant publiés, une deuxième case de toute ligne ou "
            "colonne contenant une seule case masquée est masquée aussi (secret complémentaire) : "
            "aucune valeur masquée ne peut être retrouvée par soustraction. Les cases masquées "
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
        "Allowance usage: each participant's total in scope of each annual allowance for the "
        f"year of {filters['date_to']}, as a share of the cap, under each rulebook.",
    ]
    disclosure = manifest.get("disclosure")
    if disclosure:
        lines += [
            f"Disclosure control: a cell built from fewer than {disclosure['min_participants']} "
            "participants is suppressed (primary suppression). Because row and column totals "
            "are published, a second cell of any row or column holding a single suppressed cell "
            "is suppressed too (complementary suppression), so no suppressed value can be "
            "recovered by subtraction. Suppressed cells are marked 'suppressed'.",
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
