import { createNamespace } from "@/lib/i18n";

/** Messages of the verdicts panel (both rulebooks side by side). */
const fr = {
  "verdicts.title": "Contrôle selon les deux référentiels",
  "verdicts.none": "Pas encore contrôlée : le contrôle suit la conversion en dirhams.",
  "verdicts.version": "version {number}",
  "verdicts.governing": "référentiel applicable",
  "verdicts.evidence": "à titre d'information",
  "verdicts.noFinding": "Aucune règle enfreinte.",
  "verdicts.citation": "Source : {citation}",
  "verdicts.confidence": "Fiabilité : {confidence}",
  "verdicts.measured": "Mesuré {measured} / limite {limit} {unit}",
  "verdicts.missingFacts": "Fait inconnu, à renseigner par le régulateur : {facts}",
  "verdicts.dueBy": "Échéance : {date}",
  "illustrative.tag": "Valeur illustrative",
} as const;

export type ScreeningMessageKey = keyof typeof fr;

const en: Record<ScreeningMessageKey, string> = {
  "verdicts.title": "Screening under both rulebooks",
  "verdicts.none": "Not screened yet: screening follows the conversion to dirhams.",
  "verdicts.version": "version {number}",
  "verdicts.governing": "governing rulebook",
  "verdicts.evidence": "for information",
  "verdicts.noFinding": "No rule breached.",
  "verdicts.citation": "Source: {citation}",
  "verdicts.confidence": "Confidence: {confidence}",
  "verdicts.measured": "Measured {measured} / limit {limit} {unit}",
  "verdicts.missingFacts": "Unknown fact, for the regulator to record: {facts}",
  "verdicts.dueBy": "Due by {date}",
  "illustrative.tag": "Illustrative value",
};

export const screeningMessages = createNamespace("screening", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useScreeningT = screeningMessages.useT;
