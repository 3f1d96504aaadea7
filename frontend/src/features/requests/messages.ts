import { createNamespace } from "@/lib/i18n";

/** Messages of the regulator's requests and decisions, as the startup sees them. */
const fr = {
  "panel.title": "Demandes du régulateur",
  "panel.none": "Aucune demande en attente.",
  "panel.about": "Paiement {reference} — demandé le {date}",
  "panel.kind.documents": "Documents demandés",
  "panel.kind.explanation": "Explication demandée",
  "panel.answer": "Votre réponse",
  "panel.files": "Documents (PDF, PNG ou JPEG)",
  "panel.send": "Envoyer la réponse",
  "panel.sent": "Réponse envoyée : le dossier retourne en examen.",
  "declaration.title": "Demandes du régulateur",
  "panel.loading": "Chargement des demandes…",
  "panel.request": "{kind} : {message}",
  "decisions.loading": "Chargement des décisions…",
  "decisions.by": "par {user} le {date}",
  "decisions.more": "Afficher d'autres décisions",
  "decisions.title": "Décisions sur vos paiements",
  "decisions.none": "Aucune décision pour l'instant.",
  "decisions.pending": "En cours d'examen",
} as const;

export type RequestsMessageKey = keyof typeof fr;

const en: Record<RequestsMessageKey, string> = {
  "panel.title": "Requests from the regulator",
  "panel.none": "No request waiting for you.",
  "panel.about": "Payment {reference} — asked on {date}",
  "panel.kind.documents": "Documents requested",
  "panel.kind.explanation": "Explanation requested",
  "panel.answer": "Your answer",
  "panel.files": "Documents (PDF, PNG or JPEG)",
  "panel.send": "Send the answer",
  "panel.sent": "Answer sent: the case is back in review.",
  "declaration.title": "Requests from the regulator",
  "panel.loading": "Loading the requests…",
  "panel.request": "{kind}: {message}",
  "decisions.loading": "Loading the decisions…",
  "decisions.by": "by {user} on {date}",
  "decisions.more": "Show more decisions",
  "decisions.title": "Decisions on your payments",
  "decisions.none": "No decision yet.",
  "decisions.pending": "Under review",
};

export const requestsMessages = createNamespace("requests", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useRequestsT = requestsMessages.useT;
