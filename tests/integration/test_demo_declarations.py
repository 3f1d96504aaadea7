"""The demo tells the sandbox's story with real rates and the shipped rulebooks."""

import pytest
from django.core.management import call_command

from backend.declarations.demo import demo_declarations_load
from backend.declarations.models import Declaration
from backend.declarations.pipeline import declarations_process
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _verdicts(user, reference: str) -> tuple[str, dict[str, str]]:
    declaration = Declaration.objects.get(reference=reference, is_current=True)
    body = client_for(user).get(f"/api/v1/declarations/{declaration.id}/").json()
    return body["status"], {v["rulebook"]["kind"]: v["verdict"] for v in body["verdicts"]}


def test_demo_declarations_convert_screen_and_load_once(django_user_model):
    # Given the demo organisations, the bundled rates, the shipped rulebooks and the demo cohort,
    call_command("load_demo", password="demo-password-123")
    call_command("load_demo_rates")
    call_command("load_rulebooks", "--demo-cohort")
    # when the demo payments are declared and the pipeline runs,
    first = demo_declarations_load()
    ids = list(Declaration.objects.values_list("pk", flat=True))
    declarations_process(declaration_ids=ids)
    assert first.created == len(ids) == 22
    assert demo_declarations_load().created == 0  # idempotent

    # then the labelled startup's 2,000,000 MAD card allowance is exceeded under the rules in force
    # while the sandbox proposal (4,000,000 MAD, illustrative) still allows the payment,
    regulator = django_user_model.objects.get(username="demo-regulator")
    assert _verdicts(regulator, "APL-2026-010") == (
        "screened",
        {"in_force": "breach", "proposed": "compliant"},
    )
    # the non-labelled company's tax-linked allowance is exceeded (no cohort: rules in force only),
    assert _verdicts(regulator, "TNS-2026-003") == ("screened", {"in_force": "breach"})
    # and a payment dated where the bundled sample has no rate waits for one, never compliant.
    status, verdicts = _verdicts(regulator, "SSW-2026-002")
    assert status == "pending_rate"
    assert set(verdicts.values()) <= {"pending_rate"}
