"""Payment categories with French and English labels, as the API serves them.

The taxonomy itself lives in the pure engine package (one list for screening and for the API);
this module adds the plain-words help shown next to the choice in the declaration form.
"""

from backend.rule_engine.categories import (
    CATEGORIES,
    CATEGORIES_BY_CODE,
    CATEGORY_CODES,
    DOCUMENT_KINDS,
    DOCUMENT_KINDS_BY_CODE,
    Category,
)

__all__ = [
    "CATEGORIES",
    "CATEGORIES_BY_CODE",
    "CATEGORY_CODES",
    "CATEGORY_HELP",
    "DOCUMENT_KINDS",
    "DOCUMENT_KINDS_BY_CODE",
    "INCOMING_CATEGORIES",
    "Category",
]

# The only category that is money coming in; every other category is a payment abroad.
INCOMING_CATEGORIES: frozenset[str] = frozenset({"SERVICE_EXPORT_RECEIPT"})

# code -> (French, English): what a founder would call the payment, in plain words.
CATEGORY_HELP: dict[str, tuple[str, str]] = {
    "SAAS_CLOUD": (
        "Abonnements à des logiciels en ligne, hébergement, API payées à l'usage.",
        "Online software subscriptions, hosting, pay-as-you-go APIs.",
    ),
    "DIGITAL_ADS": (
        "Campagnes publicitaires sur des plateformes étrangères (moteurs de recherche, réseaux "
        "sociaux, magasins d'applications).",
        "Ad campaigns on foreign platforms (search engines, social networks, app stores).",
    ),
    "FREELANCE_DEV": (
        "Travail commandé à un freelance ou une agence à l'étranger, sur contrat et facture.",
        "Work ordered from a freelancer or agency abroad, on a contract and an invoice.",
    ),
    "IP_LICENCE": (
        "Droit d'utiliser un logiciel, un brevet ou une marque appartenant à une société "
        "étrangère.",
        "The right to use software, a patent or a trademark owned by a foreign company.",
    ),
    "TELECOM": (
        "Envoi de SMS, appels, numéros virtuels fournis par un opérateur étranger.",
        "Text messages, calls and virtual numbers supplied by a foreign operator.",
    ),
    "DATA_INFO": (
        "Achat de données ou d'accès à une base de données étrangère.",
        "Buying data or access to a foreign database.",
    ),
    "RND": (
        "Recherche, essais ou tests confiés à un laboratoire ou un prestataire étranger.",
        "Research, trials or tests entrusted to a foreign lab or provider.",
    ),
    "TRAINING_EXPERT": (
        "Formations, certifications ou conseils d'experts facturés depuis l'étranger.",
        "Training, certifications or expert advice invoiced from abroad.",
    ),
    "TRADE_FAIR": (
        "Stand, inscription ou frais de participation à un salon à l'étranger.",
        "Stand, registration or participation fees at a trade fair abroad.",
    ),
    "BUSINESS_TRAVEL": (
        "Billets, hôtels et frais de séjour d'un déplacement professionnel.",
        "Tickets, hotels and living costs of a business trip.",
    ),
    "INVEST_ABROAD": (
        "Argent envoyé pour créer ou financer une filiale ou une participation à l'étranger.",
        "Money sent to set up or fund a subsidiary or a stake abroad.",
    ),
    "SERVICE_EXPORT_RECEIPT": (
        "Paiement reçu d'un client étranger pour un service que vous lui avez rendu.",
        "A payment received from a foreign client for a service you provided.",
    ),
}
