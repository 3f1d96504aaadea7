"""Generated participants and converted declarations for the database benchmarks, bulk-inserted.

Test data only: organisations and profiles through `bulk_create`, declarations and their
conversions through raw set-based inserts (a million rows in seconds). What a benchmark then
measures reads and writes through the real services. Import after `django.setup()`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from backend.accounts.models import Organisation, ParticipantProfile
from backend.common.bulk import db_uuids, raw_columns, raw_insert
from backend.common.roles import OrganisationKind, Role
from backend.declarations.models import Declaration, DeclarationStatus
from backend.declarations.search import references_indexed_in_bulk
from backend.rates.models import Conversion
from backend.rulebooks.models import RulebookVersion
from backend.screening.models import Coverage, Evaluation, FactsSnapshot
from tests.factories import make_user
from tests.integration.screening.helpers import cohort, in_force, proposal

INSERT_BATCH = 5_000
# Generated declarations per raw insert transaction.
GENERATE_BATCH = 100_000
# Generated evaluations per raw insert transaction.
EVALUATION_BATCH = 200_000
YEAR_START = date(2026, 1, 1)
DAYS = 365


@dataclass(frozen=True)
class Shape:
    """What the generated declarations look like. Values are cycled by a deterministic index
    (declaration number for categories and countries, participant number for traits), so a
    run is reproducible and every value occurs."""

    ordinary_mad: Decimal = Decimal("1000.00")
    # One payment of `planted_mad` on the last day of the year for every `planted_every`-th
    # participant (0: none).
    planted_mad: Decimal = Decimal("2500000.00")
    planted_every: int = 0
    categories: Sequence[str] = ("SAAS_CLOUD",)
    countries: Sequence[str] = ("IE",)
    sectors: Sequence[str] = ("software",)
    clusters: Sequence[str] = ("NONE",)
    status: str = DeclarationStatus.CONVERTED


def prepared_columns(model: type[Any], template: Any) -> tuple[list[str], dict[str, Any]]:
    """Database-ready values of every concrete column of a template instance (the defaults and
    constants shared by all generated rows), by attname, auto primary keys left out."""
    columns: list[str] = []
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, AutoFieldMixin):
            continue
        columns.append(f.attname)
        values[f.attname] = f.get_db_prep_save(f.pre_save(template, True), connection)
    return columns, values


def cached_prep(model: type[Any], attname: str) -> Callable[[Any], Any]:
    """The field's database form of a value, computed once per distinct value."""
    field = model._meta.get_field(attname.removesuffix("_id"))
    seen: dict[Any, Any] = {}

    def prep(value: Any) -> Any:
        if value not in seen:
            seen[value] = field.get_db_prep_save(value, connection)
        return seen[value]

    return prep


