"""The methodology's wording follows its manifest's format: a pack built before the rate used was
named and the conversions counted rebuilds with the words it was built with."""

from backend.evidence.exports.coverage import coverage_lines, coverage_lines_fr
from backend.evidence.exports.methodology import methodology_lines, methodology_lines_fr
from backend.evidence.exports.sources import disclosure_text

FILTERS = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
PAYLOAD = {
    "tables": {
        "conversions": [
            {"method": "official", "declarations": 12, "participants": 6, "suppressed": False},
            {
                "method": "carried_forward",
                "declarations": None,
                "participants": None,
                "suppressed": True,
            },
            {"method": "TOTAL", "declarations": 40, "participants": 20, "suppressed": False},
        ]
    }
}


def manifest(fmt: int) -> dict:
    return {"format": fmt, "filters": FILTERS, "cutoff": "2026-12-01T00:00:00Z", "disclosure": None}


def test_a_format_two_pack_keeps_its_words_and_has_no_counts():
    lines = methodology_lines(manifest(2), PAYLOAD)
    assert "Amounts are in MAD at the official rate of the value date." in lines[2]
    assert not any("Conversions" in line for line in lines)
    assert "au cours officiel de la date de valeur" in methodology_lines_fr(manifest(2), PAYLOAD)[2]


def test_a_format_three_pack_names_the_mid_rate_and_counts_each_method():
    lines = methodology_lines(manifest(3), PAYLOAD)
    assert "Bank Al-Maghrib's mid rate (cours moyen) of the value date" in lines[2]
    assert lines[3] == (
        "Conversions of the declarations in scope: 12 at the rate published on the value date; "
        "suppressed at the rate of the last publication before it (no publication that day). "
        "A suppressed count is hidden under the disclosure rules below."
    )
    french = methodology_lines_fr(manifest(3), PAYLOAD)
    assert "cours moyen de Bank Al-Maghrib" in french[2]
    assert french[3].startswith("Conversions des déclarations de ce périmètre : 12 au cours publié")
    assert "masqué au cours de la dernière publication précédente" in french[3]


def _rule(rule_id: str, status: str, in_scope: int, missing: list[dict]) -> dict:
    return {
        "rule_id": rule_id,
        "title_fr": f"Règle {rule_id}",
        "title_en": f"Rule {rule_id}",
        "status": status,
        "in_scope": in_scope,
        "evaluated": in_scope - sum(m["declarations"] for m in missing),
        "missing": missing,
    }


COVERAGE = [
    {
        "version": {"id": "v", "number": 1, "rulebook": {"name": "IGOC 2026", "kind": "in_force"}},
        "rules": [
            _rule("CAP", "evaluated", 10, [{"fact": "amount_mad", "declarations": 1}]),
            _rule("TAX", "not_evaluated", 3, [{"fact": "tax_paid_last_fy", "declarations": 3}]),
            _rule("INVEST", "not_evaluated", 0, []),
        ],
    }
]


def test_the_coverage_says_which_rules_were_not_evaluated_and_why_in_both_languages():
    shown = {**manifest(4), "coverage_report": COVERAGE}
    english = methodology_lines(shown, PAYLOAD)
    assert (
        "Rule coverage, IGOC 2026 v1: 1 of 3 rules evaluated at least one declaration of the "
        "period. Not evaluated (no figure rests on them): Rule TAX (lacking: tax paid last year "
        "(3 decl.)); Rule INVEST (no declaration in its scope). Declarations that could not be "
        "evaluated for want of: Rule CAP: amount in MAD (exchange rate not published yet) "
        "(1 decl.)."
    ) in english
    french = methodology_lines_fr(shown, PAYLOAD)
    assert any(
        line.startswith(
            "Couverture des règles, IGOC 2026 v1 : 1 règle sur 3 a évalué au moins une "
            "déclaration de la période. Non évaluées (elles ne fondent aucun chiffre) : Règle TAX "
            "(faute de : impôt payé au dernier exercice (3 décl.)) ; Règle INVEST (aucune "
            "déclaration dans son champ). Déclarations non évaluables faute de : Règle CAP : "
            "montant en MAD"
        )
        for line in french
    )
    assert not any("(s)" in line for line in french + english)


def test_the_coverage_counts_take_the_plural_their_number_asks():
    both = [_rule("A", "evaluated", 2, []), _rule("B", "evaluated", 1, [])]
    two = {**manifest(4), "coverage_report": [{**COVERAGE[0], "rules": both}]}
    assert "IGOC 2026 v1 : 2 règles sur 2 ont évalué au moins" in coverage_lines_fr(two)[0]
    assert "IGOC 2026 v1: 2 of 2 rules evaluated at least" in coverage_lines(two)[0]
    one = {**manifest(4), "coverage_report": [{**COVERAGE[0], "rules": both[:1]}]}
    assert "IGOC 2026 v1 : 1 règle sur 1 a évalué au moins" in coverage_lines_fr(one)[0]
    assert "IGOC 2026 v1: 1 of 1 rule evaluated at least" in coverage_lines(one)[0]
    none = [_rule("A", "not_evaluated", 0, [])]
    zero = {**manifest(4), "coverage_report": [{**COVERAGE[0], "rules": none}]}
    assert "IGOC 2026 v1 : 0 règle sur 1 a évalué au moins" in coverage_lines_fr(zero)[0]


def test_a_pack_built_before_the_coverage_was_frozen_says_nothing_of_it():
    placeholder = {**manifest(3), "coverage_report": "not available yet"}
    assert not any("coverage" in line.lower() for line in methodology_lines(placeholder, PAYLOAD))


def _big(fmt: int) -> dict:
    """A published pack's manifest of format `fmt`, MAD rounded to the nearest 1,000."""
    return {**manifest(fmt), "disclosure": {"min_participants": 3, "rounding_mad": 1000}}


BIG_PAYLOAD = {
    "tables": {
        "conversions": [
            {"method": "official", "declarations": 12345, "participants": 60, "suppressed": False}
        ]
    }
}


def test_from_format_six_french_figures_group_thousands_with_a_narrow_no_break_space():
    french = " ".join(methodology_lines_fr(_big(6), BIG_PAYLOAD))
    assert "12\u202f345 au cours publié" in french
    assert "arrondis à 1\u202f000 MAD près" in french
    assert disclosure_text(_big(6))[0].endswith("MAD arrondis à 1\u202f000 près.")
    english = " ".join(methodology_lines(_big(6), BIG_PAYLOAD))
    assert "12,345 at the rate published" in english
    assert "\u202f" not in english
    # A pack of format 5 keeps the plain space it was built with.
    older = " ".join(methodology_lines_fr(_big(5), BIG_PAYLOAD))
    assert "12 345 au cours publié" in older
    assert "arrondis à 1 000 MAD près" in older
    assert "\u202f" not in older + disclosure_text(_big(5))[0]
