import { useCallback } from "react";

import { fillPlaceholders, useI18n, type Language } from "@/lib/i18n";

/** The requests panel's strings, French and English. */
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
  "declaration.title": "Demandes et décision du régulateur",
  "decisions.title": "Décisions sur vos paiements",
  "decisions.none": "Aucune décision pour l'instant.",
  "decisions.pending": "En cours d'examen",
  "outcome.cleared": "Classé sans suite",
  "outcome.breach_confirmed": "Infraction confirmée",
  "outcome.allowed_under_sandbox": "Autorisé dans le bac à sable",
  "outcome.escalated": "Transmis",
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
  "declaration.title": "The regulator's requests and decision",
  "decisions.title": "Decisions on your payments",
  "decisions.none": "No decision yet.",
  "decisions.pending": "Under review",
  "outcome.cleared": "Cleared",
  "outcome.breach_confirmed": "Breach confirmed",
  "outcome.allowed_under_sandbox": "Allowed under the sandbox",
  "outcome.escalated": "Escalated",
};

const DICTIONARIES: Readonly<Record<Language, Record<RequestsMessageKey, string>>> = { fr, en };

export type RequestsTranslate = (key: RequestsMessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** `r` for this feature's strings, in the shell's current language. */
export function useRequestsT(): { r: RequestsTranslate; language: Language } {
  const { language } = useI18n();
  const r = useCallback<RequestsTranslate>(
    (key, values) => {
      const template = (DICTIONARIES[language][key] as string | undefined) ?? key;
      return fillPlaceholders(template, values);
    },
    [language],
  );
  return { r, language };
}
