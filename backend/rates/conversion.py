"""Converting declarations to MAD at the rate of their value date (or leaving them pending).

`conversion_apply` is what the processing room calls for new declarations; a late or revised
publication re-converts what it changes through `reconversion.conversions_redo`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import pandas as pd
from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.declarations.models import Declaration, DeclarationStatus
from backend.rates import conf
from backend.rates.batch import convert_frame, rate_frames_for
from backend.rates.calendar import window_start
from backend.rates.lookup import confirmed_non_publication
from backend.rates.models import Conversion

# Statuses a conversion may move a declaration out of; anything else is left alone, so a
# redelivered task is a no-op.
CONVERTIBLE = (DeclarationStatus.RECEIVED, DeclarationStatus.PENDING_RATE)


@dataclass(frozen=True)
class ConversionSummary:
    """Which declarations converted and which wait for a rate."""

    converted_ids: list[UUID] = field(default_factory=list)
    pending_ids: list[UUID] = field(default_factory=list)

    @property
    def converted(self) -> int:
        """How many converted."""
        return len(self.converted_ids)

    @property
    def pending(self) -> int:
        """How many wait for a rate."""
        return len(self.pending_ids)


@dataclass(frozen=True)
class Inputs:
    """What the batch engine needs to convert some declarations: them, and the rates."""

    wanted: pd.DataFrame
    bam: pd.DataFrame
    ecb: pd.DataFrame
    confirmed: dict[str, frozenset[date]]

    def convert(self, *, allow_estimate: bool) -> pd.DataFrame:
        """The batch engine's answer for every wanted declaration."""
        return convert_frame(
            self.wanted,
            bam=self.bam,
            ecb=self.ecb,
            lookback_days=conf.lookback_publication_days(),
            confirmed=self.confirmed,
            allow_estimate=allow_estimate,
        )


def conversion_inputs(wanted: pd.DataFrame, *, allow_estimate: bool) -> Inputs:
    """The rates the batch engine needs for `wanted` (`id`, `currency`, `value_date` as dates,
    `amount`): every stored rate within reach of their value dates, and the confirmed
    non-publication days."""
    first: date = min(wanted["value_date"])
    last: date = max(wanted["value_date"])
    window = window_start(first, conf.lookback_publication_days())
    start = date.min if allow_estimate else window
    currencies = set(wanted["currency"].unique())
    bam, ecb = rate_frames_for(currencies=currencies, start=start, end=last)
    confirmed = confirmed_non_publication(start=window, end=last)
    return Inputs(wanted=wanted, bam=bam, ecb=ecb, confirmed=confirmed)


def _frames(declarations: list[Declaration], *, allow_estimate: bool | None = None) -> Inputs:
    wanted = pd.DataFrame(
        {
            "id": [d.pk for d in declarations],
            "currency": [d.currency for d in declarations],
            "value_date": [d.value_date for d in declarations],
            "amount": [d.amount for d in declarations],
        }
    )
    estimates = conf.estimates_allowed() if allow_estimate is None else allow_estimate
    return conversion_inputs(wanted, allow_estimate=estimates)


def _record(declaration: Declaration, status: str, after: dict[str, Any]) -> None:
    before = declaration.status
    declaration.status = status
    declaration.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=None,
        actor_username="system:rates",
        action="declaration.converted"
        if status == DeclarationStatus.CONVERTED
        else "declaration.pending_rate",
        obj=declaration,
        organisation=declaration.organisation,
        before={"status": before},
        after={"status": status, **after},
    )


def conversion_apply(*, declaration_ids: Sequence[UUID]) -> ConversionSummary:
    """Convert each declaration at the rate of its value date, or set it `pending_rate`.

    Idempotent: declarations already converted (or withdrawn, screened) are skipped.
    """
    summary = ConversionSummary()
    with transaction.atomic():
        declarations = list(
            Declaration.objects.select_for_update(of=("self",))
            .filter(pk__in=list(declaration_ids), status__in=CONVERTIBLE, conversion__isnull=True)
            .order_by("value_date", "id")
        )
        if not declarations:
            return summary
        found = _frames(declarations).convert(allow_estimate=conf.estimates_allowed())
        now = timezone.now()
        by_id = {d.pk: d for d in declarations}
        for row in found.to_dict("records"):
            declaration = by_id[row["id"]]
            if row["method"] is None:
                if declaration.status != DeclarationStatus.PENDING_RATE:
                    _record(declaration, DeclarationStatus.PENDING_RATE, {})
                summary.pending_ids.append(declaration.pk)
                continue
            conversion = Conversion.objects.create(
                declaration=declaration,
                amount_mad=row["amount_mad"],
                mad_per_unit=row["mad_per_unit"],
                rate_date=row["rate_date"],
                source=row["source"],
                method=row["method"],
                converted_at=now,
            )
            conversion.rate_rows.set(list(row["row_ids"]))
            _record(
                declaration,
                DeclarationStatus.CONVERTED,
                {"amount_mad": str(row["amount_mad"]), "method": row["method"]},
            )
            summary.converted_ids.append(declaration.pk)
    return summary


def conversion_quote(*, declaration: Declaration, estimate: bool = False) -> Conversion | None:
    """The conversion `conversion_apply` would store for this (unsaved) declaration, stored
    nowhere: same rates, same look-back, same rounding. None when it would wait for a rate.
    With `estimate`, a date whose rate is not published yet (a planned payment) gets the last
    rate known, labelled an estimate, as the deployment's estimate setting would give it."""
    allow_estimate = estimate or conf.estimates_allowed()
    found = _frames([declaration], allow_estimate=allow_estimate).convert(
        allow_estimate=allow_estimate
    )
    row = found.to_dict("records")[0]
    if row["method"] is None:
        return None
    return Conversion(
        declaration=declaration,
        amount_mad=row["amount_mad"],
        mad_per_unit=row["mad_per_unit"],
        rate_date=row["rate_date"],
        source=row["source"],
        method=row["method"],
        converted_at=timezone.now(),
    )
