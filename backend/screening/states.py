"""The verdicts of many declarations at once, as a history records them: for each declaration,
its verdict under every rulebook version that screens it, named in French and English.

The same verdicts as `selectors.declaration_verdicts` (stored evaluations, and compliant where a
coverage run holds a screened declaration), read set-based for thousands of declarations: what a
late publication's re-conversion audits before and after it re-screens.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from backend.common.bulk import raw_columns
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rulebooks.models import RulebookKind, RulebookVersion
from backend.screening.models import Coverage, Evaluation, Verdict

# Ids per statement when rows are picked by a list of ids.
IN_CHUNK = 1_000
KIND_ORDER: dict[str, int] = {RulebookKind.IN_FORCE: 0, RulebookKind.PROPOSED: 1}
VerdictState = dict[str, Any]


def _chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    return [values[start : start + IN_CHUNK] for start in range(0, len(values), IN_CHUNK)]


def _declarations(ids: list[str], statuses: Mapping[str, str] | None) -> pd.DataFrame:
    """id, participant, value date and status (`statuses` overrides the stored one)."""
    fields = ("pk", "organisation_id", "value_date", "status")
    parts = [
        pd.DataFrame(raw_columns(Declaration.objects.filter(pk__in=chunk).order_by(), fields))
        for chunk in _chunks(ids)
    ]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(fields))
    frame = frame.rename(columns={"pk": "id", "organisation_id": "participant_id"})
    if statuses is not None:
        frame["status"] = [
            statuses.get(i, s) for i, s in zip(frame["id"], frame["status"], strict=True)
        ]
    return frame


def _evaluated(ids: list[str]) -> pd.DataFrame:
    fields = ("declaration_id", "rulebook_version_id", "verdict")
    parts = [
        pd.DataFrame(
            raw_columns(
                Evaluation.objects.filter(declaration_id__in=chunk, is_current=True).order_by(),
                fields,
            )
        )
        for chunk in _chunks(ids)
    ]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(fields))
    return frame.rename(columns={"declaration_id": "id", "rulebook_version_id": "version"})


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
            )
        )
        for chunk in _chunks(participants)
    ]
    runs = pd.concat(parts, ignore_index=True)
    if runs.empty:
        return pd.DataFrame(columns=["id", "version"])
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


def declaration_verdict_states(
    *, declaration_ids: Sequence[str], statuses: Mapping[str, str] | None = None
) -> dict[str, list[VerdictState]]:
    """Each declaration's verdicts, rules in force first: `{"rulebook": {"name_fr", "name_en",
    "kind"}, "version", "verdict"}` per version. `statuses` gives the status a declaration had
    (a verdict read before a re-conversion moved it), else the stored one counts."""
    ids = [str(i) for i in declaration_ids]
    out: dict[str, list[VerdictState]] = {i: [] for i in ids}
    if not ids:
        return out
    evaluated = _evaluated(ids)
    compliant = _covered(_declarations(ids, statuses)).assign(verdict=Verdict.COMPLIANT)
    # An evaluation holds the verdict of its version; a coverage run the rest.
    both = pd.concat([evaluated, compliant], ignore_index=True).drop_duplicates(
        ["id", "version"], keep="first"
    )
    versions = _versions(set(both["version"]))
    rows = sorted(
        zip(both["id"], both["version"], both["verdict"], strict=True),
        key=lambda row: (row[0], versions[row[1]][0]),
    )
    for declaration_id, version, verdict in rows:
        out[declaration_id].append({**versions[version][1], "verdict": verdict})
    return out
