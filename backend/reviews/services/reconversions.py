"""A case opened on an amount that a late or revised rate has since changed: its timeline says so.

The case keeps the amount it opened on (its priority was set from it); the timeline records each
of its payments re-converted, with the old and new conversion, so the reviewer sees why the
verdicts under review may have moved.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Q

from backend.audit.services import audit_record_many
from backend.reviews.models import Case
from backend.reviews.services.base import SYSTEM_ACTOR

# Ids per query when cases are looked up by their payments.
IN_CHUNK = 1_000
# A case's event lists at most this many of its re-converted payments.
LISTED_LIMIT = 50


def cases_record_reconversions(
    *, changes: Mapping[str, tuple[dict[str, Any], dict[str, Any]]]
) -> int:
    """One timeline event on every case holding a re-converted payment (the one it opened on or
    one attached later): `changes` maps a declaration id to its (before, after) conversion.
    Returns how many cases were told."""
    ids = sorted(changes)
    held: dict[Any, set[str]] = {}
    cases: dict[Any, Case] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        found = (
            Case.objects.filter(Q(declaration_id__in=chunk) | Q(flags__declaration_id__in=chunk))
            .select_related("participant")
            .values_list("pk", "declaration_id", "flags__declaration_id")
        )
        for case_id, opened_on, attached in found:
            for declaration_id in (opened_on, attached):
                if declaration_id is not None and str(declaration_id) in changes:
                    held.setdefault(case_id, set()).add(str(declaration_id))
    if not held:
        return 0
    for case in Case.objects.filter(pk__in=list(held)).select_related("participant"):
        cases[case.pk] = case
    events = []
    for case_id, declarations in sorted(held.items(), key=lambda item: str(item[0])):
        case = cases[case_id]
        listed = sorted(declarations)[:LISTED_LIMIT]
        events.append(
            {
                "actor": None,
                "actor_username": SYSTEM_ACTOR,
                "action": "case.payments_reconverted",
                "obj": case,
                "organisation": case.participant,
                "before": {
                    "amount_mad": f"{case.amount_mad:.2f}",
                    "payments": {d: changes[d][0] for d in listed},
                },
                "after": {
                    "count": len(declarations),
                    "payments": {d: changes[d][1] for d in listed},
                },
            }
        )
    audit_record_many(events)
    return len(events)
