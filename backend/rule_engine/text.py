"""Human wording of findings: MAD amounts, dates and references in French and English."""

from __future__ import annotations

from datetime import date, timedelta

from backend.rule_engine.model import CONFIDENCE_LABEL_EN, CONFIDENCE_LABEL_FR, Rule
from backend.rule_engine.schema import MINOR_PER_MAD

EPOCH = date(1970, 1, 1)


def mad_fr(minor: int) -> str:
    """``2 150 000,00 MAD`` (French grouping with spaces, decimal comma)."""
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), MINOR_PER_MAD)
    return f"{sign}{units:,}".replace(",", " ") + f",{cents:02d} MAD"


def mad_en(minor: int) -> str:
    """``2,150,000.00 MAD``."""
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), MINOR_PER_MAD)
    return f"{sign}{units:,}.{cents:02d} MAD"


def pct(bp: int) -> str:
    """Basis points as a percentage without useless decimals: 3000 -> ``30 %``."""
    whole, rest = divmod(bp, 100)
    return f"{whole} %" if rest == 0 else f"{whole}.{rest:02d}".rstrip("0") + " %"


def day_to_date(day: int) -> date:
    """A day number (days since 1970-01-01) as a date."""
    return EPOCH + timedelta(days=int(day))


def date_fr(day: int) -> str:
    """``17/02/2026``."""
    return day_to_date(day).strftime("%d/%m/%Y")


def date_en(day: int) -> str:
    """``2026-02-17``."""
    return day_to_date(day).isoformat()


def ref_fr(rule: Rule) -> str:
    """``(IGOC 2026, valeur presse)``."""
    return f"({rule.citation.label()}, {CONFIDENCE_LABEL_FR[rule.confidence]})"


def ref_en(rule: Rule) -> str:
    """``(IGOC 2026, press value)``."""
    return f"({rule.citation.label()}, {CONFIDENCE_LABEL_EN[rule.confidence]})"


PERIOD_NOUN_FR = {
    "calendar_year": "plafond annuel",
    "calendar_quarter": "plafond trimestriel",
    "calendar_month": "plafond mensuel",
}
PERIOD_NOUN_EN = {
    "calendar_year": "annual cap",
    "calendar_quarter": "quarterly cap",
    "calendar_month": "monthly cap",
}


def period_label_fr(period: str, start_day: int) -> str:
    """``en 2026``, ``au T1 2026``, ``en 03/2026``."""
    d = day_to_date(start_day)
    if period == "calendar_year":
        return f"en {d.year}"
    if period == "calendar_quarter":
        return f"au T{(d.month - 1) // 3 + 1} {d.year}"
    return f"en {d.month:02d}/{d.year}"


def period_label_en(period: str, start_day: int) -> str:
    """``in 2026``, ``in Q1 2026``, ``in 2026-03``."""
    d = day_to_date(start_day)
    if period == "calendar_year":
        return f"in {d.year}"
    if period == "calendar_quarter":
        return f"in Q{(d.month - 1) // 3 + 1} {d.year}"
    return f"in {d.year}-{d.month:02d}"


# The participant facts a rule may need (conditions.FACTS), as a finding names them.
FACT_LABEL_FR = {
    "labelled": "label de startup (et depuis quand)",
    "has_fx_account": "compte en devises",
    "categorised_operator": "statut d'opérateur catégorisé",
    "certified_accounts": "comptes certifiés",
    "incorporated_on": "date de création (âge de la société)",
    "tax_paid_last_fy": "impôt payé au dernier exercice",
    "pre_revenue": "absence de chiffre d'affaires (pré-revenu)",
    "is_cluster_member": "appartenance à un cluster",
}
FACT_LABEL_EN = {
    "labelled": "startup label (and since when)",
    "has_fx_account": "foreign-currency account",
    "categorised_operator": "categorised-operator status",
    "certified_accounts": "certified accounts",
    "incorporated_on": "incorporation date (company age)",
    "tax_paid_last_fy": "tax paid last year",
    "pre_revenue": "pre-revenue status",
    "is_cluster_member": "cluster membership",
}


def unknown_fr(facts: tuple[str, ...]) -> str:
    """``Fait inconnu : impôt payé au dernier exercice``."""
    labels = ", ".join(FACT_LABEL_FR[f] for f in facts)
    return f"Fait inconnu : {labels}" if len(facts) == 1 else f"Faits inconnus : {labels}"


def unknown_en(facts: tuple[str, ...]) -> str:
    """``tax paid last year unknown``."""
    return f"{', '.join(FACT_LABEL_EN[f] for f in facts)} unknown"
