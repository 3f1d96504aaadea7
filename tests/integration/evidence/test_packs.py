"""Evidence packs: inputs frozen at the cut-off, so a pack still reproduces after an amendment and
a re-screening and says apart what changed since; a pack never built cannot be verified; a
downloaded pack is checked offline by `verify_pack` (no database) and uploaded to the API, and one
changed byte fails both."""

import io
import os
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from backend.common.roles import Role
from backend.declarations.models import Declaration
from backend.declarations.services.declarations import DeclarationChanges, declaration_amend
from backend.evidence.models import EvidencePack
from backend.screening.models import ScreeningRunChunk
from backend.screening.services.runs import screening_run_chunk, screening_run_start
from tests.conftest import client_for
from tests.factories import make_user
from tests.integration.evidence.helpers import FILTERS_2026, build, world
from tests.integration.screening import helpers as h

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def built_pack(client, fmt: str = "pack", **filters) -> tuple[dict, bytes]:
    response = client.post(
        reverse("api:evidence-exports"),
        {"format": fmt, "filters": {**FILTERS_2026, **filters}},
        format="json",
    )
    assert response.status_code == 202, response.content
    build(response.json()["id"])
    body = client.get(
        reverse("api:evidence-export-detail", kwargs={"export_id": response.json()["id"]})
    ).json()
    assert body["status"] == "done", body
    return body, b"".join(client.get(body["download_url"]).streaming_content)


def verify(client, pack_id) -> dict:
    response = client.post(reverse("api:evidence-pack-verify", kwargs={"pack_id": pack_id}))
    assert response.status_code == 200, response.content
    return response.json()


def amend(user, declaration: Declaration, amount: str) -> Declaration:
    with transaction.atomic():
        return declaration_amend(
            actor=user,
            declaration=declaration,
            changes=DeclarationChanges(
                direction=declaration.direction,
                category=declaration.category,
                channel=declaration.channel,
                amount=Decimal(amount),
                currency=declaration.currency,
                value_date=declaration.value_date,
                counterparty_name=declaration.counterparty_name,
                counterparty_country=declaration.counterparty_country,
            ),
        )


def rescreen() -> None:
    """A re-screening run of every participant, its chunks run as the workers run them."""
    run = screening_run_start(actor=None, reason="test", since=date(2026, 1, 1))
    for chunk in ScreeningRunChunk.objects.filter(run=run).order_by("number"):
        screening_run_chunk(chunk_id=chunk.pk)


def test_a_pack_still_reproduces_after_an_amendment_and_a_rescreening_and_says_what_changed():
    # Given a built pack of an advocate's 2026 evidence,
    data = world(trialled=6, unlocked=5, compliant=1, outsiders=5)
    client = client_for(make_user(role=Role.ADVOCATE))
    body, first = built_pack(client)
    pack = EvidencePack.objects.get(pk=body["pack"])
    assert pack.status == "built"
    manifest = pack.manifest
    assert manifest["inputs"]["declarations"] == 11
    assert len(manifest["rulebook_versions_hash"]) == len(manifest["rate_set"]["hash"]) == 64
    assert manifest["disclosure"]["min_participants"] == 5
    assert set(manifest["files"]) >= {"measures.csv", "report.pdf", "measures.json"}
    # when a member amends a payment and every participant is screened again,
    member, declaration = data["members"][0], data["declarations"][0]
    h.process(amend(member, declaration, "3500000.00"))
    rescreen()
    # then the pack rebuilds from its frozen inputs to the same files,
    result = verify(client, pack.pk)
    assert result["reproduces"] is True
    assert all(f["same"] for f in result["files"])
    # and says, apart, that the live data differs: the old version left, the new one came.
    assert result["current_data"] == {
        "differs": True,
        "declarations_added": 1,
        "declarations_removed": 1,
        "declarations_changed": 0,
        "verdicts_changed": 0,
    }
    # The pack list says so too, as of that verification.
    listed = client.get(reverse("api:evidence-packs")).json()["results"]
    assert [(p["id"], p["last_verified_ok"], p["last_current_data"]) for p in listed] == [
        (str(pack.pk), True, result["current_data"])
    ]
    # A rebuilt export of the same pack is byte for byte the first download.
    again = client.post(
        reverse("api:evidence-exports"), {"format": "pack", "pack": str(pack.pk)}, format="json"
    )
    build(again.json()["id"])
    rebuilt = client.get(
        reverse("api:evidence-export-detail", kwargs={"export_id": again.json()["id"]})
    ).json()
    assert b"".join(client.get(rebuilt["download_url"]).streaming_content) == first


