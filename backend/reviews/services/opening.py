"""Opening cases from flags, one per breach: a per-payment rule's flags make one case per
payment; a cumulative rule's flags (an annual allowance, structuring) make one case per
participant × rule × window, which later breaching payments of that window join.

A payment joining a case is a timeline entry and raises the case's amount and priority; a
breach found after a decision reopens the case (the decision covered the payments held then).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum

from backend.audit.services import audit_record
from backend.declarations.models import Declaration
from backend.reviews.models import Case, CaseKind, CasePayment
from backend.reviews.priority import case_priority, due_at_for, worst_severity
from backend.reviews.services.base import SYSTEM_ACTOR, case_save, clear_decision, snapshot
from backend.reviews.states import CaseState
from backend.rule_engine import CUMULATIVE_RULE_KINDS
from backend.screening.models import Flag

ZERO_MAD = Decimal("0.00")
# Structuring windows roll (each near-threshold payment starts one), so they overlap and rarely
# coincide: a pattern is reviewed per calendar year, the year its window starts in.
ROLLING_WINDOW_KINDS = frozenset({"structuring"})


@dataclass
class SyncOutcome:
    """What turning flags into cases did."""

    opened: int = 0
    attached: int = 0
    reopened: int = 0
    payments_attached: int = 0


@dataclass(frozen=True)
class BreachKey:
    """What makes two breaches of a cumulative rule the same breach."""

    participant_id: Any
    rulebook_id: Any
    rule_id: str
    window_start: date
    window_end: date


@dataclass
class _Group:
    """Loose flags that belong to one case: a payment's per-payment flags, or one breach's."""

    key: BreachKey | None
    flags: list[Flag] = field(default_factory=list)


def breach_window(
    *, rule_kind: str, window_start: date | None, window_end: date | None
) -> tuple[date, date] | None:
    """The window a cumulative rule's breach is grouped by, or None for a per-payment rule (or a
    finding without a window, which cannot be grouped)."""
    if rule_kind not in CUMULATIVE_RULE_KINDS or window_start is None or window_end is None:
        return None
    if rule_kind in ROLLING_WINDOW_KINDS:
        return date(window_start.year, 1, 1), date(window_start.year, 12, 31)
    return window_start, window_end


def breach_key(flag: Flag) -> BreachKey | None:
    """The breach a flag belongs to, or None when its rule is judged payment by payment."""
    window = breach_window(
        rule_kind=flag.rule_kind, window_start=flag.window_start, window_end=flag.window_end
    )
    if window is None:
        return None
    return BreachKey(
        participant_id=flag.participant_id,
        rulebook_id=flag.rulebook_version.rulebook_id,
        rule_id=flag.rule_id,
        window_start=window[0],
        window_end=window[1],
    )


def payment_amount_mad(declaration: Declaration) -> Decimal:
    """A payment's MAD amount as converted (zero while it has no conversion)."""
    conversion = getattr(declaration, "conversion", None)
    return conversion.amount_mad if conversion is not None else ZERO_MAD


def cases_open_from_flags(*, flags: Iterable[Flag], now: datetime) -> SyncOutcome:
    """Put loose open flags into their cases, opening, growing or reopening them (inside the
    caller's transaction). Flags need `declaration__conversion` and `rulebook_version`."""
    outcome = SyncOutcome()
    groups: dict[Any, _Group] = {}
    for flag in flags:
        key = breach_key(flag)
        group_key = key if key is not None else ("payment", flag.declaration_id)
        groups.setdefault(group_key, _Group(key=key)).flags.append(flag)
    for group in groups.values():
        if group.key is None:
            _sync_payment(group.flags, now, outcome)
        else:
            _sync_breach(group.key, group.flags, now, outcome)
    return outcome


def _locked(queryset: QuerySet[Case]) -> Case | None:
    return queryset.select_for_update(of=("self",)).select_related("participant").first()


def _create(lookup: QuerySet[Case], fields: dict[str, Any]) -> tuple[Case, bool]:
    """The case `lookup` finds (locked), or a new one; a concurrent opening of the same case
    loses on the unique constraint and then finds the winner's."""
    case = _locked(lookup)
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            return Case.objects.create(**fields), True
    except IntegrityError:
        found = _locked(lookup)
        if found is None:
            raise
        return found, False


def _sync_payment(flags: list[Flag], now: datetime, outcome: SyncOutcome) -> None:
    declaration = flags[0].declaration
    lookup = Case.objects.filter(kind=CaseKind.PER_PAYMENT, declaration=declaration)
    fields = {"kind": CaseKind.PER_PAYMENT}
    _sync(lookup, fields, flags, now, outcome)


def _sync_breach(key: BreachKey, flags: list[Flag], now: datetime, outcome: SyncOutcome) -> None:
    where = {
        "participant_id": key.participant_id,
        "rulebook_id": key.rulebook_id,
        "rule_id": key.rule_id,
        "window_start": key.window_start,
        "window_end": key.window_end,
    }
    lookup = Case.objects.filter(kind=CaseKind.CUMULATIVE, **where)
    _sync(lookup, {"kind": CaseKind.CUMULATIVE, **where}, flags, now, outcome)


def _payments_of(flags: list[Flag]) -> dict[Any, Flag]:
    """The first flag of each payment, payments in value-date order."""
    ordered = sorted(flags, key=lambda f: (f.value_date, f.opened_at, str(f.declaration_id)))
    out: dict[Any, Flag] = {}
    for flag in ordered:
        out.setdefault(flag.declaration_id, flag)
    return out


