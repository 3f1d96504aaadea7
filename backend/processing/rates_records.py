"""What a publication's re-screening records besides each re-converted payment's own event: the
payments whose verdicts moved with them, and the re-converted payments a case may hold."""

from typing import Any

import pandas as pd

from backend.audit.services import audit_record_set
from backend.declarations.models import Declaration
from backend.notifications.services import VerdictChangeNotice
from backend.reviews.models import Case
from backend.screening.models import Flag

SYSTEM_ACTOR = "system:processing"


def audit_verdicts_moved(notices: list[VerdictChangeNotice], reason: dict[str, Any]) -> None:
    """One event per payment whose verdicts moved without its own conversion changing (a
    cumulative allowance counts the re-converted payments of its year), in its history: before
    and after by rulebook. A re-converted payment's own event already holds its verdicts."""
    by_declaration: dict[str, tuple[Any, dict[str, str], dict[str, str]]] = {}
    for notice in notices:
        _, before, after = by_declaration.setdefault(
            str(notice.declaration_id), (notice.organisation_id, {}, {})
        )
        before[notice.rulebook_name_en] = notice.before
        after[notice.rulebook_name_en] = notice.after
    audit_record_set(
        action="declaration.verdicts_changed",
        actor_username=SYSTEM_ACTOR,
        object_type=Declaration._meta.label_lower,
        rows=[
            (declaration_id, str(organisation), {"verdicts": before}, {"verdicts": after, **reason})
            for declaration_id, (organisation, before, after) in by_declaration.items()
        ],
    )


def held_rows(held: list[str]) -> pd.DataFrame:
    """The kept declarations' id, participant, value date and status now."""
    return pd.DataFrame(
        [
            (str(pk), str(participant), day, status)
            for pk, participant, day, status in Declaration.objects.filter(pk__in=held)
            .order_by()
            .values_list("pk", "organisation_id", "value_date", "status")
        ],
        columns=["id", "participant_id", "value_date", "status"],
    )


def held_by_cases(
    states: dict[str, tuple[dict[str, Any], dict[str, Any]]], participant_ids: list[str]
) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """The changes whose payment a case may hold: flagged, or a case opened on it (a case holds
    only those), read per participant instead of per payment."""
    participants = list[Any](participant_ids)
    flagged = {
        str(i)
        for i in Flag.objects.filter(participant_id__in=participants)
        .order_by()
        .values_list("declaration_id", flat=True)
    }
    flagged.update(
        str(i)
        for i in Case.objects.filter(participant_id__in=participants)
        .order_by()
        .values_list("declaration_id", flat=True)
    )
    return {i: change for i, change in states.items() if i in flagged}
