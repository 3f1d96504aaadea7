"""What a screening tells the startup: verdicts that changed, and allowances passing 80 % and
100 % of their limit (the notifications service drops a second notice of the same thing)."""

from __future__ import annotations

from decimal import Decimal

from backend.accounts.models import Organisation
from backend.notifications.services import (
    ALLOWANCE_THRESHOLDS,
    notifications_allowance_crossed,
    notifications_verdict_changed,
)
from backend.rule_engine.schema import MINOR_PER_MAD
from backend.rulebooks.models import RulebookVersion
from backend.screening.models import VerdictChange
from backend.screening.services.screening import ScreeningSummary
from backend.screening.services.screening.usage import AllowanceUse


def _mad(minor: int) -> str:
    return str((Decimal(minor) / MINOR_PER_MAD).quantize(Decimal("0.01")))


def processing_notify(summary: ScreeningSummary) -> int:
    """Notify the startups concerned by a screening's outcome; how many notices were created."""
    return _verdicts_changed(summary.change_pks) + _allowances_crossed(summary.allowances)


def _verdicts_changed(change_pks: list[int]) -> int:
    # A declaration that left the screening (withdrawn, amended) has no new verdict to tell.
    changes = (
        VerdictChange.objects.filter(pk__in=change_pks)
        .exclude(after="")
        .select_related("declaration", "participant", "rulebook_version__rulebook")
        .order_by("changed_at", "pk")
    )
    created = 0
    for change in changes:
        rulebook = change.rulebook_version.rulebook
        created += len(
            notifications_verdict_changed(
                organisation=change.participant,
                declaration_id=change.declaration_id,
                reference=change.declaration.reference,
                rulebook_name_fr=rulebook.name_fr,
                rulebook_name_en=rulebook.name_en,
                before=change.before,
                after=change.after,
            )
        )
    return created


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
