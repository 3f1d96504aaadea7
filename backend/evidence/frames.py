"""The measures' input frames, read from stored verdicts: one `values_list` query per input
table into a DataFrame, never one model instance per row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Q, QuerySet

from backend.accounts.models import ParticipantProfile
from backend.common.bulk import raw_columns
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rule_engine import headroom
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import facts_build
from backend.screening.models import Evaluation
from backend.screening.versions import ENGINE_COLUMNS, version_info

MINOR_PER_MAD = 100
PROFILE = "organisation__participant__"


@dataclass(frozen=True)
class EvidenceFilters:
    """The period and population of a set of measures (None: no restriction)."""

    date_from: date
    date_to: date
    cohort: str | None = None
    cluster: str | None = None
    sector: str | None = None
    region: str | None = None
    category: str | None = None
    channel: str | None = None
    country: str | None = None
    labelled: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form (dates ISO), as recorded in a manifest."""
        data = asdict(self)
        data["date_from"] = self.date_from.isoformat()
        data["date_to"] = self.date_to.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceFilters:
        """Back from the JSON form."""
        values = dict(data)
        values["date_from"] = date.fromisoformat(values["date_from"])
        values["date_to"] = date.fromisoformat(values["date_to"])
        return cls(**values)


def declaration_scope(filters: EvidenceFilters, cutoff: datetime) -> QuerySet[Declaration]:
    """Current, non-withdrawn declarations recorded by `cutoff` that match the filters."""
    q = Q(
        is_current=True,
        value_date__gte=filters.date_from,
        value_date__lte=filters.date_to,
        created_at__lte=cutoff,
    )
    exact = {
        "category": filters.category,
        "channel": filters.channel,
        "counterparty_country": filters.country,
        f"{PROFILE}cluster": filters.cluster,
        f"{PROFILE}sector": filters.sector,
        f"{PROFILE}region": filters.region,
        f"{PROFILE}labelled": filters.labelled,
        "organisation__cohorts": filters.cohort,
    }
    q &= Q(**{k: v for k, v in exact.items() if v is not None})
    return Declaration.objects.filter(q).exclude(status=DeclarationStatus.WITHDRAWN)


def _minor(amounts: pd.Series) -> np.ndarray:
    # Stored MAD amounts have two decimals: centimes are exact integers (no float on the way).
    return np.fromiter(
        (int(a * MINOR_PER_MAD) if a is not None else 0 for a in amounts),
        dtype=np.int64,
        count=len(amounts),
    )


def declarations_frame(scope: QuerySet[Declaration]) -> pd.DataFrame:
    """declaration_id, participant_id, value_date, category, channel, country, amount_minor."""
    columns = raw_columns(
        scope,
        (
            "id",
            "organisation_id",
            "value_date",
            "category",
            "channel",
            "counterparty_country",
            "conversion__amount_mad",
        ),
    )
    frame = pd.DataFrame(
        {
            "declaration_id": pd.Series(columns["id"], dtype=object),
            "participant_id": pd.Series(columns["organisation_id"], dtype=object),
            "value_date": pd.to_datetime(pd.Series(columns["value_date"], dtype=object)),
            "category": pd.Series(columns["category"], dtype=object),
            "channel": pd.Series(columns["channel"], dtype=object),
            "country": pd.Series(columns["counterparty_country"], dtype=object),
        }
    )
    frame["amount_minor"] = _minor(pd.Series(columns["conversion__amount_mad"], dtype=object))
    return frame


def evaluations_frame(scope: QuerySet[Declaration]) -> pd.DataFrame:
    """declaration_id, kind, verdict, effective_from, version_id of current evaluations."""
    columns = raw_columns(
        Evaluation.objects.filter(is_current=True, declaration__in=scope),
        ("declaration_id", "verdict", "rulebook_version_id"),
    )
    version_ids = pd.Series(columns["rulebook_version_id"], dtype=object)
    # A handful of versions: their kind and effective date looked up once, not joined per row.
    versions = {
        str(pk): (kind, effective_from)
        for pk, kind, effective_from in RulebookVersion.objects.filter(
            pk__in=sorted(set(version_ids))
        ).values_list("pk", "rulebook__kind", "effective_from")
    }
    return pd.DataFrame(
        {
            "declaration_id": pd.Series(columns["declaration_id"], dtype=object),
            "kind": version_ids.map(lambda v: versions[v][0]).astype(object),
            "verdict": pd.Series(columns["verdict"], dtype=object),
            "effective_from": pd.to_datetime(version_ids.map(lambda v: versions[v][1])),
            "version_id": version_ids,
        }
    )


def participants_frame(scope: QuerySet[Declaration]) -> pd.DataFrame:
    """participant_id, name, cluster, sector, region, labelled of the declaring participants."""
    owners = scope.values("organisation_id")
    rows = ParticipantProfile.objects.filter(organisation_id__in=owners).values_list(
        "organisation_id", "organisation__name", "cluster", "sector", "region", "labelled"
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["participant_id", "name", "cluster", "sector", "region", "labelled"]
    )
    frame["participant_id"] = frame["participant_id"].astype(str)
    return frame.sort_values("participant_id", ignore_index=True)


def usage_frame(
    evaluations: pd.DataFrame, declarations: pd.DataFrame, filters: EvidenceFilters, cutoff: Any
) -> pd.DataFrame:
    """Allowance usage per participant and period rule of each version screening the period
    (the engine's headroom on the year of `date_to`, at `date_to`)."""
    columns = ["participant_id", "kind", "rule_id", "limit_minor", "used_minor"]
    if evaluations.empty:
        return pd.DataFrame({c: [] for c in columns})
    as_of = filters.date_to
    owners = declarations.set_index("declaration_id")["participant_id"]
    frames = []
    versions = RulebookVersion.objects.select_related("rulebook").filter(
        pk__in=sorted(set(evaluations["version_id"]))
    )
    participants_of = {
        version_id: set(screened.map(owners).dropna())
        for version_id, screened in evaluations.groupby("version_id")["declaration_id"]
    }
    # One facts read for every participant any version screened; each version then takes its
    # participants' rows (the frame is sorted by participant, so their order is kept).
    bundle = facts_build(
        participant_ids=sorted(set().union(*participants_of.values())),
        start=date(as_of.year, 1, 1),
        end=as_of,
        taken_at=cutoff,
        probe_on=as_of,
    )
    facts = bundle.frame[list(ENGINE_COLUMNS)]
    for version in sorted(versions, key=lambda v: (v.rulebook.kind, v.effective_from, str(v.pk))):
        mine = facts["participant_id"].isin(participants_of[str(version.pk)]).to_numpy()
        table = headroom(version_info(version).rulebook, facts[mine], as_of)
        table = table.assign(kind=version.rulebook.kind)
        frames.append(table[columns])
    out = pd.concat(frames, ignore_index=True)
    # One row per participant and allowance: the latest version of a kind speaks.
    return out.drop_duplicates(["participant_id", "kind", "rule_id"], keep="last")
