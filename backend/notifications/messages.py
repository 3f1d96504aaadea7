"""The e-mail of each kind of notification, in French and English, filled from its params.

The web interface words the in-app list itself (from the same kind and params); an e-mail is
written here because it leaves the application.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from backend.notifications.models import NotificationKind

# Labels of the codes an e-mail quotes (the interface has its own, for the screen).
OUTCOMES = {
    "cleared": ("classé sans suite", "cleared"),
    "breach_confirmed": ("infraction confirmée", "breach confirmed"),
    "allowed_under_sandbox": ("autorisé dans le bac à sable", "allowed under the sandbox"),
    "escalated": ("transmis", "escalated"),
}
VERDICTS = {
    "compliant": ("conforme", "compliant"),
    "breach": ("dépassement", "breach"),
    "needs_review": ("à examiner", "needs review"),
    "pending_rate": ("en attente du cours", "waiting for the rate"),
}
REQUEST_KINDS = {
    "documents": ("des documents", "documents"),
    "explanation": ("une explication", "an explanation"),
}

SUBJECTS: dict[str, tuple[str, str]] = {
    NotificationKind.REQUEST_CREATED: (
        "Le régulateur vous demande {what_fr} sur le paiement {reference}",
        "The regulator asks you for {what_en} about payment {reference}",
    ),
    NotificationKind.DECISION_TAKEN: (
        "Décision sur le paiement {reference} : {outcome_fr}",
        "Decision on payment {reference}: {outcome_en}",
    ),
    NotificationKind.VERDICT_CHANGED: (
        "Le verdict du paiement {reference} a changé : {after_fr}",
        "The verdict of payment {reference} changed: {after_en}",
    ),
    NotificationKind.ALLOWANCE_CROSSED: (
        "Plafond « {rule_fr} » : {threshold} % atteints",
        'Allowance "{rule_en}": {threshold}% used',
    ),
    NotificationKind.CASE_ASSIGNED: (
        "Dossier attribué : paiement {reference}",
        "Case assigned to you: payment {reference}",
    ),
    NotificationKind.REVIEW_REQUESTED: (
        "Relecture demandée : {rulebook_fr}, version {number}",
        "Review requested: {rulebook_en}, version {number}",
    ),
    NotificationKind.SLA_DUE_SOON: (
        "Échéance proche : dossier du paiement {reference}",
        "Due soon: case of payment {reference}",
    ),
}

BODIES: dict[str, tuple[str, str]] = {
    NotificationKind.REQUEST_CREATED: (
        "Le régulateur vous demande {what_fr} au sujet du paiement {reference} :\n\n{message}\n\n"
        "Répondez depuis la page du paiement.",
        "The regulator asks you for {what_en} about payment {reference}:\n\n{message}\n\n"
        "Answer from the payment's page.",
    ),
    NotificationKind.DECISION_TAKEN: (
        "{decided_by} a décidé sur le paiement {reference} : {outcome_fr}.\n\n"
        "Motivation : {rationale}",
        "{decided_by} decided on payment {reference}: {outcome_en}.\n\nRationale: {rationale}",
    ),
    NotificationKind.VERDICT_CHANGED: (
        "Selon {rulebook_fr}, le paiement {reference} passe de « {before_fr} » à « {after_fr} ».",
        'Under {rulebook_en}, payment {reference} went from "{before_en}" to "{after_en}".',
    ),
    NotificationKind.ALLOWANCE_CROSSED: (
        "Vous avez utilisé {used_fr} MAD sur {limit_fr} MAD du plafond « {rule_fr} » "
        "({rulebook_fr}).",
        'You have used {used_en} MAD of the {limit_en} MAD allowance "{rule_en}" ({rulebook_en}).',
    ),
    NotificationKind.CASE_ASSIGNED: (
        "Le dossier du paiement {reference} ({participant}) vous est attribué. Échéance : {due}.",
        "The case of payment {reference} ({participant}) is assigned to you. Due: {due}.",
    ),
    NotificationKind.REVIEW_REQUESTED: (
        "{requested_by} demande une seconde relecture du brouillon {rulebook_fr}, "
        "version {number}, avant sa publication (quatre yeux).",
        "{requested_by} asks for a second review of the draft {rulebook_en}, version {number}, "
        "before it is published (four eyes).",
    ),
    NotificationKind.SLA_DUE_SOON: (
        "Le dossier du paiement {reference} ({participant}) doit être décidé avant le {due}.",
        "The case of payment {reference} ({participant}) is due for a decision by {due}.",
    ),
}


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _values(params: dict[str, Any]) -> dict[str, Any]:
    values = _Defaulting(params)
    for source, table, name in (
        ("outcome", OUTCOMES, "outcome"),
        ("before", VERDICTS, "before"),
        ("after", VERDICTS, "after"),
        ("request_kind", REQUEST_KINDS, "what"),
    ):
        fr, en = table.get(
            str(params.get(source, "")), (params.get(source, ""), params.get(source, ""))
        )
        values[f"{name}_fr"], values[f"{name}_en"] = fr, en
    for name in ("used", "limit"):
        if name in params:
            values[f"{name}_fr"], values[f"{name}_en"] = _amounts(str(params[name]))
    return values


def _amounts(value: str) -> tuple[str, str]:
    """A MAD amount as each language writes it: "2 500 000,00" and "2,500,000.00"."""
    try:
        english = f"{Decimal(value):,.2f}"
    except InvalidOperation:
        return value, value
    french = english.replace(",", "\u202f").replace(".", ",")
    return french, english


def email_text(*, kind: str, params: dict[str, Any], language: str, link: str) -> tuple[str, str]:
    """Subject and body of a notification's e-mail in `language` ("fr" or "en")."""
    index = 0 if language == "fr" else 1
    values = _values(params)
    subject = "[FX Sandbox] " + SUBJECTS[kind][index].format_map(values)
    body = BODIES[kind][index].format_map(values)
    if link:
        body += ("\n\nOuvrir : " if index == 0 else "\n\nOpen: ") + link
    return subject, body
