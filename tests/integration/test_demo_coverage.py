"""Done when: the coverage report lists every shipped rule with non-zero evaluations on the demo
data. No shipped rule is silently inert on the story the demo tells."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from backend.accounts.models import User
from backend.declarations.demo import demo_declarations_load
from backend.declarations.models import Declaration
from backend.processing.pipeline import processing_declarations
from backend.rule_engine import load_rulebook_yaml, parse_rulebook
from backend.rulebooks.models import RulebookVersion, VersionStatus
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SHIPPED = sorted((Path(settings.BASE_DIR) / "fixtures" / "rulebooks").glob("*.yaml"))


def test_every_shipped_rule_evaluates_demo_declarations():
    # Given the demo loaded as `./scripts/run` loads it, and its payments processed,
    call_command("load_demo", password="demo-password-123")
    call_command("load_demo_rates")
    call_command("load_rulebooks", "--demo-cohort")
    demo_declarations_load()
    processing_declarations(declaration_ids=list(Declaration.objects.values_list("pk", flat=True)))
    regulator = client_for(User.objects.get(username="demo-regulator"))
    assert len(SHIPPED) == 2
    for path in SHIPPED:
        shipped = parse_rulebook(load_rulebook_yaml(path.read_text("utf-8")))
        version = RulebookVersion.objects.get(
            rulebook__name=shipped.name, status=VersionStatus.PUBLISHED
        )
        # when a regulator asks for the version's coverage of 2026,
        response = regulator.get(
            f"/api/v1/rulebook-versions/{version.pk}/coverage/",
            {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        )
        assert response.status_code == 200, response.content
        rules = {r["rule_id"]: r for r in response.json()["rules"]}
        # then every rule of the shipped file is listed and evaluated at least one payment.
        assert list(rules) == [r.id for r in shipped.rules], path.name
        inert = {rule_id: r["in_scope"] for rule_id, r in rules.items() if r["evaluated"] == 0}
        assert inert == {}, f"{path.name}: rules that evaluated nothing: {inert}"
        assert all(r["status"] == "evaluated" for r in rules.values())
