"""Every payment a cumulative breach rests on, computed on demand from the participant's window.

A stored finding names only the latest few payments of its total (rule_engine's
CONTRIBUTING_SAMPLE) and counts them all: the whole list would grow with the square of a
participant's declarations. When a regulator needs all of them (a case's page, an export), they
are computed again here from the declarations themselves, by the engine that found the breach.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone

from backend.rule_engine import contributing_ids
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import facts_build
from backend.screening.versions import ENGINE_COLUMNS, version_info


def contributing_declaration_ids(
    *,
    participant_id: str,
    versions: Iterable[RulebookVersion],
    rule_id: str,
    window_start: date,
    window_end: date,
    as_of: date | None = None,
) -> list[str]:
    """The participant's declarations making up the findings of `rule_id` (under any of
    `versions`) whose window starts within [window_start, window_end], in the engine's order;
    the first version's order first when several versions name the same rule."""
    as_of = as_of or timezone.localdate()
    found: dict[str, None] = {}
    for version in versions:
        info = version_info(version)
        rule = next((r for r in info.rulebook.rules if r.id == rule_id), None)
        if rule is None:
            continue
        # Structuring windows run on past the period's last day and may start before it.
        reach = timedelta(days=info.lookback_days())
        bundle = facts_build(
            participant_ids=[participant_id],
            start=window_start - reach,
            end=window_end + reach,
            taken_at=timezone.now(),
        )
        if bundle.frame.empty:
            continue
        ids = contributing_ids(
            rule,
            bundle.frame[list(ENGINE_COLUMNS)],
            as_of=as_of,
            window_from=window_start,
            window_to=window_end,
        )
        found.update(dict.fromkeys(ids))
    return list(found)
