"""`verify_pack` says what it found in French or in English, by default in the server's
language, with the same exit codes in both."""

import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from backend.evidence.packs.offline import check_lines, pack_check


def _run(path: Path, *args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_pack", str(path), *args, stdout=out)
    return out.getvalue(), str(failed.value)


def test_a_file_that_is_no_zip_fails_in_each_language(tmp_path):
    path = tmp_path / "pack.zip"
    path.write_bytes(b"not a zip")
    out_fr, error_fr = _run(path, "--language", "fr")
    out_en, error_en = _run(path, "--language", "en")
    assert out_fr.splitlines()[0].startswith("problème : pas un fichier zip lisible : ")
    assert out_fr.splitlines()[-1] == "LE DOSSIER NE SE VÉRIFIE PAS"
    assert error_fr == "le dossier ne se vérifie pas"
    assert out_en.splitlines()[0].startswith("problem: not a readable zip file: ")
    assert out_en.splitlines()[-1] == "PACK DOES NOT VERIFY"
    assert error_en == "the pack does not verify"


def test_without_a_language_it_speaks_the_servers_else_english(tmp_path):
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("measures.json", "{}")
    with override_settings(LANGUAGE_CODE="fr"):
        assert "le zip ne contient pas de manifest.json" in _run(path)[0]
    with override_settings(LANGUAGE_CODE="en-gb"):
        assert "the zip holds no manifest.json" in _run(path)[0]
    with override_settings(LANGUAGE_CODE="ar"):
        assert _run(path)[0].splitlines()[-1] == "PACK DOES NOT VERIFY"


def test_a_missing_file_is_named_in_each_language(tmp_path):
    missing = tmp_path / "absent.zip"
    with pytest.raises(CommandError, match="n'est pas un fichier"):
        call_command("verify_pack", str(missing), "--language", "fr", stdout=StringIO())
    with pytest.raises(CommandError, match="is not a file"):
        call_command("verify_pack", str(missing), "--language", "en", stdout=StringIO())


def test_each_file_state_is_worded_in_both_languages(tmp_path):
    data = tmp_path / "pack.zip"
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("manifest.json", '{"pack": "p1", "files": {"a.csv": "0" }}')
        archive.writestr("b.csv", "extra")
    check = pack_check(data.read_bytes())
    french, english = check_lines(check, "fr"), check_lines(check, "en")
    assert french[0].startswith("dossier p1 (empreinte SHA-256 du manifeste ")
    assert "manquant  a.csv" in french
    assert "non listé b.csv" in french
    assert "missing  a.csv" in english
    assert "unlisted b.csv" in english
    assert english[-1] == "PACK DOES NOT VERIFY"
