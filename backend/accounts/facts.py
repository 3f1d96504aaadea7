"""The participant facts exchange rules read: known-true, known-false or unknown, each known
one with the day it is known as of and its source; changed by regulators and admins, audited,
and followed by a screening of the participant on the new facts."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import ParticipantFact, ParticipantProfile
from backend.audit.services import audit_record
from backend.common.domain_errors import DomainError, InvalidInput
from backend.common.events import Event, event_publish

# The profile fields that hold each fact (the label's date rides with the label).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    ParticipantFact.LABELLED: ("labelled", "labelled_on"),
    ParticipantFact.HAS_FX_ACCOUNT: ("has_fx_account",),
    ParticipantFact.CATEGORISED_OPERATOR: ("categorised_operator",),
    ParticipantFact.CERTIFIED_ACCOUNTS: ("certified_accounts",),
    ParticipantFact.INCORPORATED_ON: ("incorporated_on",),
    ParticipantFact.TAX_PAID_LAST_FY: ("tax_paid_last_fy",),
    ParticipantFact.PRE_REVENUE: ("pre_revenue",),
    ParticipantFact.CLUSTER: ("cluster",),
}
FIELDS = tuple(f for fields in FACT_FIELDS.values() for f in fields)
UNKNOWN_CLUSTER = ""


def fact_is_known(profile: ParticipantProfile, fact: str) -> bool:
    """Whether the profile knows this fact (a null value, or an empty cluster, is unknown)."""
    value = getattr(profile, FACT_FIELDS[fact][0])
    return value is not None and value != UNKNOWN_CLUSTER


def participant_facts_unknown(profile: ParticipantProfile) -> list[str]:
    """The facts nobody knows yet, in ParticipantFact order."""
    return [fact for fact in ParticipantFact.values if not fact_is_known(profile, fact)]


def _wire(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _state(profile: ParticipantProfile) -> dict[str, Any]:
    return {
        **{field: _wire(getattr(profile, field)) for field in FIELDS},
        "sources": dict(profile.fact_sources),
    }


def _invalid(pointer: str, code: str, detail: str) -> DomainError:
    return InvalidInput.at(pointer, code=code, detail=detail)


def _check(
    profile: ParticipantProfile,
    changed: set[str],
    sources: dict[str, dict[str, Any]],
    today: date,
) -> None:
    """A fact made or kept known by this change states its source; nothing is known as of a
    day to come; a label says since when."""
    for fact, source in sorted(sources.items()):
        if fact not in FACT_FIELDS:
            raise _invalid(f"/sources/{fact}", "unknown_fact", f"No participant fact {fact!r}.")
        if source["as_of"] > today:
            raise _invalid(
                f"/sources/{fact}/as_of",
                "as_of_in_future",
                "A fact cannot be known as of a day still to come.",
            )
    for fact in sorted(changed):
        if fact_is_known(profile, fact) and fact not in sources:
            raise _invalid(
                f"/sources/{fact}",
                "source_required",
                "A known fact states the day it is known as of and where it comes from.",
            )
    if profile.labelled and profile.labelled_on is None:
        raise _invalid("/labelled_on", "label_date_required", "A labelled startup says since when.")


@transaction.atomic
def participant_facts_update(
    *,
    actor: Any,
    profile: ParticipantProfile,
    values: dict[str, Any],
    sources: dict[str, dict[str, Any]],
) -> ParticipantProfile:
    """Change some of a participant's facts (a value, or None for unknown), each known one
    with its source (`{fact: {"as_of", "source"}}`); audited with before and after, and the
    participant is screened again on them (after commit). A change that changes nothing writes
    nothing."""
    locked = ParticipantProfile.objects.select_for_update().get(pk=profile.pk)
    before = _state(locked)
    changed = {
        fact
        for fact, fields in FACT_FIELDS.items()
        if any(f in values and values[f] != getattr(locked, f) for f in fields)
    }
    for field in FIELDS:
        if field in values:
            setattr(locked, field, values[field])
    if locked.labelled is False:
        locked.labelled_on = None
    _check(locked, changed, sources, timezone.localdate())
    recorded = dict(locked.fact_sources)
    for fact, source in sources.items():
        recorded[fact] = {"as_of": source["as_of"].isoformat(), "source": source["source"]}
    for fact in FACT_FIELDS:
        if not fact_is_known(locked, fact):
            recorded.pop(fact, None)
    locked.fact_sources = recorded
    after = _state(locked)
    if after == before:
        return locked
    locked.screening_requested_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        action="participant.facts_change",
        obj=locked,
        organisation=locked.organisation,
        before=before,
        after=after,
    )
    event_publish(Event.PARTICIPANT_FACTS_CHANGED, participant_id=str(locked.pk))
    return locked
