"""A pack and its exports read wholly in French and wholly in English: the French part of every
file (the CSV's header, the workbook's French sheets, the report's French pages, the French
charts) holds no English header, title or rule name, and the English part no French one; every
rule and rulebook is named in the reader's language, from the titles the rulebook stores."""

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from typing import Any

import pytest
from matplotlib.text import Text
from openpyxl import load_workbook
from pypdf import PdfReader

from backend.common.roles import Role
from backend.evidence.exports import charts, coverage, labels, methodology, report
from backend.evidence.exports.chart_text import TEXTS
from backend.evidence.packs import manifest as manifest_module
from backend.evidence.packs.manifest import MANIFEST_FORMAT
from backend.rulebooks.models import Rulebook
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.evidence.helpers import world
from tests.integration.evidence.test_packs import built_pack, verify

pytestmark = pytest.mark.django_db

FRENCH_NAMES = {"Test rules in force": "Règles de test en vigueur", "Test proposal": "Proposition"}
# Words that never occur in the other language's running text.
ENGLISH_WORDS = re.compile(r"\b(the|and|with|without|rules|rulebook|suppressed|law-backed)\b")
FRENCH_WORDS = re.compile(r"\b(les|des|du|avec|sans|règles|référentiel|masqué|fondé)\b")


def _vocabulary(language: str, rules: list[dict[str, Any]]) -> set[str]:
    """Every header, title and name a file writes in the language."""
    words: set[str] = set()
    words |= set(labels.COLUMN_NAMES[language].values()) | set(labels.WORDS[language].values())
    words |= set(labels.TABLE_NAMES[language].values()) | set(labels.PAIRS[language].values())
    words |= set(labels.BASES[language].values()) | set(labels.METHOD_LABELS[language].values())
    words |= {v for k, v in report.HEADINGS[language].items() if k != "scope"}
    words |= {v for v in TEXTS[language].values() if "{" not in v}
    words |= {labels.ILLUSTRATIVE[language]}
    words |= {r[f"title_{language}"] for r in rules} | {r[f"version_{language}"] for r in rules}
    return words


