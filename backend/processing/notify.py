"""What a screening tells the startup: verdicts that changed, and allowances passing 80 % and
100 % of their limit (the notifications service drops a second notice of the same thing)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from backend.accounts.models import Organisation
from backend.notifications.services import (
    ALLOWANCE_THRESHOLDS,
    VerdictChangeNotice,
    notifications_allowance_crossed,
    notifications_verdicts_changed,
)
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.rulebooks.models import RulebookVersion
from backend.screening.models import VerdictChange
from backend.screening.services.screening import ScreeningSummary
from backend.screening.services.screening.usage import AllowanceUse

# Ids per query when verdict changes are read back.
IN_CHUNK = 1_000


def _mad(minor: int) -> str:
    return str((Decimal(minor) / MINOR_PER_MAD).quantize(Decimal("0.01")))


def processing_notify(
    summary: ScreeningSummary, notices: list[VerdictChangeNotice] | None = None
) -> int:
    """Notify the startups concerned by a screening's outcome (`notices` when the caller has
    already read its verdict changes); how many notifications were created."""
    if notices is None:
        notices = verdict_notices(summary.change_pks)
    return notifications_verdicts_changed(notices=notices) + _allowances_crossed(summary.allowances)


def verdict_notices(change_pks: Sequence[int]) -> list[VerdictChangeNotice]:
    """The verdict changes a screening recorded, as notices: a payment that left the screening
    (withdrawn, amended) or had no verdict before has nothing to be told."""
    notices: list[VerdictChangeNotice] = []
    pks = list(change_pks)
    for start in range(0, len(pks), IN_CHUNK):
        rows = (
            VerdictChange.objects.filter(pk__in=pks[start : start + IN_CHUNK])
            .exclude(before="")
            .exclude(after="")
            .order_by("declaration_id", "rulebook_version_id", "changed_at", "pk")
            .values_list(
                "participant_id",
                "declaration_id",
                "declaration__reference",
                "rulebook_version__rulebook__name_fr",
                "rulebook_version__rulebook__name_en",
                "before",
                "after",
            )
        )
        notices += [VerdictChangeNotice(*row) for row in rows if row[5] != row[6]]
    return notices


def _threshold(use: AllowanceUse) -> int | None:
    """The highest threshold (in %) the use has reached, if any."""
    reached = [t for t in ALLOWANCE_THRESHOLDS if use.used_minor * 100 >= use.limit_minor * t]
    return max(reached) if reached else None


def _allowances_crossed(uses: list[AllowanceUse]) -> int:
    crossing = [(use, t) for use in uses if (t := _threshold(use)) is not None]
    if not crossing:
        return 0
    organisations = {
        str(o.pk): o
        for o in Organisation.objects.filter(pk__in={use.participant_id for use, _ in crossing})
    }
    names = _rulebook_names({use.version_id for use, _ in crossing})
    created = 0
    for use, threshold in crossing:
        name_fr, name_en = names[use.version_id]
        created += len(
            notifications_allowance_crossed(
                organisation=organisations[use.participant_id],
                rulebook_kind=use.rulebook_kind,
                rulebook_name_fr=name_fr,
                rulebook_name_en=name_en,
                rule_id=use.rule_id,
                rule_title_fr=use.title_fr,
                rule_title_en=use.title_en,
                period_start=use.period_start,
                threshold=threshold,
                used=_mad(use.used_minor),
                limit=_mad(use.limit_minor),
            )
        )
    return created


def _rulebook_names(version_ids: set[str]) -> dict[str, tuple[str, str]]:
    return {
        str(v.pk): (v.rulebook.name_fr, v.rulebook.name_en)
        for v in RulebookVersion.objects.filter(pk__in=version_ids).select_related("rulebook")
    }
