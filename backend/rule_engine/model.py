"""Typed, immutable view of a validated rulebook document (see rulebook.schema.json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

RuleKind = Literal[
    "per_payment_cap",
    "period_cap",
    "tax_linked_cap",
    "document_threshold",
    "country_list",
    "structuring",
    "deadline",
    "eligibility",
    "rate_staleness",
]
Outcome = Literal["compliant", "breach", "needs_review", "pending_rate", "open"]
FailureOutcome = Literal["breach", "needs_review"]
Confidence = Literal["official", "press", "secondary", "illustrative"]
Severity = Literal["low", "medium", "high", "critical"]
Period = Literal["calendar_year", "calendar_quarter", "calendar_month"]
DateColumn = Literal[
    "value_date", "service_performance_date", "expected_repatriation_date", "received_date"
]

OUTCOMES: tuple[Outcome, ...] = ("compliant", "breach", "needs_review", "pending_rate", "open")
# Verdict precedence: a declaration takes the worst outcome among its findings. An `open`
# finding (a deadline still running, its due date shown) decides nothing yet: it ranks with
# compliant, so it never makes a verdict of its own.
OUTCOME_RANK: dict[str, int] = {
    "compliant": 0,
    "open": 0,
    "pending_rate": 1,
    "needs_review": 2,
    "breach": 3,
}

CONFIDENCE_LABEL_FR: dict[str, str] = {
    "official": "valeur officielle",
    "press": "valeur presse",
    "secondary": "valeur de source secondaire",
    "illustrative": "valeur illustrative",
}
CONFIDENCE_LABEL_EN: dict[str, str] = {
    "official": "official value",
    "press": "press value",
    "secondary": "secondary-source value",
    "illustrative": "illustrative value",
}


# ---- conditions: a tiny boolean language over participant traits and declaration fields ----


@dataclass(frozen=True)
class Predicate:
    """One test, e.g. ``labelled: true`` or ``years_since_incorporation_gte: 3``."""

    name: str
    value: bool | int | tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    """True when every item is true."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """True when at least one item is true."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """Negation of one condition."""

    item: Condition


Condition = Predicate | AllOf | AnyOf | Not


# ---- parameters, one class per rule kind ----


@dataclass(frozen=True)
class CapOverride:
    """A replacement cap for participants matching ``when`` (first match wins)."""

    when: Condition
    cap_minor: int


@dataclass(frozen=True)
class CapFloor:
    """A minimum cap for participants matching ``when``, applied after overrides."""

    when: Condition
    floor_minor: int


@dataclass(frozen=True)
class PeriodCapParams:
    """Cumulative cap per participant and scope within a period."""

    cap_minor: int
    period: Period = "calendar_year"
    cap_overrides: tuple[CapOverride, ...] = ()
    floors: tuple[CapFloor, ...] = ()


@dataclass(frozen=True)
class TaxLinkedCapParams:
    """Cumulative cap = min(cap, tax_multiple x tax paid last fiscal year)."""

    cap_minor: int
    tax_multiple: Decimal
    period: Period = "calendar_year"


@dataclass(frozen=True)
class PerPaymentOverride:
    """A replacement per-payment limit for declarations matching ``when`` (first match wins)."""

    when: Condition
    limit: int


@dataclass(frozen=True)
class PerPaymentCapParams:
    """A single payment's amount (MAD minor units) or advance share (basis points) <= limit."""

    measure: Literal["amount", "advance_share"]
    limit: int
    overrides: tuple[PerPaymentOverride, ...] = ()


@dataclass(frozen=True)
class DocumentThresholdParams:
    """Above the threshold every required document kind must be attached."""

    threshold_minor: int
    required_documents: tuple[str, ...]
    missing_outcome: FailureOutcome = "breach"


@dataclass(frozen=True)
class CountryListParams:
    """Counterparty country denied, to review, or outside an allow list."""

    deny: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    allow: tuple[str, ...] | None = None
    list_name: str = ""
    unknown_outcome: FailureOutcome = "needs_review"


