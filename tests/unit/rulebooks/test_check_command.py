"""`check_rulebooks`: the shipped files pass; a law tag on a changed proposed value or a press
value without its source makes it fail, naming the file and the pointer."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from backend.rulebooks.seed import RULEBOOK_DIR, SHIPPED_FILES


def _check(*paths: Path) -> str:
    out = StringIO()
    call_command("check_rulebooks", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def test_every_shipped_rulebook_file_passes() -> None:
    assert _check() == "2 rulebook files checked: every citation holds.\n"
    assert sorted(p.name for p in RULEBOOK_DIR.glob("*.yaml")) == sorted(SHIPPED_FILES)


def _write(folder: Path, name: str, document: dict) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _shipped(name: str) -> dict:
    data: dict = yaml.safe_load((RULEBOOK_DIR / name).read_text("utf-8"))
    return data


def test_an_official_tag_on_a_changed_proposed_value_and_an_unsourced_press_value_fail(
    tmp_path: Path,
) -> None:
    in_force = _shipped("igoc-2026-in-force.yaml")
    travel = next(r for r in in_force["rules"] if r["id"] == "BIZ_TRAVEL_ANNUAL_CAP")
    travel["citation"] = {"instrument": "IGOC", "edition": "2026"}  # press, no source
    proposal = _shipped("sandbox-proposal-2026.yaml")
    deadline = next(r for r in proposal["rules"] if r["id"] == "SVC_EXPORT_REPATRIATION_DAYS")
    deadline["confidence"] = "official"  # 180 days, where the rules in force say 90
    deadline["citation"] = {"instrument": "IGOC", "edition": "2024", "article": "97"}
    files = (
        _write(tmp_path, "in-force.yaml", in_force),
        _write(tmp_path, "proposal.yaml", proposal),
    )

    with pytest.raises(CommandError) as refused:
        _check(*files)

    travel_at = [r["id"] for r in in_force["rules"]].index("BIZ_TRAVEL_ANNUAL_CAP")
    deadline_at = [r["id"] for r in proposal["rules"]].index("SVC_EXPORT_REPATRIATION_DAYS")
    assert str(refused.value).splitlines() == [
        "4 problems in the rulebook files:",
        f"  in-force.yaml: /rules/{travel_at}/citation/published_on: a press value cites the "
        "date it was published",
        f"  in-force.yaml: /rules/{travel_at}/citation/source: a press value cites the "
        "publication that reported it",
        f"  in-force.yaml: /rules/{travel_at}/citation/source_url: a press value cites the URL "
        "where it can be read",
        f"  proposal.yaml: /rules/{deadline_at}/confidence: this value differs from the rule in "
        "force ('IGOC 2026 — rules in force'): a changed value is illustrative, not official",
    ]


def test_a_syntax_error_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [\n", "utf-8")
    with pytest.raises(CommandError) as refused:
        _check(broken)
    assert "broken.yaml: /: " in str(refused.value)