def test_verifying_a_pack_never_built_is_an_error():
    world(trialled=1, unlocked=1, compliant=0)
    client = client_for(make_user(role=Role.ADVOCATE))
    response = client.post(
        reverse("api:evidence-exports"), {"format": "csv", "filters": FILTERS_2026}, format="json"
    )
    pack_id = response.json()["pack"]  # queued, never built (no worker ran)
    answer = client.post(reverse("api:evidence-pack-verify", kwargs={"pack_id": pack_id}))
    assert answer.status_code == 409
    assert answer.json()["code"] == "pack_not_built"
    assert EvidencePack.objects.get(pk=pack_id).last_verified_at is None


def one_byte_changed(pack: bytes, name: str = "measures.csv") -> bytes:
    """The same zip with one byte of one file changed."""
    source = zipfile.ZipFile(io.BytesIO(pack))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = bytearray(source.read(info))
            if info.filename == name:
                content[-3] ^= 0x01
            target.writestr(info, bytes(content))
    return out.getvalue()


def verify_pack_offline(path: Path, language: str = "en") -> subprocess.CompletedProcess:
    """`python -m backend.manage verify_pack` with a database that cannot be reached."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/no_database",
        "CELERY_BROKER_URL": "redis://127.0.0.1:9/0",
    }
    return subprocess.run(
        [sys.executable, "-m", "backend.manage", "verify_pack", str(path), "--language", language],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_verify_pack_checks_a_downloaded_pack_offline_and_fails_on_one_changed_byte(tmp_path):
    world(trialled=6, unlocked=5, compliant=1, outsiders=5)
    _, pack = built_pack(client_for(make_user(role=Role.ADVOCATE)), cluster="MNC")
    good, bad = tmp_path / "pack.zip", tmp_path / "changed.zip"
    good.write_bytes(pack)
    bad.write_bytes(one_byte_changed(pack))
    # A downloaded pack verifies with no database: every hash, and every file rebuilt.
    passed = verify_pack_offline(good)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "PACK VERIFIED" in passed.stdout
    assert "ok       measures.csv; rebuilt identical" in passed.stdout
    assert "ok       charts/unlocked_by_month.fr.png; rebuilt identical" in passed.stdout
    # One byte changed in one file: the command fails and names the file.
    failed = verify_pack_offline(bad)
    assert failed.returncode != 0
    assert "changed  measures.csv" in failed.stdout
    assert "PACK DOES NOT VERIFY" in failed.stdout
    # The same in French, with the same exit codes.
    passed_fr, failed_fr = verify_pack_offline(good, "fr"), verify_pack_offline(bad, "fr")
    assert passed_fr.returncode == 0, passed_fr.stdout + passed_fr.stderr
    assert "DOSSIER VÉRIFIÉ" in passed_fr.stdout
    assert "conforme  measures.csv ; reconstruit à l'identique" in passed_fr.stdout
    assert "PACK" not in passed_fr.stdout
    assert failed_fr.returncode == failed.returncode
    assert "modifié   measures.csv" in failed_fr.stdout
    assert "LE DOSSIER NE SE VÉRIFIE PAS" in failed_fr.stdout


def test_an_uploaded_pack_is_checked_against_the_one_built_here():
    world(trialled=6, unlocked=5, compliant=1, outsiders=5)
    advocate = make_user(role=Role.ADVOCATE)
    client = client_for(advocate)
    body, pack = built_pack(client)
    url = reverse("api:evidence-pack-checks")

    def upload(data: bytes, who=client):
        return who.post(url, {"file": io.BytesIO(data)}, format="multipart")

    intact = upload(pack)
    assert intact.status_code == 200, intact.content
    assert intact.json()["pack"] == body["pack"]
    assert intact.json()["intact"] is True
    assert all(f["same_as_built"] for f in intact.json()["files"])
    changed = upload(one_byte_changed(pack)).json()
    assert changed["intact"] is False
    states = {f["name"]: (f["state"], f["same_as_built"]) for f in changed["files"]}
    assert states["measures.csv"] == ("changed", False)
    # Another organisation's advocate, or a zip with another manifest, gets the same refusal.
    other_manifest = io.BytesIO()
    with zipfile.ZipFile(other_manifest, "w") as archive:
        archive.writestr("manifest.json", '{"files": {}}')
    for who, data in (
        (client_for(make_user(role=Role.ADVOCATE)), pack),
        (client, other_manifest.getvalue()),
    ):
        refused = upload(data, who)
        assert refused.status_code == 422
        assert refused.json()["code"] == "pack_unknown"


def test_a_pack_freezes_each_rules_coverage_and_its_files_say_it():
    # Given a regulator's pack of 2026 under the test rules (a card cap breached once),
    data = world(trialled=2, unlocked=1, compliant=1, outsiders=1)
    client = client_for(make_user(role=Role.REGULATOR))
    body, zipped = built_pack(client)
    pack = EvidencePack.objects.get(pk=body["pack"])
    reports = {r["version"]["rulebook"]["name"]: r for r in pack.manifest["coverage_report"]}
    # then its manifest holds each version's per-rule coverage of the period, with counts,
    in_force = {r["rule_id"]: r for r in reports["Test rules in force"]["rules"]}
    assert in_force["CARD_CAP"]["status"] == "evaluated"
    assert (in_force["CARD_CAP"]["in_scope"], in_force["CARD_CAP"]["outcomes"]["breach"]) == (3, 1)
    assert reports["Test rules in force"]["date_from"] == "2026-01-01"
    # its files say which rules were evaluated,
    files = zipfile.ZipFile(io.BytesIO(zipped))
    csv_text = files.read("measures.csv").decode("utf-8-sig")
    assert "Rule coverage, Test rules in force v1: " in csv_text
    assert "Couverture des règles, Test rules in force v1 : " in csv_text
    # and after the breaching payment is amended below the cap, the pack still reproduces from
    # the coverage it froze (the live report now counts no breach).
    h.process(amend(data["members"][0], data["declarations"][0], "1000.00"))
    assert verify(client, pack.pk)["reproduces"] is True
    version = pack.manifest["coverage_report"][0]["version"]["id"]
    live = client.get(f"/api/v1/rulebook-versions/{version}/coverage/", FILTERS_2026).json()
    live_rules = {r["rule_id"]: r for r in live["rules"]}
    assert live["version"]["rulebook"]["name"] == "Test rules in force"
    assert live_rules["CARD_CAP"]["outcomes"]["breach"] == 0


def test_an_advocates_pack_says_each_rules_status_without_counts():
    world(trialled=6, unlocked=5, compliant=1, outsiders=5)
    body, _ = built_pack(client_for(make_user(role=Role.ADVOCATE)))
    report = EvidencePack.objects.get(pk=body["pack"]).manifest["coverage_report"]
    rules = [rule for version in report for rule in version["rules"]]
    assert {r["status"] for r in rules} <= {"evaluated", "not_evaluated"}
    assert all(r["in_scope"] is None and r["outcomes"] is None for r in rules)
    assert all(version["counts_withheld"] for version in report)


def test_an_uploaded_file_that_is_no_pack_is_refused_saying_why():
    client = client_for(make_user(role=Role.ADVOCATE))
    url = reverse("api:evidence-pack-checks")
    no_manifest = io.BytesIO()
    with zipfile.ZipFile(no_manifest, "w") as archive:
        archive.writestr("measures.csv", "a,b\n")
    bad_manifest = io.BytesIO()
    with zipfile.ZipFile(bad_manifest, "w") as archive:
        archive.writestr("manifest.json", "{not json")
    cases = [
        (b"not a zip", "pack_not_zip"),
        (no_manifest.getvalue(), "pack_no_manifest"),
        (bad_manifest.getvalue(), "pack_bad_manifest"),
    ]
    for data, code in cases:
        response = client.post(url, {"file": io.BytesIO(data)}, format="multipart")
        assert response.status_code == 422, response.content
        assert response["Content-Type"].startswith("application/problem+json")
        body = response.json()
        assert body["code"] == code
        assert body["detail"].startswith("This file cannot be read as an evidence pack: ")
        assert len(body["problems"]) == 1
    # A request without a file names the missing field.
    missing = client.post(url, {}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["pointer"] == "/file"
