"""A rulebook's notes are shown to people in French and English, as its titles are; a plain
string from an older document is still read (shown as written in both languages)."""

import pytest

from backend.rule_engine import load_rulebook_yaml, parse_rulebook
from backend.rule_engine.model import LocalText

from .factories import FIXTURES, IN_FORCE, PROPOSAL, shipped


@pytest.mark.parametrize("name", [IN_FORCE, PROPOSAL])
def test_every_note_of_the_shipped_rulebooks_is_written_in_both_languages(name):
    document = load_rulebook_yaml((FIXTURES / name).read_text("utf-8"))
    written = [document["version"]["notes"]]
    for rule in document["rules"]:
        written += [n for n in (rule["citation"].get("note"), rule.get("notes")) if n is not None]
    assert len(written) > 10
    for note in written:
        assert isinstance(note, dict), note
        assert note["en"]
        assert note["fr"] not in ("", note["en"])


def test_a_plain_string_note_from_an_older_document_reads_the_same_in_both_languages():
    assert LocalText.of("Older note") == LocalText(fr="Older note", en="Older note")
    assert LocalText.of({"fr": "Note", "en": "Note EN"}) == LocalText(fr="Note", en="Note EN")
    assert not LocalText.of(None)
    assert not LocalText.of("")


def test_a_document_with_plain_string_notes_parses():
    document = load_rulebook_yaml((FIXTURES / IN_FORCE).read_text("utf-8"))
    document["version"]["notes"] = "Version notes written before notes were bilingual"
    document["rules"][0]["citation"]["note"] = "A citation note, English only"
    book = parse_rulebook(document)
    assert book.notes.fr == book.notes.en == "Version notes written before notes were bilingual"
    note = book.rules[0].citation.note
    assert note == LocalText(fr="A citation note, English only", en="A citation note, English only")


def test_the_shipped_notes_parse_into_each_language():
    assert shipped(IN_FORCE).rule("SVC_ADVANCE_MAX_PCT").citation.note == LocalText(
        fr="Les intermédiaires agréés peuvent transférer des avances jusqu'à 30 % du montant des "
        "prestations ponctuelles.",
        en="Authorised intermediaries may transfer advances up to 30 % of the fee of one-off "
        "services.",
    )
