import { createNamespace } from "@/lib/i18n";

/** The cohorts page's messages (regulators). */
const fr = {
  "cohorts.empty": "Aucune cohorte.",
  "cohorts.name": "Nom",
  "cohorts.window": "Fenêtre de test",
  "cohorts.startsOn": "Début",
  "cohorts.endsOn": "Fin",
  "cohorts.proposal": "Proposition testée",
  "cohorts.participants": "Participants",
  "cohorts.status": "Statut",
  "cohorts.actions": "Actions",
  "cohorts.status.planned": "prévue",
  "cohorts.status.active": "en cours",
  "cohorts.status.closed": "close",
  "cohorts.activate": "Démarrer",
  "cohorts.close": "Clore",
  "cohorts.create.title": "Nouvelle cohorte",
  "cohorts.create.submit": "Créer la cohorte",
} as const;

export type CohortsMessageKey = keyof typeof fr;

const en: Record<CohortsMessageKey, string> = {
  "cohorts.empty": "No cohort yet.",
  "cohorts.name": "Name",
  "cohorts.window": "Test window",
  "cohorts.startsOn": "Start",
  "cohorts.endsOn": "End",
  "cohorts.proposal": "Proposal trialled",
  "cohorts.participants": "Participants",
  "cohorts.status": "Status",
  "cohorts.actions": "Actions",
  "cohorts.status.planned": "planned",
  "cohorts.status.active": "active",
  "cohorts.status.closed": "closed",
  "cohorts.activate": "Start",
  "cohorts.close": "Close",
  "cohorts.create.title": "New cohort",
  "cohorts.create.submit": "Create the cohort",
};

export const cohortsMessages = createNamespace("cohorts", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useCohortsT = cohortsMessages.useT;
