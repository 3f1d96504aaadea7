"""Demonstration organisations and users (fictional), loaded idempotently."""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from backend.accounts.demo_population import demo_population
from backend.accounts.models import Organisation, ParticipantFact, ParticipantProfile, User
from backend.accounts.services import membership_set
from backend.audit.services import audit_record
from backend.common.roles import OrganisationKind, Role

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "organisations.yaml"
DEMO_PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name, not a secret)


@dataclass(frozen=True)
class DemoLogin:
    """A demo user the run command prints."""

    username: str
    role: str
    organisation: str
    generated: bool = False


def demo_password_resolve(*, explicit: str = "") -> str:
    """DEMO_PASSWORD, else the one generated once for this data directory (kept private)."""
    if explicit or settings.DEMO_PASSWORD:
        return explicit or settings.DEMO_PASSWORD
    path: Path = settings.DATA_DIR / DEMO_PASSWORD_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def _upsert_user(
    *, username: str, password: str, organisation: Organisation, role: str, hashed: str = ""
) -> User:
    """Create or refresh a demo user; `hashed`: a hash of `password` to store as it is (hashing
    is deliberately slow: the generated users share one hash made once per load)."""
    # A reserved domain: overdue notices in the demo are written to files, never delivered.
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_active": True, "email": f"{username}@example.invalid"}
    )
    if hashed:
        if user.password != hashed:
            user.password = hashed
            user.save(update_fields=["password"])
    elif created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    membership_set(actor=None, user=user, organisation=organisation, role=role)
    return user


def _upsert_org(*, name: str, kind: str) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    if created:
        audit_record(
            actor=None,
            actor_username="load_demo",
            action="organisation.create",
            obj=organisation,
            organisation=organisation,
            after={"name": name, "kind": kind},
        )
    return organisation


# The demo's facts are known as of the day the startups joined, from their admission file
# (organisations.yaml says so for the hand-written ones; the generated ones share it).
FACTS_AS_OF = date(2026, 1, 5)
FACTS_SOURCE = "Dossier d'admission au bac à sable (démo)"


def _participant_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """Profile fields of a startup entry: a fact given as null is unknown (never false); each
    known fact says as of when and from where it is known."""

    def as_date(value: Any) -> date | None:
        return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))

    def flag(name: str) -> bool | None:
        value = entry.get(name)
        return None if value is None else bool(value)

    tax = entry.get("tax_paid_last_fy")
    fields: dict[str, Any] = {
        "labelled": flag("labelled"),
        "labelled_on": as_date(entry.get("labelled_on")),
        "incorporated_on": as_date(entry.get("incorporated_on")),
        "has_fx_account": flag("has_fx_account"),
        "categorised_operator": flag("categorised_operator"),
        "certified_accounts": flag("certified_accounts"),
        "tax_paid_last_fy": None if tax is None else Decimal(str(tax)),
        "pre_revenue": flag("pre_revenue"),
        "sector": entry["sector"],
        "cluster": entry["cluster"],
        "region": entry["region"],
    }
    known_as_of = as_date(entry.get("facts_as_of")) or FACTS_AS_OF
    source = entry.get("facts_source") or FACTS_SOURCE
    facts = {
        fact: fields[fact if fact != ParticipantFact.CLUSTER else "cluster"]
        for fact in ParticipantFact.values
    }
    fields["fact_sources"] = {
        fact: {"as_of": known_as_of.isoformat(), "source": source}
        for fact, value in facts.items()
        if value is not None and value != ""
    }
    return fields


def _generated_hash(password: str) -> str:
    """The stored hash of the generated users' password: kept while it still matches."""
    first = User.objects.filter(username=demo_population()[0]["user"]).first()
    if first is not None and first.check_password(password):
        return first.password
    return make_password(password)


def _upsert_startup(entry: dict[str, Any], password: str, hashed: str = "") -> Organisation:
    org = _upsert_org(name=entry["name"], kind=OrganisationKind.STARTUP)
    ParticipantProfile.objects.update_or_create(
        organisation=org, defaults=_participant_fields(entry)
    )
    _upsert_user(
        username=entry["user"],
        password=password,
        organisation=org,
        role=Role.STARTUP,
        hashed=hashed,
    )
    return org


def demo_handwritten_startups() -> list[dict[str, Any]]:
    """The startups written by hand in organisations.yaml (demo-startup-1 ... -6)."""
    spec: dict[str, Any] = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    return list(spec["startups"])


@transaction.atomic
def demo_load(*, password: str) -> list[DemoLogin]:
    """Create or refresh the demo organisations, participants and users; safe to run repeatedly."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded with production settings.")
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    logins: list[DemoLogin] = []
    for key, kind, role in (
        ("regulator", OrganisationKind.REGULATOR, Role.REGULATOR),
        ("advocacy", OrganisationKind.ADVOCACY, Role.ADVOCATE),
    ):
        org = _upsert_org(name=spec[key]["name"], kind=kind)
        for username in spec[key]["users"]:
            _upsert_user(username=username, password=password, organisation=org, role=role)
            logins.append(DemoLogin(username=username, role=role, organisation=org.name))
    known = {"facts_as_of": spec.get("facts_as_of"), "facts_source": spec.get("facts_source")}
    for entry in spec["startups"]:
        org = _upsert_startup({**known, **entry}, password)
        logins.append(DemoLogin(username=entry["user"], role=Role.STARTUP, organisation=org.name))
    hashed = _generated_hash(password)
    for entry in demo_population():
        org = _upsert_startup(entry, password, hashed)
        logins.append(
            DemoLogin(
                username=entry["user"], role=Role.STARTUP, organisation=org.name, generated=True
            )
        )
    return logins