def settle_bulk_load() -> None:
    """What the autovacuum does after a bulk load, done before timing: planner statistics and,
    on PostgreSQL, the visibility of the new rows settled once rather than by the first
    readers (run outside a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def participants_generate(count: int, shape: Shape) -> list[Organisation]:
    """`count` labelled startups with their profiles."""
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench {i:05d}", kind=OrganisationKind.STARTUP) for i in range(count)],
        batch_size=INSERT_BATCH,
    )
    ParticipantProfile.objects.bulk_create(
        [
            ParticipantProfile(
                organisation=o,
                labelled=True,
                labelled_on=date(2021, 1, 1),
                incorporated_on=date(2020, 1, 1),
                has_fx_account=False,
                tax_paid_last_fy=Decimal("0.00"),
                sector=shape.sectors[n % len(shape.sectors)],
                cluster=shape.clusters[n % len(shape.clusters)],
                region="Casablanca-Settat",
            )
            for n, o in enumerate(orgs)
        ],
        batch_size=INSERT_BATCH,
    )
    return orgs


def declarations_generate(
    orgs: list[Organisation], per_participant: int, shape: Shape
) -> tuple[list[str], set[str]]:
    """`per_participant` converted MAD declarations per participant spread over 2026 (the
    planted ones on 31 December); (every declaration id, the planted ids)."""
    # Recorded now: evidence counts what was declared by its cutoff.
    now = timezone.now()
    author = make_user(role=Role.STARTUP, username="bench-author")
    decl_columns, decl_template = prepared_columns(
        Declaration,
        Declaration(
            organisation=orgs[0],
            created_by=author,
            reference="",
            direction="outgoing",
            category=shape.categories[0],
            channel="card",
            amount=shape.ordinary_mad,
            currency="MAD",
            value_date=YEAR_START,
            counterparty_name="Example Cloud Ltd",
            counterparty_country=shape.countries[0],
            status=shape.status,
            created_at=now,
            updated_at=now,
        ),
    )
    conv_columns, conv_template = prepared_columns(
        Conversion,
        Conversion(
            declaration_id=uuid.uuid4(),
            amount_mad=shape.ordinary_mad,
            mad_per_unit=Decimal(1),
            rate_date=YEAR_START,
            source="identity",
            method="official",
            converted_at=now,
        ),
    )
    prep_amount = cached_prep(Declaration, "amount")
    prep_mad = cached_prep(Conversion, "amount_mad")
    prep_day = cached_prep(Declaration, "value_date")
    prep_rate_day = cached_prep(Conversion, "rate_date")
    prep_uuid = cached_prep(Declaration, "id")
    ids: list[str] = []
    planted: set[str] = set()
    decl_rows: list[tuple[Any, ...]] = []
    conv_rows: list[tuple[Any, ...]] = []
    number = 0
    for n, org in enumerate(orgs):
        org_db = prep_uuid(org.pk)
        for k in range(per_participant):
            last = (
                shape.planted_every > 0
                and k == per_participant - 1
                and n % shape.planted_every == 0
            )
            day = YEAR_START + timedelta(days=DAYS - 1 if last else (k * DAYS) // per_participant)
            amount = shape.planted_mad if last else shape.ordinary_mad
            pk = uuid.uuid4()
            ids.append(str(pk))
            if last:
                planted.add(str(pk))
            decl = dict(
                decl_template,
                id=prep_uuid(pk),
                organisation_id=org_db,
                reference=f"B{n}-{k}",
                category=shape.categories[number % len(shape.categories)],
                counterparty_country=shape.countries[number % len(shape.countries)],
                amount=prep_amount(amount),
                value_date=prep_day(day),
            )
            number += 1
            decl_rows.append(tuple(decl[c] for c in decl_columns))
            conv = dict(
                conv_template,
                id=prep_uuid(uuid.uuid4()),
                declaration_id=decl["id"],
                amount_mad=prep_mad(amount),
                rate_date=prep_rate_day(day),
            )
            conv_rows.append(tuple(conv[c] for c in conv_columns))
        if len(decl_rows) >= GENERATE_BATCH or n == len(orgs) - 1:
            with transaction.atomic(), references_indexed_in_bulk():
                raw_insert(Declaration, decl_columns, decl_rows)
                raw_insert(Conversion, conv_columns, conv_rows)
            decl_rows, conv_rows = [], []
    return ids, planted


def evaluations_generate(
    versions: list[tuple[RulebookVersion, set[str], set[str]]],
    *,
    verdicts: Sequence[str],
    weights: Sequence[float],
    seed: int,
) -> int:
    """Stored verdicts for the declarations of each version's participants, as screening stores
    them: one coverage run per participant over its declarations' dates (governing for the
    second set) and an evaluation for every verdict other than compliant, drawn from
    `verdicts` by `weights` (not screened: for benchmarks that read stored verdicts); rows
    written."""
    rng = random.Random(seed)
    now = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    decls = raw_columns(
        Declaration.objects.order_by("organisation_id", "value_date", "id"),
        ("id", "organisation_id", "value_date"),
    )
    snapshot = FactsSnapshot.objects.create(
        participant_id=decls["organisation_id"][0],
        facts_start=date(2026, 1, 1),
        facts_hash="0" * 64,
        declaration_ids=[],
        traits={},
        taken_at=now,
    )
    columns, template = prepared_columns(
        Evaluation,
        Evaluation(
            declaration_id=decls["id"][0],
            participant_id=decls["organisation_id"][0],
            rulebook_version=versions[0][0],
            value_date=date(2026, 1, 1),
            verdict="breach",
            governing=True,
            engine_version="bench",
            facts_snapshot=snapshot,
            facts_hash="0" * 64,
            findings_hash="0" * 64,
            as_of=date(2026, 12, 31),
            evaluated_at=now,
        ),
    )
    declaration_db = db_uuids(decls["id"])
    participant_db = db_uuids(decls["organisation_id"])
    prep_day = cached_prep(Evaluation, "value_date")
    span: dict[str, list[Any]] = {}
    for owner, day in zip(decls["organisation_id"], decls["value_date"], strict=True):
        found = span.setdefault(owner, [day, day, 0])
        found[1] = day
        found[2] += 1
    written = 0
    for version, participants, governed in versions:
        runs = [
            Coverage(
                participant_id=p,
                rulebook_version=version,
                date_from=first,
                date_to=last,
                governing=p in governed,
                declarations=count,
                facts_snapshot=snapshot,
                engine_version="bench",
                as_of=date(2026, 12, 31),
                evaluated_at=now,
            )
            for p, (first, last, count) in span.items()
            if p in participants
        ]
        written += len(Coverage.objects.bulk_create(runs, batch_size=INSERT_BATCH))
        version_db = db_uuids([str(version.pk)])[0]
        rows: list[tuple[Any, ...]] = []
        for declaration, participant, owner, day in zip(
            declaration_db,
            participant_db,
            decls["organisation_id"],
            decls["value_date"],
            strict=True,
        ):
            if owner not in participants:
                continue
            verdict = rng.choices(verdicts, weights)[0]
            if verdict == "compliant":
                continue
            row = dict(
                template,
                declaration_id=declaration,
                participant_id=participant,
                rulebook_version_id=version_db,
                value_date=prep_day(day),
                verdict=verdict,
                governing=owner in governed,
            )
            rows.append(tuple(row[c] for c in columns))
            if len(rows) >= EVALUATION_BATCH:
                with transaction.atomic():
                    written += raw_insert(Evaluation, columns, rows)
                rows = []
        with transaction.atomic():
            written += raw_insert(Evaluation, columns, rows)
    return written


def stored_verdicts_seed(
    participants: int,
    per_participant: int,
    shape: Shape,
    *,
    trialled_share: float,
    verdicts: Sequence[str],
    weights: Sequence[float],
    seed: int,
) -> tuple[list[Organisation], list[str], int]:
    """The test rules in force and proposal, participants (the first `trialled_share` of them in
    a cohort trialling the proposal), their declarations and generated stored verdicts;
    (participants, declaration ids, evaluations written)."""
    with transaction.atomic():
        rules = in_force()
        trial = proposal()
    orgs = participants_generate(participants, shape)
    trialled = orgs[: int(len(orgs) * trialled_share)]
    cohort(trial, trialled)
    ids, _ = declarations_generate(orgs, per_participant, shape)
    everyone = {str(o.pk) for o in orgs}
    trialling = {str(o.pk) for o in trialled}
    evaluations = evaluations_generate(
        [(rules, everyone, everyone - trialling), (trial, trialling, trialling)],
        verdicts=verdicts,
        weights=weights,
        seed=seed,
    )
    return orgs, ids, evaluations
