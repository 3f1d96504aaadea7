import { createNamespace } from "@/lib/i18n";

/** The cohorts page's messages (regulators). */
const fr = {
  "cohorts.intro":
    "Une cohorte essaie une proposition avec des startups pendant une période : leurs paiements sont contrôlés selon les deux référentiels.",
  "cohorts.windowValue": "du {start} au {end}",
  "cohorts.noParticipant": "Aucun participant",
  "cohorts.participantCount": "{count, plural, one {# participant} other {# participants}}",
  "cohorts.activateTitle": "Démarrer la cohorte « {name} » ?",
  "cohorts.activateBody":
    "Ses participants seront contrôlés aussi selon {proposal}, du {start} au {end}.",
  "cohorts.closeTitle": "Clore la cohorte « {name} » ?",
  "cohorts.closeBody":
    "La période d'essai s'arrête aujourd'hui : les paiements suivants {count, plural, one {de son participant} other {de ses # participants}} ne seront plus contrôlés selon la proposition ; ceux déjà contrôlés restent tels quels.",
  "cohorts.chooseProposal": "Choisir une proposition publiée…",
  "cohorts.created": "Cohorte « {name} » créée.",
  "cohorts.empty": "Aucune cohorte.",
  "cohorts.name": "Nom",
  "cohorts.window": "Fenêtre de test",
  "cohorts.startsOn": "Début",
  "cohorts.endsOn": "Fin",
  "cohorts.proposal": "Proposition testée",
  "cohorts.participants": "Participants",
  "cohorts.activate": "Démarrer",
  "cohorts.close": "Clore",
  "cohorts.create.title": "Nouvelle cohorte",
  "cohorts.create.submit": "Créer la cohorte",
} as const;

export type CohortsMessageKey = keyof typeof fr;

const en: Record<CohortsMessageKey, string> = {
  "cohorts.intro":
    "A cohort trials a proposal with startups over a period: their payments are screened under both rulebooks.",
  "cohorts.windowValue": "{start} to {end}",
  "cohorts.noParticipant": "No participant",
  "cohorts.participantCount": "{count, plural, one {# participant} other {# participants}}",
  "cohorts.activateTitle": "Start the cohort “{name}”?",
  "cohorts.activateBody": "Its participants will also be screened under {proposal}, from {start} to {end}.",
  "cohorts.closeTitle": "Close the cohort “{name}”?",
  "cohorts.closeBody":
    "The trial ends today: later payments of {count, plural, one {its participant} other {its # participants}} will no longer be screened under the proposal; those already screened stay as they are.",
  "cohorts.chooseProposal": "Choose a published proposal…",
  "cohorts.created": "Cohort “{name}” created.",
  "cohorts.empty": "No cohort yet.",
  "cohorts.name": "Name",
  "cohorts.window": "Test window",
  "cohorts.startsOn": "Start",
  "cohorts.endsOn": "End",
  "cohorts.proposal": "Proposal trialled",
  "cohorts.participants": "Participants",
  "cohorts.activate": "Start",
  "cohorts.close": "Close",
  "cohorts.create.title": "New cohort",
  "cohorts.create.submit": "Create the cohort",
};

export const cohortsMessages = createNamespace("cohorts", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useCohortsT = cohortsMessages.useT;