def vocabularies(rules: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Per language, the other language's words that are not its own too."""
    fr, en = _vocabulary("fr", rules), _vocabulary("en", rules)
    return {"fr": en - fr, "en": fr - en}


def foreign(texts: Iterable[str], language: str, rules: list[dict[str, Any]]) -> list[str]:
    """The texts that hold a word of the other language: a whole cell for a one-word term, a
    phrase anywhere for a longer one, or a common word of the other language."""
    terms = vocabularies(rules)[language]
    common = ENGLISH_WORDS if language == "fr" else FRENCH_WORDS
    found = []
    for text in texts:
        text = " ".join(str(text).split())
        hits = [t for t in terms if (t == text if " " not in t else t in text)]
        if hits or common.search(text):
            found.append(f"{text!r}: {hits or common.findall(text)}")
    return found


@pytest.fixture
def pack(monkeypatch) -> dict[str, Any]:
    """A regulator's pack of a world whose rulebooks have distinct French and English names,
    and the texts of each chart as drawn."""
    world(trialled=6, unlocked=2, illustrative=2, compliant=2)
    for name, french in FRENCH_NAMES.items():
        Rulebook.objects.filter(name=name).update(name_fr=french)
    drawn: dict[str, list[str]] = {"fr": [], "en": []}
    original = charts._png

    def capture(fig: Any) -> bytes:
        texts = [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]
        title = fig.get_suptitle()
        french = (TEXTS["fr"]["allowance_title"], TEXTS["fr"]["title"].partition(":")[0])
        drawn["fr" if title.startswith(french) else "en"] += texts
        return original(fig)

    monkeypatch.setattr(charts, "_png", capture)
    _, data = built_pack(client_for(make_user(role=Role.REGULATOR)))
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = {n: archive.read(n) for n in archive.namelist()}
    return {"files": files, "rules": json.loads(files["rules.json"]), "drawn": drawn}


def test_rules_json_names_every_rule_and_rulebook_in_both_languages(pack):
    manifest = json.loads(pack["files"]["manifest.json"])
    assert manifest["format"] == MANIFEST_FORMAT == labels.BILINGUAL_FORMAT
    by_rule = {(r["version"], r["rule_id"]): r for r in pack["rules"]}
    card = by_rule[("Test rules in force v1", "CARD_CAP")]
    assert (card["title_fr"], card["title_en"]) == ("Dotation carte", "Card allowance")
    assert (card["version_fr"], card["version_en"]) == (
        "Règles de test en vigueur v1",
        "Test rules in force v1",
    )
    threshold = by_rule[("Test proposal v1", "DOC_THRESHOLD")]
    assert threshold["title_fr"] == "Contrat au-delà d'un seuil"
    assert threshold["version_fr"] == "Proposition v1"


def _csv_parts(data: bytes) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # The lines that say what each column's code means quote the codes (the same in both).
    legends = ("# Colonnes :", "# Columns:")
    header = [r[0] for r in rows if r and r[0].startswith("#") and not r[0].startswith(legends)]
    header = header[1:]
    split = next(i for i, line in enumerate(header) if line.startswith("# Period:"))
    return {"fr": header[:split], "en": header[split:]}


def test_the_csv_header_is_french_then_english_with_nothing_of_the_other(pack):
    parts = _csv_parts(pack["files"]["measures.csv"])
    for language in ("fr", "en"):
        assert foreign(parts[language], language, pack["rules"]) == []
    assert any("Dotation carte" in line for line in parts["fr"])
    assert any("Référentiel : Règles de test en vigueur v1" in line for line in parts["fr"])
    assert any("Card allowance" in line for line in parts["en"])


def test_the_workbook_has_a_french_and_an_english_sheet_of_everything(pack):
    wb = load_workbook(io.BytesIO(pack["files"]["evidence.xlsx"]))
    french = ["Synthèse", "Couples de verdicts", "Par mois", "Graphiques", "Sources des chiffres"]
    french += ["Référentiels", "Méthodologie"]
    english = ["Headline", "Verdict pairs", "By month", "Charts", "Sources", "Rulebooks"]
    english += ["Methodology"]
    assert set(french) | set(english) <= set(wb.sheetnames)
    assert wb.sheetnames.index("Methodology") > wb.sheetnames.index("Méthodologie")
    middle = wb.sheetnames.index("Headline")
    for language, sheets in (("fr", wb.sheetnames[:middle]), ("en", wb.sheetnames[middle:])):
        cells = [
            str(v)
            for name in sheets
            for row in wb[name].iter_rows(values_only=True)
            for v in row
            if isinstance(v, str)
        ]
        assert foreign([*sheets, *cells], language, pack["rules"]) == [], language
    titles = {r[2] for r in wb["Référentiels"].iter_rows(min_row=2, values_only=True)}
    assert {"Dotation carte", "Juridictions à risque", "Contrat au-delà d'un seuil"} <= titles
    headline = {r[:2]: r[2:5] for r in wb["Synthèse"].iter_rows(min_row=2, values_only=True)}
    # Two payments of 2,500,000 MAD, two of 150,000, two of 1,000 and the outsider's 500.
    total = 2 * 2_500_000 + 2 * 150_000 + 2 * 1_000 + 500
    assert headline[("Toutes les déclarations", "Ensemble")] == (7, 7, total)
    # Amounts and counts stay numbers, shown grouped in the reader's own separators.
    for name in ("Synthèse", "Headline", "Couples de verdicts", "By month"):
        columns = {c.value: c.column for c in wb[name][1]}
        mad = columns["MAD"]
        counts = columns["Participants"]
        rows = list(wb[name].iter_rows(min_row=2))
        assert {r[mad - 1].number_format for r in rows} == {"#,##0.00"}, name
        assert {r[counts - 1].number_format for r in rows} == {"#,##0"}, name
    charts = wb["Graphiques"]
    assert charts.cell(row=2, column=2).number_format == "#,##0.00"


def test_the_report_has_a_french_part_then_an_english_part(pack):
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pack["files"]["report.pdf"])).pages]
    start = next(i for i, text in enumerate(pages) if text.startswith("Impact evidence"))
    parts = {"fr": pages[:start], "en": pages[start:]}
    for language, texts in parts.items():
        lines = [line for text in texts for line in text.splitlines()]
        assert foreign(lines, language, pack["rules"]) == [], language
    french = " ".join(" ".join(parts["fr"]).split())
    assert "Méthodologie" in french
    assert "Chiffres clés" in french
    assert "CARD_CAP : Dotation carte" in french
    assert coverage.STATUS_FR["evaluated"] in french


def test_the_report_writes_each_amount_and_count_as_its_reader_does(pack):
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pack["files"]["report.pdf"])).pages]
    start = next(i for i, text in enumerate(pages) if text.startswith("Impact evidence"))
    french, english = "\n".join(pages[:start]), "\n".join(pages[start:])
    # The world's whole headline: 2 x 2,500,000 + 2 x 150,000 + 2 x 1,000 + 500 MAD.
    # Thousands grouped by a narrow no-break space, then a no-break space (read back as a space).
    assert re.search("5\u202f302\u202f500,00[\u00a0 ]MAD", french)
    assert "5,302,500.00 MAD" in english
    assert "5302500" not in french + english
    assert "5,302,500.00" not in french
    assert "\u202f" not in english


def test_each_chart_is_drawn_wholly_in_its_language(pack):
    drawn = pack["drawn"]
    assert drawn["fr"]
    assert drawn["en"]
    for language in ("fr", "en"):
        assert foreign(drawn[language], language, pack["rules"]) == [], language
    assert any("Dotation carte" in t for t in drawn["fr"])
    assert any("Card allowance" in t for t in drawn["en"])
    assert methodology.BILINGUAL_FORMAT == MANIFEST_FORMAT


def test_a_pack_built_in_the_previous_format_still_verifies_on_the_server(monkeypatch):
    world(trialled=2, unlocked=1, compliant=1)
    client = client_for(make_user(role=Role.REGULATOR))
    with monkeypatch.context() as built_earlier:
        built_earlier.setattr(manifest_module, "MANIFEST_FORMAT", labels.BILINGUAL_FORMAT - 1)
        built_earlier.setattr(manifest_module, "code_version", lambda: "fx-sandbox-tracker+old")
        _, data = built_pack(client)
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == labels.BILINGUAL_FORMAT - 1
    assert all("title_fr" not in r for r in json.loads(archive.read("rules.json")))
    result = verify(client, manifest["pack"])
    assert result["reproduces"] is True, [f for f in result["files"] if not f["same"]]
