"""The shipped rulebooks (published version 1) and the demo cohort, loaded idempotently.

`rulebooks_load_shipped` is what `load_rulebooks` runs; `rulebooks_load_demo` adds the demo
cohort and is meant for the demo loader, once the demo organisations exist.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.accounts.demo import demo_handwritten_startups
from backend.accounts.demo_population import demo_cohort_usernames
from backend.accounts.models import Organisation, User
from backend.audit.services import audit_record
from backend.rule_engine import load_rulebook_yaml
from backend.rulebooks.documents import (
    document_effective_from,
    document_errors,
    document_hash,
    document_to_json,
)
from backend.rulebooks.models import (
    Cohort,
    CohortStatus,
    Rulebook,
    RulebookVersion,
    VersionStatus,
)
from backend.rulebooks.services.cohorts import (
    cohort_activate,
    cohort_add_participants,
    cohort_create,
)
from backend.rulebooks.services.versions import version_snapshot

RULEBOOK_DIR: Path = settings.BASE_DIR / "fixtures" / "rulebooks"
SHIPPED_FILES = ("igoc-2026-in-force.yaml", "sandbox-proposal-2026.yaml")
SHIPPED_DESCRIPTIONS = {
    "in_force": "Exchange-control rules in force for Moroccan startups (IGOC 2026), with sources.",
    "proposed": "Adapted rules trialled in the sandbox. Every value is illustrative.",
}
LOADER = "load_rulebooks"

DEMO_COHORT_NAME = "Cohorte sandbox 2026"
DEMO_COHORT_WINDOW = (date(2026, 1, 1), date(2026, 12, 31))


class ShippedRulebookInvalid(RuntimeError):
    """A shipped rulebook file does not validate: a packaging defect, never silently loaded."""


@dataclass(frozen=True)
class LoadOutcome:
    """What loading one shipped file did."""

    file: str
    version: RulebookVersion
    created: bool


def _load_one(path: Path) -> LoadOutcome:
    document = document_to_json(load_rulebook_yaml(path.read_text(encoding="utf-8")))
    errors = document_errors(document)
    if errors:
        raise ShippedRulebookInvalid(
            f"{path.name}: " + "; ".join(f"{e.pointer}: {e.detail}" for e in errors)
        )
    header = document["rulebook"]
    title = header.get("title") or {}
    names = {"name_fr": title.get("fr", header["name"]), "name_en": title.get("en", header["name"])}
    rulebook, made = Rulebook.objects.get_or_create(
        name=header["name"],
        defaults={
            "kind": header["kind"],
            "description": SHIPPED_DESCRIPTIONS[header["kind"]],
            **names,
        },
    )
    if made:
        audit_record(
            actor=None,
            actor_username=LOADER,
            action="rulebook.create",
            obj=rulebook,
            after={"name": rulebook.name, **names, "kind": rulebook.kind, "file": path.name},
        )
    elif {k: getattr(rulebook, k) for k in names} != names:
        # A rulebook loaded before its file named it in both languages takes those names.
        before = {k: getattr(rulebook, k) for k in names}
        Rulebook.objects.filter(pk=rulebook.pk).update(**names)
        audit_record(
            actor=None,
            actor_username=LOADER,
            action="rulebook.rename",
            obj=rulebook,
            before=before,
            after={**names, "file": path.name},
        )
    existing = rulebook.versions.filter(number=1).first()
    if existing is not None:
        return LoadOutcome(path.name, existing, created=False)
    now = timezone.now()
    version = RulebookVersion.objects.create(
        rulebook=rulebook,
        number=1,
        status=VersionStatus.PUBLISHED,
        document=document,
        content_hash=document_hash(document),
        effective_from=document_effective_from(document),
        created_at=now,
        last_edited_at=now,
        published_at=now,
    )
    audit_record(
        actor=None,
        actor_username=LOADER,
        action="rulebook_version.publish",
        obj=version,
        after={**version_snapshot(version), "file": path.name},
    )
    return LoadOutcome(path.name, version, created=True)


@transaction.atomic
def rulebooks_load_shipped(*, directory: Path | None = None) -> list[LoadOutcome]:
    """Create the two shipped rulebooks as published version 1 (a re-run changes nothing)."""
    folder = directory or RULEBOOK_DIR
    return [_load_one(folder / name) for name in SHIPPED_FILES]


def _demo_cohort_members() -> list[Organisation]:
    users = demo_cohort_usernames(demo_handwritten_startups())
    found = dict(
        User.objects.filter(username__in=users).values_list("username", "membership__organisation")
    )
    missing = sorted(set(users) - {u for u, org in found.items() if org is not None})
    if missing:
        raise RuntimeError(f"load the demo organisations first (missing: {', '.join(missing)})")
    return list(Organisation.objects.filter(pk__in=found.values()).order_by("name"))


@transaction.atomic
def rulebooks_load_demo() -> Cohort:
    """The shipped rulebooks plus the active demo cohort (needs the demo organisations)."""
    outcomes = rulebooks_load_shipped()
    proposal = next(o.version for o in outcomes if o.version.rulebook.kind == "proposed")
    participants = _demo_cohort_members()
    existing = Cohort.objects.filter(name=DEMO_COHORT_NAME).first()
    if existing is not None:
        # A data directory loaded before the demo grew: its cohort takes the new members.
        return cohort_add_participants(actor=None, cohort=existing, organisations=participants)
    cohort = cohort_create(
        actor=None,
        name=DEMO_COHORT_NAME,
        starts_on=DEMO_COHORT_WINDOW[0],
        ends_on=DEMO_COHORT_WINDOW[1],
        proposed_version=proposal,
        participants=participants,
    )
    if cohort.status == CohortStatus.PLANNED:
        cohort = cohort_activate(actor=None, cohort=cohort)
    return cohort
