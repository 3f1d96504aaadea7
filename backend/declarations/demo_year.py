"""A year of payments (January to November 2026) for the generated demo startups.

Each generated startup (`backend.accounts.demo_population`) pays according to its role, with
amounts drawn from a random generator seeded by its user name: the same payments, references
and dates on every run. What each role shows on the impact dashboard:

- ``heavy_cloud`` (labelled, no foreign-currency account): three cloud bills a month by card
  take it past the 2,000,000 MAD labelled-startup card allowance in force (press) in the autumn,
  within the proposal's 4,000,000 MAD; and a monthly ad campaign by card.
- ``ads_labelled``, ``ads_company``, ``ads_company_big``, ``young_investor``: ad campaigns paid
  by card every month, outside the card allowance's scope in force (IT, telecom and information
  services, press) and inside the proposal's; the companies' card spending also passes their
  tax-linked allowance in force (press); the big spenders pass the proposal's 500,000 MAD too.
  The young investor also invests in a subsidiary abroad, refused in force to a company under
  three years old (official) and allowed to cluster members by the proposal.
- ``ads_labelled``, ``exporter``, ``outsider_services``: transfers for services above 100,000 MAD
  without the documents the illustrative threshold asks for; ``research``: one above the
  proposal's illustrative 250,000 MAD too.
- ``exporter``, ``research``: trade-fair fees without the organiser's invoice the proposal asks
  for.
- ``outsider_*``: startups outside the cohort (rules in force only).

Amounts are recorded in dirhams (the amount debited): the bundled Bank Al-Maghrib sample covers
only 25 and 26 March 2026, so only the March bills of some startups, dated on those days, are in
euros or dollars and converted at the official rate of their value date. This is a shortcut of
the demo, inserted in bulk as an import would be but without its checks: the API and the import
refuse dirham payments (not cross-border), and a year in foreign currencies needs a year of rates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backend.accounts.demo_population import demo_population

YEAR = 2026
MONTHS = range(1, 12)  # January to November: every value date is in the past
LAST_DAY = 28  # a day every month has
MAD = "MAD"
# Approximate MAD per unit on the bundled days, to write a bill in the foreign currency with about
# the same dirham value; the conversion itself uses the stored official rate.
FOREIGN = {
    "EUR": (Decimal("10.80"), date(YEAR, 3, 25)),
    "USD": (Decimal("9.95"), date(YEAR, 3, 26)),
}

Counterparty = tuple[str, str]
ADS: tuple[Counterparty, ...] = (
    ("Searchlight Ads Ireland Ltd", "IE"),
    ("Feedwall Media Ireland Ltd", "IE"),
    ("Proline Network UC", "IE"),
    ("Clipstream Ads Inc", "US"),
)
CLOUD: tuple[Counterparty, ...] = (
    ("Nimbus Hosting GmbH", "DE"),
    ("Stratus Compute Ireland Ltd", "IE"),
    ("Cirrus Platform Inc", "US"),
    ("Orbital Data SAS", "FR"),
    ("Tidal Storage BV", "NL"),
)
FREELANCE: tuple[Counterparty, ...] = (
    ("Lisbon Code Studio Lda", "PT"),
    ("Valencia Dev Collective SL", "ES"),
    ("Atelier Logiciel SARL", "FR"),
    ("Baltic Embedded OU", "EE"),
)
RESEARCH: tuple[Counterparty, ...] = (
    ("Alpine Test Laboratories AG", "CH"),
    ("Nordic Materials Lab AB", "SE"),
)
FAIRS: tuple[Counterparty, ...] = (
    ("Messe Organiser GmbH", "DE"),
    ("Salon International SAS", "FR"),
    ("Gulf Tech Expo LLC", "AE"),
    ("Feria Textil SA", "ES"),
)


@dataclass(frozen=True)
class Payment:
    """One generated payment, in the fields of a declaration."""

    reference: str
    category: str
    channel: str
    amount: Decimal
    currency: str
    value_date: date
    counterparty: Counterparty
    description: str


class _Book:
    """The payments of one startup, numbered in the order they are drawn."""

    def __init__(self, user: str) -> None:
        self.rng = random.Random(f"demo-year:{user}")  # noqa: S311 (reproducible demo data)
        self.prefix = "G" + user.rsplit("-", 1)[-1]
        self.payments: list[Payment] = []

    def amount(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randrange(low * 100, high * 100)) / 100

    def day(self, month: int) -> date:
        return date(YEAR, month, self.rng.randint(1, LAST_DAY))

    def pick(self, choices: tuple[Counterparty, ...]) -> Counterparty:
        return choices[self.rng.randrange(len(choices))]

    def add(
        self,
        category: str,
        channel: str,
        amount: Decimal,
        on: date,
        counterparty: Counterparty,
        description: str,
        currency: str = MAD,
    ) -> None:
        number = len(self.payments) + 1
        self.payments.append(
            Payment(
                reference=f"{self.prefix}-{YEAR}-{number:04d}",
                category=category,
                channel=channel,
                amount=amount,
                currency=currency,
                value_date=on,
                counterparty=counterparty,
                description=description,
            )
        )

    def monthly(
        self,
        category: str,
        channel: str,
        low: int,
        high: int,
        choices: tuple[Counterparty, ...],
        description: str,
        *,
        per_month: int = 1,
        every: int = 1,
    ) -> None:
        """`per_month` payments in every `every`-th month, each to a different counterparty."""
        for month in MONTHS:
            if (month - 1) % every:
                continue
            start = self.rng.randrange(len(choices))
            for n in range(per_month):
                party = choices[(start + n) % len(choices)]
                self.add(
                    category,
                    channel,
                    self.amount(low, high),
                    self.day(month),
                    party,
                    f"{description}, {YEAR}-{month:02d}",
                )

    def foreign_bill(self, currency: str, category: str, low: int, high: int) -> None:
        """One card bill in a foreign currency on a day the bundled official rates cover."""
        per_unit, on = FOREIGN[currency]
        amount = (self.amount(low, high) / per_unit).quantize(Decimal("0.01"))
        self.add(category, "card", amount, on, self.pick(CLOUD), "Platform bill", currency)

    def once(
        self,
        category: str,
        channel: str,
        low: int,
        high: int,
        choices: tuple[Counterparty, ...],
        description: str,
    ) -> None:
        month = self.rng.choice(list(MONTHS))
        self.add(
            category,
            channel,
            self.amount(low, high),
            self.day(month),
            self.pick(choices),
            description,
        )


def _ads(book: _Book, low: int, high: int) -> None:
    book.monthly("DIGITAL_ADS", "card", low, high, ADS, "Ad campaign")


def _role_payments(book: _Book, role: str, name: str) -> None:
    if role == "heavy_cloud":
        # Below 90,000 MAD each: three bills a month to different hosts are not structuring.
        book.monthly("SAAS_CLOUD", "card", 60_000, 85_000, CLOUD, "Cloud compute", per_month=3)
        book.foreign_bill("EUR", "SAAS_CLOUD", 20_000, 40_000)
        _ads(book, 8_000, 25_000)
    elif role == "ads_labelled":
        _ads(book, 10_000, 35_000)
        book.monthly("SAAS_CLOUD", "card", 5_000, 20_000, CLOUD, "Software subscriptions")
        book.foreign_bill("EUR", "DATA_INFO", 5_000, 15_000)
        book.once("FREELANCE_DEV", "transfer", 120_000, 200_000, FREELANCE, "Mobile app build")
    elif role == "ads_company":
        _ads(book, 10_000, 30_000)
        book.monthly("SAAS_CLOUD", "card", 5_000, 15_000, CLOUD, "Hosting", every=2)
    elif role == "ads_company_big":
        _ads(book, 35_000, 60_000)
        book.monthly("SAAS_CLOUD", "card", 8_000, 20_000, CLOUD, "Hosting")
    elif role == "exporter":
        book.monthly("SAAS_CLOUD", "card", 10_000, 40_000, CLOUD, "Design and CAD software")
        book.foreign_bill("USD", "SAAS_CLOUD", 10_000, 30_000)
        for _ in range(3):
            book.once("FREELANCE_DEV", "transfer", 150_000, 240_000, FREELANCE, "Contract work")
        book.once("TRADE_FAIR", "transfer", 30_000, 80_000, FAIRS, "Stand at a trade fair")
    elif role == "research":
        book.monthly("SAAS_CLOUD", "card", 5_000, 20_000, CLOUD, "Simulation software")
        book.once("RND", "transfer", 260_000, 400_000, RESEARCH, "Certification test campaign")
        book.once("TRADE_FAIR", "transfer", 20_000, 60_000, FAIRS, "Stand at a trade fair")
    elif role == "young_investor":
        _ads(book, 3_000, 12_000)
        book.monthly("SAAS_CLOUD", "card", 2_000, 8_000, CLOUD, "Hosting")
        subsidiary = (f"{name.removesuffix(' (démo)')} Europe SAS", "FR")
        book.once(
            "INVEST_ABROAD", "transfer", 250_000, 400_000, (subsidiary,), "Subsidiary capital"
        )
    elif role == "outsider_ads":
        _ads(book, 5_000, 25_000)
        book.monthly("SAAS_CLOUD", "card", 4_000, 12_000, CLOUD, "Hosting", every=2)
    elif role == "outsider_services":
        book.monthly("SAAS_CLOUD", "card", 5_000, 20_000, CLOUD, "Software subscriptions")
        book.once("FREELANCE_DEV", "transfer", 110_000, 240_000, FREELANCE, "Contract work")
    elif role == "outsider_plain":
        book.monthly("SAAS_CLOUD", "card", 5_000, 15_000, CLOUD, "Software subscriptions")
    else:
        raise ValueError(f"unknown demo role {role!r}")


def demo_year_payments(entry: dict[str, Any]) -> list[Payment]:
    """The payments of one generated startup (an entry of `demo_population`)."""
    book = _Book(entry["user"])
    _role_payments(book, entry["role"], entry["name"])
    return book.payments


def demo_year() -> dict[str, list[Payment]]:
    """Every generated startup's payments, by user name."""
    return {entry["user"]: demo_year_payments(entry) for entry in demo_population()}
