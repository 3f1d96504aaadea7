"""The measures' input frames, read from stored verdicts: the declarations in scope come in one
query (COPY on PostgreSQL) that joins each one's verdict under every rulebook version, so no
model instance, UUID or verdict row is handled per declaration in Python."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import numpy as np
import pandas as pd
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from backend.accounts.models import ParticipantProfile
from backend.declarations.models import Declaration, DeclarationStatus
from backend.evidence.measures import IN_DIRHAMS, NO_RATE_YET, RATE_METHOD, kind_verdicts
from backend.rule_engine import headroom_many
from backend.rulebooks.models import RulebookVersion
from backend.screening.facts import day_column, declaration_read, usage_facts
from backend.screening.models import Coverage, Evaluation, Finding, Verdict
from backend.screening.versions import version_info

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


def _participant_q(filters: EvidenceFilters) -> Q:
    """The filters on who declares (cohort and profile)."""
    exact = {
        f"{PROFILE}cluster": filters.cluster,
        f"{PROFILE}sector": filters.sector,
        f"{PROFILE}region": filters.region,
        f"{PROFILE}labelled": filters.labelled,
        "organisation__cohorts": filters.cohort,
    }
    return Q(**{k: v for k, v in exact.items() if v is not None})


def _declaration_q(filters: EvidenceFilters) -> Q:
    """The filters on the payment itself (period, category, channel, country)."""
    exact = {
        "category": filters.category,
        "channel": filters.channel,
        "counterparty_country": filters.country,
    }
    return Q(
        value_date__gte=filters.date_from,
        **{k: v for k, v in exact.items() if v is not None},
    )


def _recorded(start: date, end: date, cutoff: datetime) -> QuerySet[Declaration]:
    """Current, non-withdrawn declarations valued in [start, end] and recorded by `cutoff`."""
    return Declaration.objects.filter(
        is_current=True, value_date__gte=start, value_date__lte=end, created_at__lte=cutoff
    ).exclude(status=DeclarationStatus.WITHDRAWN)


def declaration_scope(filters: EvidenceFilters, cutoff: datetime) -> QuerySet[Declaration]:
    """Current, non-withdrawn declarations recorded by `cutoff` that match the filters."""
    return _recorded(filters.date_from, filters.date_to, cutoff).filter(
        _participant_q(filters) & _declaration_q(filters)
    )


def holds(scope: QuerySet[Declaration], field: str = "declaration_id") -> Exists:
    """Whether the outer row's `field` names a declaration in `scope` (a correlated EXISTS:
    PostgreSQL joins it like an IN, and SQLite looks each outer row up instead of first
    materialising every declaration in scope)."""
    return Exists(scope.filter(pk=OuterRef(field)))


def declares_in(scope: QuerySet[Declaration], field: str) -> Exists:
    """Whether the outer row's `field` names a participant with a declaration in `scope`."""
    return Exists(scope.filter(organisation_id=OuterRef(field)))


@dataclass(frozen=True)
class VersionRef:
    """A rulebook version that may have given verdicts in scope."""

    id: str
    kind: str
    effective_from: date


def versions_in_scope(scope: Any, filters: EvidenceFilters) -> list[dict[str, Any]]:
    """The rulebook versions that evaluated the declarations in scope, with content hashes:
    those of their stored evaluations, and those whose coverage runs over the period hold the
    compliant verdicts of the participants in scope."""
    stored = Evaluation.objects.filter(holds(scope), is_current=True).values("rulebook_version_id")
    covering = Coverage.objects.filter(
        declares_in(scope, "participant_id"),
        date_from__lte=filters.date_to,
        date_to__gte=filters.date_from,
    ).values("rulebook_version_id")
    rows = (
        RulebookVersion.objects.filter(Q(pk__in=stored) | Q(pk__in=covering))
        .order_by("rulebook__kind", "rulebook__name", "number")
        .values_list("id", "rulebook__name", "rulebook__kind", "number", "content_hash")
    )
    return [
        {"id": str(i), "rulebook": name, "kind": kind, "number": n, "content_hash": h}
        for i, name, kind, n, h in rows
    ]


def version_refs(versions: list[dict[str, Any]]) -> list[VersionRef]:
    """`versions_in_scope` entries as references, in the same order."""
    found = dict(
        RulebookVersion.objects.filter(pk__in=[v["id"] for v in versions]).values_list(
            "pk", "effective_from"
        )
    )
    return [
        VersionRef(str(v["id"]), v["kind"], found[UUID(str(v["id"]))])
        for v in versions
        if UUID(str(v["id"])) in found
    ]


