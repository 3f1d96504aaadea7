"""The verdicts of many declarations at once, as a history records them: for each declaration,
its verdict under every rulebook version that screens it, named in French and English.

The same verdicts as `selectors.declaration_verdicts` (stored evaluations, and compliant where a
coverage run holds a screened declaration), read set-based for thousands of declarations: what a
late publication's re-conversion audits before and after it re-screens. Rows are read by
participant and value-date range (a few thousand participants rather than a hundred thousand
ids in IN lists) and kept to the declarations asked for.
"""

from collections.abc import Sequence
from typing import Any

import pandas as pd
from django.db.models import Model

from backend.common.bulk import raw_columns
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rulebooks.models import RulebookKind, RulebookVersion
from backend.screening.models import Coverage, Evaluation, Verdict

# Participants per statement.
IN_CHUNK = 1_000
KIND_ORDER: dict[str, int] = {RulebookKind.IN_FORCE: 0, RulebookKind.PROPOSED: 1}
# What a declaration frame holds: its id, participant, value date and status.
COLUMNS = ("id", "participant_id", "value_date", "status")
VerdictState = dict[str, Any]


def _chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    return [values[start : start + IN_CHUNK] for start in range(0, len(values), IN_CHUNK)]


def _read(
    model: type[Model],
    fields: tuple[str, ...],
    declarations: pd.DataFrame,
    *,
    participant: str,
    **filters: Any,
) -> pd.DataFrame:
    """`fields` of `model`'s rows of these declarations' participants (the `participant`
    field) and value dates, kept to the declarations asked for (the first field)."""
    first, last = min(declarations["value_date"]), max(declarations["value_date"])
    participants: list[Any] = sorted(set(declarations["participant_id"]))
    parts = [
        pd.DataFrame(
            raw_columns(
                model._default_manager.filter(
                    **{f"{participant}__in": chunk},
                    value_date__range=(first, last),
                    **filters,
                ).order_by(),
                fields,
            ),
            columns=list(fields),
        )
        for chunk in _chunks(participants)
    ]
    frame = pd.concat(parts, ignore_index=True)
    return frame[frame[fields[0]].isin(set(declarations["id"]))]


def declaration_statuses(*, declarations: pd.DataFrame) -> pd.DataFrame:
    """The declarations (`COLUMNS`) with their stored status now."""
    if declarations.empty:
        return declarations
    found = _read(Declaration, ("id", "status"), declarations, participant="organisation_id")
    now = dict(zip(found["id"], found["status"], strict=True))
    stored = zip(declarations["id"], declarations["status"], strict=True)
    return declarations.assign(status=[now.get(i, status) for i, status in stored])


def _evaluated(declarations: pd.DataFrame) -> pd.DataFrame:
    fields = ("declaration_id", "rulebook_version_id", "verdict")
    found = _read(Evaluation, fields, declarations, participant="participant_id", is_current=True)
    return found.rename(columns={"declaration_id": "id", "rulebook_version_id": "version"})


def _covered(declarations: pd.DataFrame) -> pd.DataFrame:
    """(id, version) of every screened declaration held by a coverage run: compliant unless an
    evaluation says otherwise."""
    screened = declarations[declarations["status"] == DeclarationStatus.SCREENED]
    if screened.empty:
        return pd.DataFrame(columns=["id", "version"])
    fields = ("participant_id", "rulebook_version_id", "date_from", "date_to")
    first, last = min(screened["value_date"]), max(screened["value_date"])
    participants: list[Any] = sorted(set(screened["participant_id"]))
    parts = [
        pd.DataFrame(
            raw_columns(
                Coverage.objects.filter(
                    participant_id__in=chunk, date_from__lte=last, date_to__gte=first
                ).order_by(),
                fields,
            ),
            columns=list(fields),
        )
        for chunk in _chunks(participants)
    ]
    runs = pd.concat(parts, ignore_index=True)
    joined = screened[["id", "participant_id", "value_date"]].merge(runs, on="participant_id")
    inside = (joined["date_from"] <= joined["value_date"]) & (
        joined["value_date"] <= joined["date_to"]
    )
    return joined.loc[inside, ["id", "rulebook_version_id"]].rename(
        columns={"rulebook_version_id": "version"}
    )


def _versions(ids: set[str]) -> dict[str, tuple[tuple[int, str], VerdictState]]:
    """Each version's sort key and how a history names it."""
    # The rulebook document itself (tens of kilobytes) stays unread.
    found = (
        RulebookVersion.objects.filter(pk__in=sorted(ids))
        .select_related("rulebook")
        .defer("document")
    )
    return {
        str(v.pk): (
            (KIND_ORDER.get(v.rulebook.kind, 2), v.rulebook.name),
            {
                "rulebook": {
                    "name_fr": v.rulebook.name_fr,
                    "name_en": v.rulebook.name_en,
                    "kind": v.rulebook.kind,
                },
                "version": v.number,
            },
        )
        for v in found
    }


def declaration_verdict_states(*, declarations: pd.DataFrame) -> dict[str, list[VerdictState]]:
    """Each declaration's verdicts (`declarations` holds `COLUMNS`; the status says whether a
    coverage run holds it), rules in force first: `{"rulebook": {"name_fr", "name_en", "kind"},
    "version", "verdict"}` per version. The same verdict lists are shared between
    declarations."""
    out: dict[str, list[VerdictState]] = {str(i): [] for i in declarations["id"]}
    if declarations.empty:
        return out
    compliant = _covered(declarations).assign(verdict=Verdict.COMPLIANT)
    # An evaluation holds the verdict of its version; a coverage run the rest.
    both = pd.concat([_evaluated(declarations), compliant], ignore_index=True).drop_duplicates(
        ["id", "version"], keep="first"
    )
    versions = _versions(set(both["version"]))
    by_declaration: dict[str, list[tuple[tuple[int, str], str, str]]] = {}
    for declaration_id, version, verdict in both.itertuples(index=False):
        by_declaration.setdefault(declaration_id, []).append(
            (versions[version][0], version, verdict)
        )
    shared: dict[tuple[tuple[str, str], ...], list[VerdictState]] = {}
    for declaration_id, rows in by_declaration.items():
        key = tuple((version, verdict) for _, version, verdict in sorted(rows))
        if key not in shared:
            shared[key] = [{**versions[v][1], "verdict": verdict} for v, verdict in key]
        out[declaration_id] = shared[key]
    return out
