"""The demo tells the sandbox's story with real rates and the shipped rulebooks, for the six
startups written by hand and a generated year of 46 more across the five clusters."""

from collections import Counter

import pytest
from django.core.management import call_command

from backend.accounts.demo_population import demo_population
from backend.accounts.models import ParticipantProfile
from backend.declarations.demo import demo_declarations_load
from backend.declarations.demo_year import demo_year
from backend.declarations.models import Declaration
from backend.processing.pipeline import processing_declarations
from backend.screening.models import Finding
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HANDWRITTEN = 28


def _verdicts(user, reference: str) -> tuple[str, dict[str, str]]:
    declaration = Declaration.objects.get(reference=reference, is_current=True)
    body = client_for(user).get(f"/api/v1/declarations/{declaration.id}/").json()
    return body["status"], {v["rulebook"]["kind"]: v["verdict"] for v in body["verdicts"]}


def test_the_generated_population_is_fixed_and_spans_the_five_clusters():
    # Given the generator, run twice,
    first, second = demo_population(), demo_population()
    # then it gives the same 46 startups with unique names and users,
    assert first == second
    assert len(first) == 46
    assert len({e["name"] for e in first}) == len({e["user"] for e in first}) == 46
    # across the five clusters, most of each cluster in the cohort,
    clusters = Counter(e["cluster"] for e in first)
    assert set(clusters) == {"SOLAIRE", "C2TM", "MDC", "CE3M", "MNC"}
    assert min(clusters.values()) >= 9
    assert Counter(e["cluster"] for e in first if e["cohort"]) == dict.fromkeys(clusters, 7)
    # and the same year of payments, all in January to November 2026.
    year = demo_year()
    assert year == demo_year()
    dates = [p.value_date for payments in year.values() for p in payments]
    assert min(dates).isoformat() >= "2026-01-01"
    assert max(dates).isoformat() <= "2026-11-28"
    assert all(len(payments) >= 11 for payments in year.values())


def test_demo_declarations_convert_screen_and_load_once(django_user_model):
    # Given the demo organisations, the bundled rates, the shipped rulebooks and the demo cohort,
    call_command("load_demo", password="demo-password-123")
    call_command("load_demo_rates")
    call_command("load_rulebooks", "--demo-cohort")
    # when the demo payments are declared and the pipeline runs,
    first = demo_declarations_load()
    ids = list(Declaration.objects.values_list("pk", flat=True))
    processing_declarations(declaration_ids=ids)
    generated = sum(len(payments) for payments in demo_year().values())
    assert first.created == len(ids) == HANDWRITTEN + generated
    again = demo_declarations_load()
    assert (again.created, again.existing) == (0, len(ids))  # idempotent

    # then every generated startup has its year, each declaration screened or waiting for a rate,
    profiles = ParticipantProfile.objects.filter(
        organisation__memberships__user__username__in=[e["user"] for e in demo_population()]
    )
    assert profiles.count() == 46
    statuses = Counter(Declaration.objects.values_list("status", flat=True))
    assert set(statuses) == {"screened", "pending_rate"}
    # SSW-2026-002 (no bundled rate) and ILT-2026-004, a receipt expected on a day whose rate
    # is not published yet.
    assert statuses["pending_rate"] == 2

    # the labelled startup's 2,000,000 MAD card allowance is exceeded under the rules in force
    # while the sandbox proposal (4,000,000 MAD, illustrative) still allows the payment,
    regulator = django_user_model.objects.get(username="demo-regulator")
    assert _verdicts(regulator, "APL-2026-010") == (
        "screened",
        {"in_force": "breach", "proposed": "compliant"},
    )
    # the non-labelled company whose tax paid last year is unknown gets needs_review naming
    # that fact: its tax-linked allowance cannot be computed (no cohort: rules in force only),
    assert _verdicts(regulator, "TNS-2026-003") == ("screened", {"in_force": "needs_review"})
    unknown = Finding.objects.get(
        evaluation__declaration__reference="TNS-2026-003", rule_id="ECOM_COMPANY_ANNUAL_CAP"
    )
    assert (unknown.outcome, unknown.missing_facts) == ("needs_review", ["tax_paid_last_fy"])
    # a generated startup's ad campaign by card is outside the card allowance's scope in force
    # and inside the proposal's,
    ads = Declaration.objects.filter(
        organisation__memberships__user__username="demo-gen-02", category="DIGITAL_ADS"
    ).order_by("value_date")[0]
    assert _verdicts(regulator, ads.reference) == (
        "screened",
        {"in_force": "breach", "proposed": "compliant"},
    )
    # and a payment dated where the bundled sample has no rate waits for one, never compliant.
    status, verdicts = _verdicts(regulator, "SSW-2026-002")
    assert status == "pending_rate"
    assert set(verdicts.values()) <= {"pending_rate"}
