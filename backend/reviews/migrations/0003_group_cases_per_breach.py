"""Existing cases into the one-case-per-breach shape.

Every case holds its payment (a `CasePayment` of the declaration that opened it). A case whose
flags all belong to one breach of a cumulative rule (participant × rulebook × rule × window)
becomes that breach's case, and cases of the same breach are merged into the oldest: it takes
their payments, flags, requests and notes, and lists their ids so that their trail stays on its
timeline. A case that also holds per-payment flags stays the payment's case and hands its
cumulative flags (with the payment) to the breach's case, opened for them when there was none.
Each grouping is an audit event on the cases it touched.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import migrations
from django.utils import timezone

ACTOR = "system:reviews"
CUMULATIVE_RULE_KINDS = frozenset({"period_cap", "tax_linked_cap", "structuring"})
ROLLING_WINDOW_KINDS = frozenset({"structuring"})
ACTIVE = ("open", "in_review", "awaiting_startup", "reopened")
CLOSED = ("decided", "closed")
# As backend.reviews.priority when this migration was written (migrations keep their own copy).
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
SLA_HOURS = {"critical": 24, "high": 72, "medium": 120, "low": 240}
LARGE_AMOUNT_MAD = Decimal("1000000.00")


def _worst(severities: list[str]) -> str:
    known = [s if s in SEVERITY_RANK else "medium" for s in severities]
    return max(known or ["medium"], key=SEVERITY_RANK.__getitem__)


def _priority(severity: str, amount: Decimal) -> int:
    rank = SEVERITY_RANK.get(severity, 2)
    return max(1, 4 - (rank - 1) - (1 if amount >= LARGE_AMOUNT_MAD else 0))


def _key(flag: Any) -> tuple[Any, ...] | None:
    """The breach of a cumulative rule a flag belongs to (as `opening.breach_key`)."""
    if flag.rule_kind not in CUMULATIVE_RULE_KINDS or flag.window_start is None:
        return None
    start, end = flag.window_start, flag.window_end or flag.window_start
    if flag.rule_kind in ROLLING_WINDOW_KINDS:
        start, end = date(start.year, 1, 1), date(start.year, 12, 31)
    return (flag.participant_id, flag.rulebook_version.rulebook_id, flag.rule_id, start, end)


def _amount(declaration: Any) -> Decimal:
    conversion = getattr(declaration, "conversion", None)
    return conversion.amount_mad if conversion is not None else Decimal("0.00")


def _audit(apps: Any, case: Any, action: str, after: dict[str, Any], now: Any) -> None:
    apps.get_model("audit", "AuditEvent").objects.create(
        occurred_at=now,
        actor_username=ACTOR,
        organisation_id=case.participant_id,
        action=action,
        object_type="reviews.case",
        object_id=str(case.pk),
        after=after,
    )


class _Grouping:
    def __init__(self, apps: Any) -> None:
        self.apps = apps
        self.Case = apps.get_model("reviews", "Case")
        self.CasePayment = apps.get_model("reviews", "CasePayment")
        self.Through = self.Case.flags.through
        self.now = timezone.now()
        self.merged_away: set[Any] = set()

    def hold(self, case: Any, flag: Any, attached_at: Any) -> None:
        """The case holds the flag's payment (once) and the flag."""
        self.CasePayment.objects.get_or_create(
            case=case,
            declaration_id=flag.declaration_id,
            defaults={
                "flag": flag,
                "attached_at": attached_at,
                "amount_mad": _amount(flag.declaration),
            },
        )
        self.Through.objects.filter(flag_id=flag.pk).exclude(case_id=case.pk).delete()
        self.Through.objects.get_or_create(case_id=case.pk, flag_id=flag.pk)

    def run(self) -> None:
        whole: dict[tuple[Any, ...], list[Any]] = {}
        handed: dict[tuple[Any, ...], list[tuple[Any, Any]]] = {}
        cases = self.Case.objects.select_related("declaration__conversion").order_by(
            "opened_at", "id"
        )
        for case in cases:
            flags = list(
                case.flags.select_related("rulebook_version", "declaration__conversion").order_by(
                    "opened_at", "id"
                )
            )
            self.CasePayment.objects.get_or_create(
                case=case,
                declaration_id=case.declaration_id,
                defaults={
                    "flag": next(
                        (f for f in flags if f.declaration_id == case.declaration_id), None
                    ),
                    "attached_at": case.opened_at,
                    "amount_mad": _amount(case.declaration),
                },
            )
            keys = [_key(f) for f in flags]
            primary = None
            if flags and None not in keys:
                # Only cumulative flags: the case becomes the breach's of its first flag.
                primary = keys[0]
                whole.setdefault(primary, []).append(case)
            for flag, key in zip(flags, keys, strict=True):
                if key is not None and key != primary:
                    handed.setdefault(key, []).append((flag, case))
        for key in sorted(set(whole) | set(handed), key=str):
            self.group(key, whole.get(key, []), handed.get(key, []))

    def group(self, key: tuple[Any, ...], cases: list[Any], handed: list[tuple[Any, Any]]) -> None:
        participant_id, rulebook_id, rule_id, start, end = key
        if cases:
            kept, merged = cases[0], cases[1:]
        else:
            flag, source = handed[0]
            kept, merged = self.open_for(flag, source, key), []
        kept.kind = "cumulative"
        kept.rulebook_id, kept.rule_id = rulebook_id, rule_id
        kept.window_start, kept.window_end = start, end
        for case in merged:
            self.merge(kept, case)
        for flag, source in handed:
            self.hold(kept, flag, source.opened_at)
            if source.pk in self.merged_away:
                continue
            _audit(
                self.apps,
                source,
                "case.flags_detach",
                {"rule": flag.rule_id, "to_case": str(kept.pk), "reason": "one case per breach"},
                self.now,
            )
        self.refresh(kept, merged)
        _audit(
            self.apps,
            kept,
            "case.group",
            {
                "kind": "cumulative",
                "rule": rule_id,
                "window": [start.isoformat(), end.isoformat()],
                "merged_cases": [str(c.pk) for c in merged],
                "payment_count": kept.payment_count,
                "amount_mad": f"{kept.amount_mad:.2f}",
                "state": kept.state,
                "version": kept.version,
            },
            self.now,
        )

    def open_for(self, flag: Any, source: Any, key: tuple[Any, ...]) -> Any:
        """A breach's case for cumulative flags found only on cases that also hold others."""
        participant_id, rulebook_id, rule_id, start, end = key
        case = self.Case.objects.create(
            kind="cumulative",
            declaration_id=flag.declaration_id,
            participant_id=participant_id,
            rulebook_id=rulebook_id,
            rule_id=rule_id,
            window_start=start,
            window_end=end,
            severity=flag.severity,
            amount_mad=Decimal("0.00"),
            priority=_priority(flag.severity, Decimal("0.00")),
            due_at=source.due_at,
            opened_at=source.opened_at,
            updated_at=self.now,
        )
        _audit(
            self.apps, case, "case.open", {"state": "open", "from_case": str(source.pk)}, self.now
        )
        return case

    def merge(self, kept: Any, case: Any) -> None:
        """Move everything `case` holds onto `kept`; `case` goes (its trail stays, by its id)."""
        for payment in self.CasePayment.objects.filter(case=case).select_related("flag"):
            if not self.CasePayment.objects.filter(
                case=kept, declaration_id=payment.declaration_id
            ).exists():
                self.CasePayment.objects.filter(pk=payment.pk).update(case=kept)
        flag_ids = list(
            self.Through.objects.filter(case_id=case.pk).values_list("flag_id", flat=True)
        )
        self.Through.objects.filter(case_id=case.pk).delete()
        for flag_id in flag_ids:
            self.Through.objects.get_or_create(case_id=kept.pk, flag_id=flag_id)
        self.apps.get_model("reviews", "CaseRequest").objects.filter(case=case).update(case=kept)
        self.apps.get_model("reviews", "CaseNote").objects.filter(case=case).update(case=kept)
        kept.merged_case_ids = [*kept.merged_case_ids, str(case.pk), *case.merged_case_ids]
        if kept.assignee_id is None:
            kept.assignee_id = case.assignee_id
        _audit(self.apps, case, "case.merge", {"into": str(kept.pk)}, self.now)
        self.CasePayment.objects.filter(case=case).delete()
        self.merged_away.add(case.pk)
        case.delete()

    def refresh(self, kept: Any, merged: list[Any]) -> None:
        payments = self.CasePayment.objects.filter(case=kept)
        kept.payment_count = payments.count()
        kept.amount_mad = sum((p.amount_mad for p in payments), Decimal("0.00"))
        flags = self.apps.get_model("screening", "Flag").objects.filter(
            pk__in=self.Through.objects.filter(case_id=kept.pk).values("flag_id")
        )
        kept.severity = _worst([kept.severity, *flags.values_list("severity", flat=True)])
        kept.priority = _priority(kept.severity, kept.amount_mad)
        active = [c for c in merged if c.state in ACTIVE]
        if kept.state in CLOSED and active:
            # A later payment of the breach is still under review: the decision did not cover it.
            kept.state = "reopened"
            kept.reopen_reason = "grouped with cases on later payments of the same breach"
            kept.outcome = kept.rationale = kept.waiver_evidence = ""
            kept.decided_by_id = kept.decided_at = kept.closed_at = None
            kept.due_at = min(c.due_at for c in active)
        elif kept.state in ACTIVE and active:
            kept.due_at = min([kept.due_at, *(c.due_at for c in active)])
        if kept.state in ACTIVE:
            kept.overdue = kept.overdue or any(c.overdue for c in active)
        kept.version += 1
        kept.updated_at = self.now
        kept.save()


def group(apps: Any, schema_editor: Any) -> None:
    _Grouping(apps).run()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_sqlite"),
        ("rates", "0002_conversion"),
        ("reviews", "0002_cases_per_breach"),
    ]

    operations = [migrations.RunPython(group, migrations.RunPython.noop)]
