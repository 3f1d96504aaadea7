"""Participant traits: read from the profiles, stored in snapshots, and spread to the facts
rows (an unknown fact stays null)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from backend.accounts.models import ParticipantProfile
from backend.screening.facts.read import _chunks
from backend.screening.facts.values import _known_flag, _tax_minor, day_column

NO_CLUSTER = "NONE"


TRAIT_FIELDS = (
    "labelled",
    "labelled_on",
    "incorporated_on",
    "has_fx_account",
    "categorised_operator",
    "certified_accounts",
    "tax_paid_last_fy",
    "pre_revenue",
    "sector",
    "cluster",
    "region",
)


def _traits(participant_ids: Sequence[str]) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for part in _chunks(list(participant_ids)):
        rows.extend(
            ParticipantProfile.objects.filter(organisation_id__in=part).values_list(
                "organisation_id", *TRAIT_FIELDS
            )
        )
    frame = pd.DataFrame.from_records(rows, columns=["participant_id", *TRAIT_FIELDS])
    frame["participant_id"] = frame["participant_id"].astype(str)
    return frame


def traits_json(row: dict[str, Any]) -> dict[str, Any]:
    """Traits as stored in a snapshot (dates ISO, money a decimal string)."""
    out: dict[str, Any] = {}
    for key in TRAIT_FIELDS:
        value = row.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
            value = None
        out[key] = value
    return out


def _traits_from_json(participant_id: str, data: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"participant_id": participant_id}
    for key in TRAIT_FIELDS:
        value = data.get(key)
        if key in ("labelled_on", "incorporated_on") and value is not None:
            value = date.fromisoformat(value)
        elif key == "tax_paid_last_fy" and value is not None:
            value = Decimal(value)
        row[key] = value
    return row


def _trait_columns(traits: pd.DataFrame) -> pd.DataFrame:
    """The engine's trait columns, one row per participant (indexed by participant id); an
    unknown fact is null."""
    cluster = traits["cluster"].where(traits["cluster"].notna() & (traits["cluster"] != ""), None)
    member = pd.array(
        [None if c is None else c != NO_CLUSTER for c in cluster.tolist()], dtype="boolean"
    )
    return pd.DataFrame(
        {
            "labelled": _known_flag(traits["labelled"]),
            "labelled_since": day_column(traits["labelled_on"]),
            "incorporated_on": day_column(traits["incorporated_on"]),
            "has_fx_account": _known_flag(traits["has_fx_account"]),
            "categorised_operator": _known_flag(traits["categorised_operator"]),
            "certified_accounts": _known_flag(traits["certified_accounts"]),
            "tax_paid_last_fy_minor": _tax_minor(traits["tax_paid_last_fy"]),
            "cluster": cluster.to_numpy(dtype=object),
            "sector": traits["sector"].where(traits["sector"].notna(), None).to_numpy(dtype=object),
            "region": traits["region"].where(traits["region"].notna(), None).to_numpy(dtype=object),
            "is_cluster_member": member,
            "pre_revenue": _known_flag(traits["pre_revenue"]),
        },
        index=pd.Index(traits["participant_id"].astype(str)),
    )


def _trait_rows(participant_ids: pd.Series, traits: pd.DataFrame) -> pd.DataFrame:
    """The engine's trait columns for each row's participant (a participant without a profile
    gets the defaults of an empty profile)."""
    # One position per distinct participant, then spread to the rows by code.
    codes, distinct = pd.factorize(participant_ids)
    per_participant, at = _trait_positions(traits, distinct)
    return per_participant.iloc[at[codes]].reset_index(drop=True)


def _trait_positions(traits: pd.DataFrame, participant_ids: Any) -> tuple[pd.DataFrame, np.ndarray]:
    """The engine's trait columns per participant, and the position of each of
    `participant_ids` in them (one without a profile: the defaults of an empty profile)."""
    per_participant = _trait_columns(traits)
    at = per_participant.index.get_indexer(pd.Index(np.asarray(participant_ids, dtype=object)))
    if (at < 0).any():
        no_profile = pd.DataFrame([{"participant_id": "", **dict.fromkeys(TRAIT_FIELDS)}])
        per_participant = pd.concat([per_participant, _trait_columns(no_profile)])
        at = np.where(at < 0, len(per_participant) - 1, at)
    return per_participant, at
