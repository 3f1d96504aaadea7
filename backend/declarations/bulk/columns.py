"""The import file's columns, the header spellings accepted for them, and value aliases."""

import unicodedata

REQUIRED_COLUMNS: tuple[str, ...] = (
    "reference",
    "direction",
    "category",
    "channel",
    "amount",
    "currency",
    "value_date",
    "counterparty_name",
    "counterparty_country",
)
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "description",
    "service_performance_date",
    "expected_repatriation_date",
    "receipt_status",
    "payment_kind",
    "contract_amount",
    "contract_currency",
    "subscription_months",
)
COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# French headers (as a French Excel template would carry them), normalised by `header_key`.
HEADER_ALIASES: dict[str, str] = {
    "reference": "reference",
    "sens": "direction",
    "categorie": "category",
    "canal": "channel",
    "montant": "amount",
    "devise": "currency",
    "date_de_valeur": "value_date",
    "date_valeur": "value_date",
    "contrepartie": "counterparty_name",
    "contrepartie_nom": "counterparty_name",
    "nom_contrepartie": "counterparty_name",
    "pays_contrepartie": "counterparty_country",
    "contrepartie_pays": "counterparty_country",
    "date_de_prestation": "service_performance_date",
    "date_prestation": "service_performance_date",
    "date_de_rapatriement_prevue": "expected_repatriation_date",
    "date_rapatriement_prevue": "expected_repatriation_date",
    "statut_de_reception": "receipt_status",
    "statut_reception": "receipt_status",
    "nature_du_paiement": "payment_kind",
    "nature_paiement": "payment_kind",
    "montant_du_contrat": "contract_amount",
    "montant_contrat": "contract_amount",
    "devise_du_contrat": "contract_currency",
    "devise_contrat": "contract_currency",
    "duree_abonnement_mois": "subscription_months",
    "duree_de_l_abonnement_mois": "subscription_months",
    "duree_abonnement": "subscription_months",
}

DIRECTION_ALIASES: dict[str, str] = {
    "outgoing": "outgoing",
    "incoming": "incoming",
    "sortant": "outgoing",
    "sortante": "outgoing",
    "entrant": "incoming",
    "entrante": "incoming",
}
CHANNEL_ALIASES: dict[str, str] = {
    "card": "card",
    "transfer": "transfer",
    "other": "other",
    "carte": "card",
    "virement": "transfer",
    "autre": "other",
}


RECEIPT_STATUS_ALIASES: dict[str, str] = {
    "expected": "expected",
    "received": "received",
    "attendu": "expected",
    "attendue": "expected",
    "recu": "received",
    "reçu": "received",
    "recue": "received",
    "reçue": "received",
}
PAYMENT_KIND_ALIASES: dict[str, str] = {
    "settlement": "settlement",
    "advance": "advance",
    "reglement": "settlement",
    "règlement": "settlement",
    "avance": "advance",
    "acompte": "advance",
}


def header_key(raw: object) -> str:
    """A header cell reduced to lower-case ASCII words joined by underscores."""
    text = unicodedata.normalize("NFKD", str(raw)).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "_".join(words)


def column_for(raw: object) -> str | None:
    """The canonical column a header cell names, or None when it is not one of ours."""
    key = header_key(raw)
    if key in COLUMNS:
        return key
    return HEADER_ALIASES.get(key)
