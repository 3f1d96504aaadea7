"""The methodology's wording follows its manifest's format: a pack built before the rate used was
named and the conversions counted rebuilds with the words it was built with."""

from backend.evidence.exports.methodology import methodology_lines, methodology_lines_fr

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
