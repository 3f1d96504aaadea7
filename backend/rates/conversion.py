"""Converting declarations to MAD at the rate of their value date (or leaving them pending).

`conversion_apply` is what the processing room calls; `conversion_retry_pending` runs after
every successful fetch or import, so a declaration waiting for a late or back-filled rate converts
as soon as the rate is in.
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
from backend.declarations.services.hand_off import declarations_mark_for_processing
from backend.rates import conf
from backend.rates.batch import convert_frame, rate_frames_for
from backend.rates.calendar import window_start
from backend.rates.lookup import confirmed_non_publication
from backend.rates.models import Conversion

# Statuses a conversion may move a declaration out of; anything else is left alone, so a
# redelivered task is a no-op.
CONVERTIBLE = (DeclarationStatus.RECEIVED, DeclarationStatus.PENDING_RATE)
CHUNK = 1_000


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


def _frames(declarations: list[Declaration], *, allow_estimate: bool | None = None) -> Inputs:
    wanted = pd.DataFrame(
        {
            "id": [d.pk for d in declarations],
            "currency": [d.currency for d in declarations],
            "value_date": [d.value_date for d in declarations],
            "amount": [d.amount for d in declarations],
        }
    )
    first: date = min(d.value_date for d in declarations)
    last: date = max(d.value_date for d in declarations)
    estimates = conf.estimates_allowed() if allow_estimate is None else allow_estimate
    window = window_start(first, conf.lookback_publication_days())
    start = date.min if estimates else window
    bam, ecb = rate_frames_for(currencies={d.currency for d in declarations}, start=start, end=last)
    confirmed = confirmed_non_publication(start=window, end=last)
    return Inputs(wanted=wanted, bam=bam, ecb=ecb, confirmed=confirmed)


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


def conversion_retry_pending() -> ConversionSummary:
    """Re-convert every `pending_rate` declaration (in chunks); returns the combined summary."""
    pending = list(
        Declaration.objects.filter(status=DeclarationStatus.PENDING_RATE)
        .order_by("value_date", "id")
        .values_list("pk", flat=True)
    )
    total = ConversionSummary()
    for start in range(0, len(pending), CHUNK):
        part = conversion_apply(declaration_ids=pending[start : start + CHUNK])
        total.converted_ids.extend(part.converted_ids)
        total.pending_ids.extend(part.pending_ids)
    if total.converted_ids:
        # Converted late, they still need screening: now, rather than at the next sweep.
        declarations_mark_for_processing(declaration_ids=total.converted_ids)
    return total