VERDICT = "verdict_"  # a verdict column: VERDICT + the version's position in EvidenceRows.versions
LAW = "law_"  # 1 when a finding of that verdict rests on a law-backed rule (LAW + position)
SCREENED = DeclarationStatus.SCREENED.value
# The confidence tags of rules that rest on law: an official text, or the press report of an
# official statement. Anything else (secondary, illustrative) is not presented as the law's effect.
LAW_CONFIDENCES = ("official", "press")
NO_RATE_SOURCE = "none"  # the conversion source of an amount already in dirhams


def _rate_method() -> Case:
    """The rate method of the outer declaration's conversion, as `RATE_METHOD` values."""
    return Case(
        When(conversion__isnull=True, then=Value(NO_RATE_YET)),
        When(conversion__source=NO_RATE_SOURCE, then=Value(IN_DIRHAMS)),
        default=F("conversion__method"),
        output_field=CharField(),
    )


def _verdicts(versions: list[VersionRef]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The joins and expressions of one verdict column per version: the stored evaluation's
    verdict, else compliant when a coverage run of the version holds the screened declaration
    (a participant's runs of one version never overlap, so each join finds one row at most)."""
    relations: dict[str, Any] = {}
    columns: dict[str, Any] = {}
    coverage = "organisation__screening_coverage"
    for i, version in enumerate(versions):
        relations[f"evaluation_{i}"] = FilteredRelation(
            "evaluations",
            condition=Q(evaluations__is_current=True, evaluations__rulebook_version_id=version.id),
        )
        relations[f"coverage_{i}"] = FilteredRelation(
            coverage,
            condition=Q(
                **{
                    f"{coverage}__rulebook_version_id": version.id,
                    f"{coverage}__date_from__lte": F("value_date"),
                    f"{coverage}__date_to__gte": F("value_date"),
                }
            ),
        )
        # Whether a finding with the stored verdict's outcome rests on a law-backed rule: the
        # verdict would stand on official and press-reported rules alone.
        columns[f"{LAW}{i}"] = Case(
            When(
                Exists(
                    Finding.objects.filter(
                        evaluation_id=OuterRef(f"evaluation_{i}__id"),
                        outcome=OuterRef(f"evaluation_{i}__verdict"),
                        confidence__in=LAW_CONFIDENCES,
                    )
                ),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        columns[f"{VERDICT}{i}"] = Coalesce(
            F(f"evaluation_{i}__verdict"),
            Case(
                When(
                    Q(**{f"coverage_{i}__id__isnull": False, "status": SCREENED}),
                    then=Value(Verdict.COMPLIANT.value),
                ),
                default=None,
                output_field=CharField(),
            ),
        )
    return relations, columns


@dataclass(frozen=True)
class EvidenceRows:
    """Declarations read for the measures: participant_id, value_date (datetime64), direction,
    category, channel, counterparty_country (null: none), amount_minor (Int64, null without a rate),
    rate_method (see `RATE_METHOD`), in_period (bool: matches every filter; the others are read
    for allowance usage only), one verdict column per version (VERDICT + position; null: no
    verdict) and its law flag (LAW + position)."""

    frame: pd.DataFrame
    versions: list[VersionRef]

    def verdict_columns(self) -> list[tuple[str, str, date]]:
        """(column, kind, effective_from) of each version's verdict column."""
        return [(f"{VERDICT}{i}", v.kind, v.effective_from) for i, v in enumerate(self.versions)]

    def law_columns(self) -> dict[str, str]:
        """Each verdict column's law-flag column."""
        return {f"{VERDICT}{i}": f"{LAW}{i}" for i in range(len(self.versions))}


def usage_start(filters: EvidenceFilters) -> date:
    """The first day allowance usage is read from: 1 January of the year of `date_to`."""
    return date(filters.date_to.year, 1, 1)


def evidence_read(
    filters: EvidenceFilters,
    cutoff: datetime,
    versions: list[VersionRef],
    *,
    with_usage: bool,
) -> EvidenceRows:
    """The declarations matching the filters with their verdicts; `with_usage`: also the other
    declarations of the same participants valued in the year of `date_to` (an allowance counts
    every payment of the year, whatever the category, channel or country filtered on)."""
    start = min(filters.date_from, usage_start(filters)) if with_usage else filters.date_from
    in_period = _declaration_q(filters)
    queryset = _recorded(start, filters.date_to, cutoff).filter(_participant_q(filters))
    if not with_usage:
        queryset = queryset.filter(in_period)
    relations, verdicts = _verdicts(versions)
    queryset = queryset.annotate(**relations).annotate(
        **verdicts,
        in_period=Case(
            When(in_period, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        **{RATE_METHOD: _rate_method()},
    )
    text = ("id", "organisation_id", "direction", "category", "channel", "counterparty_country")
    flags = [c for c in verdicts if c.startswith(LAW)]
    labels = [c for c in verdicts if c.startswith(VERDICT)]
    fields = (*text, "value_date", "amount_minor", "in_period", RATE_METHOD, *verdicts)
    rows = declaration_read(
        queryset,
        fields,
        {
            **dict.fromkeys((*text, "value_date", RATE_METHOD, *labels), "category"),
            **dict.fromkeys(flags, "int8"),
            "amount_minor": "Int64",
            "in_period": "int8",
        },
    )
    country = rows["counterparty_country"]
    frame = pd.DataFrame(
        {
            "declaration_id": rows["id"],
            "participant_id": rows["organisation_id"],
            "value_date": day_column(rows["value_date"]),
            "direction": rows["direction"],
            "category": rows["category"],
            "channel": rows["channel"],
            # No country is stored as empty text: null here.
            "counterparty_country": country.where(country.astype(object) != "", None),
            "amount_minor": rows["amount_minor"].astype("Int64"),
            "in_period": rows["in_period"].to_numpy(dtype=bool),
            RATE_METHOD: rows[RATE_METHOD],
            **{column: rows[column] for column in verdicts},
        }
    )
    return EvidenceRows(frame=frame, versions=versions)


def declarations_frame(rows: EvidenceRows) -> pd.DataFrame:
    """The declarations matching the filters, as the measures take them: participant_id,
    value_date, category, channel, country, amount_minor (0 without a rate), in_force and
    proposed (the verdict under each kind of rulebook, null: none), in_force_law and rate_method
    (how its MAD amount was obtained)."""
    mine = rows.frame[rows.frame["in_period"].to_numpy()].reset_index(drop=True)
    kinds = kind_verdicts(mine, rows.verdict_columns(), rows.law_columns())
    return pd.DataFrame(
        {
            "declaration_id": mine["declaration_id"].astype(str).array,
            "participant_id": mine["participant_id"].array,
            "value_date": mine["value_date"].to_numpy(),
            "category": mine["category"].array,
            "channel": mine["channel"].array,
            "country": mine["counterparty_country"].array,
            "amount_minor": mine["amount_minor"].fillna(0).to_numpy(dtype=np.int64),
            **kinds,
            RATE_METHOD: mine[RATE_METHOD].astype(object).to_numpy(),
        }
    )


def participants_frame(scope: QuerySet[Declaration]) -> pd.DataFrame:
    """participant_id, name, cluster, sector, region, labelled of the declaring participants."""
    rows = ParticipantProfile.objects.filter(declares_in(scope, "organisation_id")).values_list(
        "organisation_id", "organisation__name", "cluster", "sector", "region", "labelled"
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["participant_id", "name", "cluster", "sector", "region", "labelled"]
    )
    frame["participant_id"] = frame["participant_id"].astype(str)
    return frame.sort_values("participant_id", ignore_index=True)


def usage_frame(rows: EvidenceRows, filters: EvidenceFilters) -> pd.DataFrame:
    """Allowance usage per participant and period rule of each version that gave a verdict in
    scope, for the participants it gave one: the engine's headroom at `date_to` over their
    declarations of that year recorded by the cutoff."""
    columns = ["participant_id", "kind", "rule_id", "limit_minor", "used_minor"]
    frame = rows.frame
    in_period = frame["in_period"].to_numpy()
    participants_of = {}
    owner = frame["participant_id"].astype("category").cat
    for (column, _, _), ref in zip(rows.verdict_columns(), rows.versions, strict=True):
        spoke = in_period & frame[column].notna().to_numpy()
        if spoke.any():
            codes = np.unique(owner.codes.to_numpy()[spoke])
            participants_of[ref.id] = set(owner.categories[codes].astype(str))
    if not participants_of:
        return pd.DataFrame({c: [] for c in columns})
    everyone = sorted(set().union(*participants_of.values()))
    year = (frame["value_date"] >= pd.Timestamp(usage_start(filters))).to_numpy()
    if len(everyone) < frame["participant_id"].nunique():
        year = year & frame["participant_id"].isin(everyone).to_numpy()
    facts = usage_facts(frame[year], everyone, filters.date_to)
    found = RulebookVersion.objects.select_related("rulebook").in_bulk(list(participants_of))
    ordered = sorted(found.values(), key=lambda v: (v.rulebook.kind, v.effective_from, str(v.pk)))
    tables = headroom_many([version_info(v).rulebook for v in ordered], facts, filters.date_to)
    frames = []
    for version, table in zip(ordered, tables, strict=True):
        # Headroom per participant depends on its own rows only: keep the version's own.
        table = table[table["participant_id"].isin(participants_of[str(version.pk)])]
        frames.append(table.assign(kind=version.rulebook.kind)[columns])
    out = pd.concat(frames, ignore_index=True)
    # One row per participant and allowance: the latest version of a kind speaks.
    return out.drop_duplicates(["participant_id", "kind", "rule_id"], keep="last")
