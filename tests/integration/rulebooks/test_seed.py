"""`load_rulebooks` and the demo cohort: created once, re-runs change nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from backend.accounts.demo import demo_load
from backend.audit.models import AuditEvent
from backend.rule_engine import load_rulebook_yaml
from backend.rulebooks.documents import document_hash, document_to_json
from backend.rulebooks.models import Cohort, Rulebook, RulebookVersion
from backend.rulebooks.seed import RULEBOOK_DIR, rulebooks_load_demo
from backend.rulebooks.selectors import governing_version, rulebook_versions_screening

pytestmark = pytest.mark.django_db

IN_FORCE = "IGOC 2026 — rules in force"
PROPOSAL = "Sandbox proposal 2026 (illustrative)"


def _load() -> str:
    out = StringIO()
    call_command("load_rulebooks", stdout=out)
    return out.getvalue()


def test_load_rulebooks_publishes_both_shipped_files_as_version_1():
    output = _load()

    assert output.splitlines() == [
        f"igoc-2026-in-force.yaml: {IN_FORCE} v1 effective 2026-01-01 (created)",
        f"sandbox-proposal-2026.yaml: {PROPOSAL} v1 effective 2026-01-01 (created)",
    ]
    books = {b.name: b for b in Rulebook.objects.all()}
    assert {name: (b.kind, b.name_fr, b.name_en) for name, b in books.items()} == {
        IN_FORCE: ("in_force", "IGOC 2026 — règles en vigueur", IN_FORCE),
        PROPOSAL: ("proposed", "Proposition sandbox 2026 (valeurs illustratives)", PROPOSAL),
    }
    for name, file in (
        (IN_FORCE, "igoc-2026-in-force.yaml"),
        (PROPOSAL, "sandbox-proposal-2026.yaml"),
    ):
        version = RulebookVersion.objects.get(rulebook=books[name])
        expected = document_to_json(load_rulebook_yaml((RULEBOOK_DIR / file).read_text("utf-8")))
        assert (version.number, version.status) == (1, "published")
        assert version.effective_from == date(2026, 1, 1)
        assert version.document == expected
        assert version.content_hash == document_hash(expected)
    assert (
        AuditEvent.objects.filter(
            action="rulebook_version.publish", actor_username="load_rulebooks"
        ).count()
        == 2
    )


def test_every_proposed_value_is_labelled_illustrative():
    _load()
    proposal = RulebookVersion.objects.get(rulebook__name=PROPOSAL)
    assert {rule["confidence"] for rule in proposal.document["rules"]} == {"illustrative"}


def test_a_second_run_changes_nothing():
    _load()
    versions = list(RulebookVersion.objects.order_by("id").values())
    events = AuditEvent.objects.count()

    output = _load()

    assert "(already loaded)" in output
    assert "(created)" not in output
    assert list(RulebookVersion.objects.order_by("id").values()) == versions
    assert AuditEvent.objects.count() == events


def test_the_demo_cohort_trials_the_proposal_with_three_written_and_35_generated_startups():
    demo_load(password="demo-password-for-tests")

    cohort = rulebooks_load_demo()
    again = rulebooks_load_demo()

    assert again == cohort
    assert Cohort.objects.count() == 1
    assert cohort.name == "Cohorte sandbox 2026"
    assert (cohort.starts_on, cohort.ends_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert cohort.status == "active"
    assert cohort.proposed_version.rulebook.name == PROPOSAL
    members = set(cohort.participants.values_list("memberships__user__username", flat=True))
    assert {"demo-startup-1", "demo-startup-3", "demo-startup-5"} <= members
    assert not members & {"demo-startup-2", "demo-startup-4", "demo-startup-6"}
    assert len(members) == 3 + 35
    # Seven generated startups of each cluster trial the proposal; two or three stay outside.
    assert set(cohort.participants.values_list("participant__cluster", flat=True)) == {
        "SOLAIRE",
        "C2TM",
        "MDC",
        "CE3M",
        "MNC",
    }
    atlas = cohort.participants.get(name="Atlas Photon Labs")
    screening = rulebook_versions_screening(participant=atlas, value_date=date(2026, 3, 25))
    assert [v.rulebook.name for v in screening] == [IN_FORCE, PROPOSAL]
    assert governing_version(participant=atlas, value_date=date(2026, 3, 25)).rulebook.name == (
        PROPOSAL
    )


def test_the_demo_cohort_needs_the_demo_organisations():
    with pytest.raises(RuntimeError, match="load the demo organisations first"):
        rulebooks_load_demo()
    assert not Cohort.objects.exists()
    assert not Rulebook.objects.exists()
