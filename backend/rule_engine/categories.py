"""Payment categories (purpose codes) and attached-document kinds: pure reference data.

No public Moroccan purpose-code list was found, so the taxonomy follows
fixtures/rulebooks/REFERENCE.md, mapped to the UN EBOPS 2010 services classification. The EBOPS
letter codes are to be checked against the EBOPS annex before being shown as authoritative.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One payment category with its bilingual labels, EBOPS 2010 mapping and usual regime."""

    code: str
    label_fr: str
    label_en: str
    ebops: str
    regime_en: str


CATEGORIES: tuple[Category, ...] = (
    Category(
        "SAAS_CLOUD",
        "SaaS, hébergement cloud, API, outils de développement",
        "SaaS, cloud hosting, APIs, developer tools",
        "SI2 computer services",
        "card allowance or service import",
    ),
    Category(
        "DIGITAL_ADS",
        "Publicité en ligne, promotion sur les magasins d'applications",
        "Online advertising, app-store promotion",
        "SJ22 advertising, market research",
        "card allowance / service import",
    ),
    Category(
        "FREELANCE_DEV",
        "Freelances et agences à l'étranger",
        "Foreign freelancers, agencies",
        "SI2 / SJ2",
        "service import on contract and invoice",
    ),
    Category(
        "IP_LICENCE",
        "Licences logicielles, brevets, marques",
        "Software licences, patents, trademarks",
        "SH charges for the use of intellectual property",
        "service import",
    ),
    Category(
        "TELECOM",
        "API SMS et voix",
        "SMS/voice APIs",
        "SI1 telecommunications",
        "card / transfer",
    ),
    Category(
        "DATA_INFO",
        "Flux de données, bases de données",
        "Data feeds, databases",
        "SI3 information services",
        "card / transfer",
    ),
    Category(
        "RND",
        "R&D externalisée, laboratoires d'essais",
        "Outsourced R&D, test labs",
        "SJ1 research and development",
        "service import",
    ),
    Category(
        "TRAINING_EXPERT",
        "Formations, certifications, expertise",
        "Courses, certifications, expertise",
        "SJ2 / SK",
        "service import",
    ),
    Category(
        "TRADE_FAIR",
        "Location de stand, frais d'inscription aux salons",
        "Stand rental, registration fees",
        "SJ3 other business services",
        "service import rendered abroad",
    ),
    Category(
        "BUSINESS_TRAVEL",
        "Billets d'avion, hôtels, indemnités journalières",
        "Flights, hotels, per diem",
        "SD travel",
        "business travel allowance",
    ),
    Category(
        "INVEST_ABROAD",
        "Capital de filiale, avances en compte courant",
        "Subsidiary capital, current-account advances",
        "financial account (direct investment)",
        "investment abroad",
    ),
    Category(
        "SERVICE_EXPORT_RECEIPT",
        "Recettes de clients étrangers",
        "Inbound revenue from foreign clients",
        "credit side of SI2 etc.",
        "repatriation deadline",
    ),
)

CATEGORY_CODES: tuple[str, ...] = tuple(c.code for c in CATEGORIES)
CATEGORIES_BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}

# Imports of services: the categories the card allowance and the service-import rules talk about.
SERVICE_IMPORT_CATEGORIES: tuple[str, ...] = (
    "SAAS_CLOUD",
    "DIGITAL_ADS",
    "FREELANCE_DEV",
    "IP_LICENCE",
    "TELECOM",
    "DATA_INFO",
    "RND",
    "TRAINING_EXPERT",
    "TRADE_FAIR",
)

DIRECTIONS: tuple[str, ...] = ("outgoing", "incoming")


@dataclass(frozen=True)
class DocumentKind:
    """A kind of supporting document a declaration can carry."""

    code: str
    label_fr: str
    label_en: str


DOCUMENT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("contract", "Contrat", "Contract"),
    DocumentKind("invoice", "Facture", "Invoice"),
    DocumentKind("proof_of_performance", "Preuve de réalisation", "Proof of performance"),
    DocumentKind("organiser_invoice", "Facture de l'organisateur", "Organiser's invoice"),
    DocumentKind("certified_accounts", "États financiers certifiés", "Certified accounts"),
    DocumentKind("other", "Autre", "Other"),
)
DOCUMENT_KINDS_BY_CODE: dict[str, DocumentKind] = {d.code: d for d in DOCUMENT_KINDS}