def _sync(
    lookup: QuerySet[Case],
    fields: dict[str, Any],
    flags: list[Flag],
    now: datetime,
    outcome: SyncOutcome,
) -> None:
    payments = _payments_of(flags)
    opener = next(iter(payments.values()))
    severity = worst_severity([f.severity for f in flags])
    amount = payment_amount_mad(opener.declaration)
    case, created = _create(
        lookup,
        {
            **fields,
            "declaration": opener.declaration,
            "participant": opener.participant,
            "severity": severity,
            "amount_mad": amount,
            "priority": case_priority(severity=severity, amount_mad=amount),
            "due_at": due_at_for(severity=severity, opened_at=now),
            "opened_at": now,
            "updated_at": now,
        },
    )
    before = snapshot(case)
    case.flags.add(*flags)
    added = _attach_payments(case, payments, now)
    if created:
        case.priority = case_priority(severity=case.severity, amount_mad=case.amount_mad)
        case.save(update_fields=["amount_mad", "payment_count", "priority"])
        _record_open(case, flags)
        outcome.opened += 1
        return
    rules = sorted({f.rule_id for f in flags})
    extra: dict[str, Any] = {"attached_rules": rules}
    if added:
        extra.update(_payments_detail(added))
        outcome.payments_attached += len(added)
    worst = worst_severity([case.severity, severity])
    if worst != case.severity:
        case.severity = worst
        case.due_at = min(case.due_at, due_at_for(severity=worst, opened_at=now))
    case.priority = case_priority(severity=case.severity, amount_mad=case.amount_mad)
    action = "case.payments_attach" if added else "case.flags_attach"
    if case.state in (CaseState.DECIDED, CaseState.CLOSED):
        # A breach found after the decision is new matter: the decision no longer covers it.
        _reopen(case, f"new breach found: {', '.join(rules)}", now)
        extra["reason"] = case.reopen_reason
        action = "case.reopen"
        outcome.reopened += 1
    outcome.attached += 1
    case_save(case=case, actor=None, action=action, before=before, now=now, extra=extra)


def _attach_payments(case: Case, payments: dict[Any, Flag], now: datetime) -> list[CasePayment]:
    """Hold the payments the case does not hold yet; refresh its total and count."""
    held = set(
        CasePayment.objects.filter(case=case, declaration_id__in=list(payments)).values_list(
            "declaration_id", flat=True
        )
    )
    added = CasePayment.objects.bulk_create(
        [
            CasePayment(
                case=case,
                declaration=flag.declaration,
                flag=flag,
                attached_at=now,
                amount_mad=payment_amount_mad(flag.declaration),
            )
            for declaration_id, flag in payments.items()
            if declaration_id not in held
        ]
    )
    if added:
        case_totals_refresh(case)
    return added


def case_totals_refresh(case: Case) -> None:
    """Set the case's payment count and MAD total from the payments it holds (not saved)."""
    totals = CasePayment.objects.filter(case=case).aggregate(total=Sum("amount_mad"))
    case.payment_count = CasePayment.objects.filter(case=case).count()
    case.amount_mad = totals["total"] or ZERO_MAD


def _payments_detail(added: list[CasePayment]) -> dict[str, Any]:
    """What a timeline entry says of payments joining a case."""
    return {
        "payments_attached": [
            {
                "declaration": str(p.declaration_id),
                "reference": p.declaration.reference,
                "amount_mad": f"{p.amount_mad:.2f}",
            }
            for p in added
        ],
    }


def _record_open(case: Case, flags: list[Flag]) -> None:
    audit_record(
        actor=None,
        actor_username=SYSTEM_ACTOR,
        action="case.open",
        obj=case,
        organisation=case.participant,
        after={
            **snapshot(case),
            "kind": case.kind,
            "rules": sorted({f.rule_id for f in flags}),
            "severity": case.severity,
            "payment_count": case.payment_count,
            "amount_mad": f"{case.amount_mad:.2f}",
        },
    )


def _reopen(case: Case, reason: str, now: datetime) -> None:
    case.state = CaseState.REOPENED
    case.reopen_reason = reason
    case.due_at = due_at_for(severity=case.severity, opened_at=now)
    case.overdue = False
    case.overdue_notified_at = None
    case.closed_at = None
    clear_decision(case)


def case_payment_amount_update(
    *, declaration_id: Any, amount_mad: Decimal, reason: str, now: datetime
) -> list[Case]:
    """A payment's MAD amount changed (e.g. a revised rate): update it in every case holding
    it, with the case's total and priority, and say so on each case's timeline. Returns the
    cases changed (inside the caller's transaction)."""
    changed: list[Case] = []
    held = CasePayment.objects.select_for_update().filter(declaration_id=declaration_id)
    for payment in held.select_related("declaration"):
        if payment.amount_mad == amount_mad:
            continue
        case = _locked(Case.objects.filter(pk=payment.case_id))
        assert case is not None  # the payment's case, locked with it
        before = snapshot(case)
        old = payment.amount_mad
        payment.amount_mad = amount_mad
        payment.save(update_fields=["amount_mad"])
        case_totals_refresh(case)
        case.priority = case_priority(severity=case.severity, amount_mad=case.amount_mad)
        changed.append(
            case_save(
                case=case,
                actor=None,
                action="case.payment_amount_change",
                before=before,
                now=now,
                extra={
                    "declaration": str(declaration_id),
                    "reference": payment.declaration.reference,
                    "amount_before": f"{old:.2f}",
                    "amount_after": f"{amount_mad:.2f}",
                    "amount_mad": f"{case.amount_mad:.2f}",
                    "reason": reason,
                },
            )
        )
    return changed