@dataclass(frozen=True)
class StructuringParams:
    """>= min_count payments to one payee in window_days, each in [low, 100 %) of threshold."""

    threshold_minor: int
    low_bp: int
    min_count: int
    window_days: int
    outcome: FailureOutcome = "needs_review"


@dataclass(frozen=True)
class DeadlineParams:
    """Days from ``start`` to ``end`` must not exceed ``max_days``."""

    start: DateColumn
    end: DateColumn
    max_days: int
    missing_start_outcome: FailureOutcome = "needs_review"


@dataclass(frozen=True)
class EligibilityParams:
    """Declarations in scope require the condition to hold."""

    requires: Condition
    failure_outcome: FailureOutcome = "breach"


@dataclass(frozen=True)
class RateStalenessParams:
    """The conversion rate must be at most max_lag_days publication days old and not an estimate."""

    max_lag_days: int
    stale_outcome: FailureOutcome = "needs_review"
    estimate_outcome: FailureOutcome = "needs_review"


Params = (
    PeriodCapParams
    | TaxLinkedCapParams
    | PerPaymentCapParams
    | DocumentThresholdParams
    | CountryListParams
    | StructuringParams
    | DeadlineParams
    | EligibilityParams
    | RateStalenessParams
)


# ---- rule and rulebook ----


@dataclass(frozen=True)
class Scope:
    """Which declarations a rule looks at; ``None`` means no restriction."""

    categories: tuple[str, ...] | None = None
    channels: tuple[str, ...] | None = None
    directions: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    participant: Condition | None = None


@dataclass(frozen=True)
class LocalText:
    """Text shown to people, in French and English (a rulebook's notes)."""

    fr: str = ""
    en: str = ""

    @classmethod
    def of(cls, value: object) -> LocalText:
        """From a document: `{fr, en}` (one left empty reads as the other), or a plain string
        (English) that older documents hold, then shown as written in both languages; nothing
        gives empty text."""
        if isinstance(value, dict):
            fr, en = str(value.get("fr") or ""), str(value.get("en") or "")
            # A note a draft wrote in one language only is shown in that language to everyone.
            return cls(fr=fr or en, en=en or fr)
        return cls(fr=str(value), en=str(value)) if value else cls()

    def __bool__(self) -> bool:
        return bool(self.fr or self.en)


@dataclass(frozen=True)
class Citation:
    """Legal reference of a rule: instrument, edition, article and the source actually read."""

    instrument: str
    edition: str | None = None
    article: str | None = None
    source: str | None = None
    source_url: str | None = None
    note: LocalText | None = None
    section: str | None = None
    published_on: str | None = None

    def label(self) -> str:
        """Short reference such as ``IGOC 2024, art. 97`` or ``IGOC 2026; Le360, 2026-01-02``:
        the instrument, then where it was read (its article or section, or the publication)."""
        text = self.instrument if not self.edition else f"{self.instrument} {self.edition}"
        if self.article:
            text = f"{text}, art. {self.article}"
        elif self.section:
            text = f"{text}, {self.section}"
        if self.published_on and self.source:
            text = f"{text}; {self.source}, {self.published_on}"
        return text


@dataclass(frozen=True)
class HistoryEntry:
    """A value the rule had under an earlier edition, kept for context."""

    edition: str
    value: str
    confidence: Confidence
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule of a rulebook version."""

    id: str
    kind: RuleKind
    title_fr: str
    title_en: str
    scope: Scope
    params: Params
    severity: Severity
    citation: Citation
    confidence: Confidence
    history: tuple[HistoryEntry, ...] = ()
    notes: LocalText = LocalText()


@dataclass(frozen=True)
class Rulebook:
    """A parsed, validated rulebook version."""

    name: str
    kind: Literal["in_force", "proposed"]
    effective_from: date
    rules: tuple[Rule, ...]
    notes: LocalText = LocalText()
    # The name as people read it (the document's `rulebook.title`; `name` when it has none).
    title_fr: str = ""
    title_en: str = ""
    _by_id: dict[str, Rule] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({r.id: r for r in self.rules})

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError when absent)."""
        return self._by_id[rule_id]
