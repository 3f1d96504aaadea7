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
from backend.screening.facts import IN_CHUNK, day_column, declaration_read, facts_build
from backend.screening.models import Coverage, Evaluation, Verdict
from backend.screening.versions import ENGINE_COLUMNS, version_info

MINOR_PER_MAD = 100


def chunked(items: list[Any]) -> list[list[Any]]:
    """Slices of at most IN_CHUNK items (an IN list per query)."""
    return [items[i : i + IN_CHUNK] for i in range(0, len(items), IN_CHUNK)]


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


def declarations_frame(scope: QuerySet[Declaration]) -> pd.DataFrame:
    """declaration_id, participant_id, value_date, category, channel, country, amount_minor,
    screened (its screening has run: coverage runs speak for it)."""
    fields = (
        "id",
        "organisation_id",
        "value_date",
        "category",
        "channel",
        "counterparty_country",
        "amount_minor",
        "status",
    )
    rows = declaration_read(scope, fields)
    return pd.DataFrame(
        {
            "declaration_id": rows["id"].astype(object),
            "participant_id": rows["organisation_id"].astype(object),
            "value_date": day_column(rows["value_date"]),
            "category": rows["category"].astype(object),
            "channel": rows["channel"].astype(object),
            "country": rows["counterparty_country"].astype(object),
            # Stored MAD amounts have two decimals: centimes are exact (no float on the way).
            "amount_minor": pd.to_numeric(rows["amount_minor"]).fillna(0).to_numpy(dtype=np.int64),
            "screened": (rows["status"] == DeclarationStatus.SCREENED).to_numpy(dtype=bool),
        }
    )


def _covered(declarations: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """declaration_id, version_id of the screened declarations inside a coverage run (runs of
    one version never overlap for a participant: one sorted search per version)."""
    screened = declarations[declarations["screened"].to_numpy(dtype=bool)]
    codes, participants = pd.factorize(screened["participant_id"])
    days = screened["value_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    # Participant and day in one sortable integer (days since 1970 stay below 2**20).
    keys = codes.astype(np.int64) << 20 | days
    found: list[pd.DataFrame] = []
    for version_id, mine in runs.groupby("version_id", sort=True):
        code = participants.get_indexer(pd.Index(mine["participant_id"]))
        known = code >= 0
        mine, code = mine[known], code[known].astype(np.int64)
        start = code << 20 | pd.to_datetime(mine["date_from"]).to_numpy().astype(
            "datetime64[D]"
        ).astype(np.int64)
        end = code << 20 | pd.to_datetime(mine["date_to"]).to_numpy().astype(
            "datetime64[D]"
        ).astype(np.int64)
        order = np.argsort(start, kind="stable")
        start, end = start[order], end[order]
        at = np.searchsorted(start, keys, side="right") - 1
        inside = (at >= 0) & (keys <= end[np.maximum(at, 0)])
        found.append(
            pd.DataFrame(
                {
                    "declaration_id": screened["declaration_id"].to_numpy()[inside],
                    "version_id": version_id,
                }
            )
        )
    if not found:
        return pd.DataFrame({"declaration_id": [], "version_id": []}, dtype=object)
    return pd.concat(found, ignore_index=True)


def evaluations_frame(scope: QuerySet[Declaration], declarations: pd.DataFrame) -> pd.DataFrame:
    """declaration_id, kind, verdict, effective_from, version_id of the current verdicts of the
    declarations in scope (`declarations`: their `declarations_frame`): the stored evaluations,
    and compliant where a coverage run holds a screened declaration without one."""
    stored = raw_columns(
        Evaluation.objects.filter(is_current=True, declaration__in=scope),
        ("declaration_id", "verdict", "rulebook_version_id"),
    )
    participants = sorted(set(declarations["participant_id"]))
    runs = pd.concat(
        [
            pd.DataFrame(
                raw_columns(
                    Coverage.objects.filter(participant_id__in=part),
                    ("participant_id", "rulebook_version_id", "date_from", "date_to"),
                )
            )
            for part in chunked(participants)
        ]
        or [pd.DataFrame({"participant_id": [], "rulebook_version_id": []})],
        ignore_index=True,
    ).rename(columns={"rulebook_version_id": "version_id"})
    explicit = pd.DataFrame(
        {
            "declaration_id": pd.Series(stored["declaration_id"], dtype=object),
            "verdict": pd.Series(stored["verdict"], dtype=object),
            "version_id": pd.Series(stored["rulebook_version_id"], dtype=object),
        }
    )
    implied = _covered(declarations, runs) if len(runs) else explicit.iloc[:0]
    if len(explicit) and len(implied):
        marked = implied[["declaration_id", "version_id"]].merge(
            explicit[["declaration_id", "version_id"]], how="left", indicator=True
        )
        implied = marked.loc[
            (marked["_merge"] == "left_only").to_numpy(), ["declaration_id", "version_id"]
        ]
    frame = pd.concat(
        [explicit, implied.assign(verdict=Verdict.COMPLIANT.value)[list(explicit.columns)]],
        ignore_index=True,
    )
    version_ids = frame["version_id"].astype(object)
    # A handful of versions: their kind and effective date looked up once, not joined per row.
    versions = {
        str(pk): (kind, effective_from)
        for pk, kind, effective_from in RulebookVersion.objects.filter(
            pk__in=sorted(set(version_ids))
        ).values_list("pk", "rulebook__kind", "effective_from")
    }
    return pd.DataFrame(
        {
            "declaration_id": frame["declaration_id"].astype(object),
            "kind": version_ids.map(lambda v: versions[v][0]).astype(object),
            "verdict": frame["verdict"].astype(object),
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
