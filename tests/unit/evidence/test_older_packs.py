"""A pack built before the files were written wholly in each language (manifest formats 4 and
5) rebuilds to the very bytes it was built with: every derived file's SHA-256 is compared with
the one recorded when that format was current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend.evidence.packs.files import pack_files
from backend.evidence.packs.manifest import MANIFEST_NAME, library_versions, sha256
from tests.unit.evidence import frozen_pack

RECORDED = json.loads((Path(__file__).parent / "frozen_pack_hashes.json").read_text())


@pytest.mark.skipif(
    library_versions() != frozen_pack.LIBRARIES,
    reason="the recorded hashes were built with other chart, report and workbook libraries "
    "(a pack says which it was built with; the offline check skips its rebuild likewise)",
)
@pytest.mark.parametrize("fmt", [4, 5])
@pytest.mark.parametrize("published", [False, True])
def test_a_pack_of_an_earlier_format_rebuilds_to_the_bytes_it_was_built_with(fmt, published):
    files, _ = pack_files(
        frozen_pack.payload(published), frozen_pack.body(fmt, published), frozen_pack.RULES_FORMAT5
    )
    rebuilt = {name: sha256(data) for name, data in files.items() if name != MANIFEST_NAME}
    assert rebuilt == RECORDED[f"{fmt}-{'published' if published else 'exact'}"]
