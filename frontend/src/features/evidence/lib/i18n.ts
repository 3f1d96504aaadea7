import { useCallback } from "react";

import { fillPlaceholders, useI18n, type Language } from "@/lib/i18n";

/**
 * Strings of the review outcomes and breakdown tables, French and English. Kept beside the feature
 * so the shell's dictionary stays small; typed so a key missing in one language fails the type
 * check.
 */
const fr = {
  "reviews.title": "Issues des examens et délais",
  "reviews.note":
    "Dossiers décidés sur les déclarations retenues par ces filtres, par issue : délai moyen en jours entiers entre la déclaration et la décision, et demandes de documents adressées aux startups.",
  "reviews.chart": "Dossiers décidés par issue",
  "reviews.empty": "Aucun dossier décidé sur ces déclarations.",
  "reviews.outcome": "Issue",
  "reviews.cases": "Dossiers décidés",
  "reviews.participants": "Participants",
  "reviews.meanDays": "Délai moyen jusqu'à la décision (jours)",
  "reviews.documents": "Documents demandés",
  "outcome.allowed_under_sandbox": "Autorisé dans le bac à sable",
  "outcome.breach_confirmed": "Infraction confirmée",
  "outcome.cleared": "Classé sans suite",
  "outcome.escalated": "Transmis",
  "outcome.TOTAL": "Tous les dossiers décidés",
  "breakdowns.title": "Ventilations",
  "breakdowns.note":
    "Chaque case donne le volume en MAD, puis le nombre de déclarations et de participants distincts, pour chaque paire de verdicts.",
  "breakdowns.category": "Par catégorie de paiement",
  "breakdowns.cluster": "Par cluster",
  "breakdowns.sector": "Par secteur",
  "breakdowns.country": "Par pays de la contrepartie",
  "breakdowns.total": "Total",
  "breakdowns.counts": "{declarations} décl. · {participants} part.",
  "breakdowns.countsFull": "{declarations} déclaration(s), {participants} participant(s)",
  "breakdowns.empty": "Aucune déclaration pour ces filtres.",
  "basis.law": "dont fondé en droit (règles officielles ou presse)",
  "basis.illustrative": "dont valeurs illustratives seulement",
  "disclosure.primary":
    "Une case calculée sur moins de {k} participants est masquée, de même qu'une case dont un seul participant représente plus de la moitié du montant en MAD.",
  "disclosure.complementary":
    "Les cases masquées en plus pour les protéger sont choisies en une fois pour toutes les réponses possibles (année civile entière, au plus un filtre à la fois), totaux et parts fondées en droit ou illustratives compris : aucune case masquée ne peut être retrouvée en additionnant ou en soustrayant des cases publiées, ni en comparant deux réponses.",
  "conversions.title": "Conversion en dirhams",
  "conversions.note":
    "Les montants sont en MAD au cours moyen de Bank Al-Maghrib de la date de valeur, ou de la dernière publication qui la précède quand aucun cours n'est publié ce jour-là. Déclarations de ce périmètre, par façon dont leur montant en MAD a été obtenu :",
  "conversions.method.official": "Au cours publié le jour de la date de valeur",
  "conversions.method.carried_forward": "Au cours de la dernière publication précédente (jour sans publication)",
  "conversions.method.derived": "Dérivé par l'euro avec le cours de référence de la BCE",
  "conversions.method.estimate": "Estimation provisoire, signalée comme telle",
  "conversions.method.in_dirhams": "Sans conversion (montant déclaré en dirhams)",
  "conversions.method.pending": "En attente du cours de leur date",
  "conversions.method.TOTAL": "Toutes les déclarations",
  "conversions.declarations": "Déclarations",
  "conversions.participants": "Participants",
  "conversions.method": "Conversion",
} as const;

export type EvidenceMessageKey = keyof typeof fr;

const en: Record<EvidenceMessageKey, string> = {
  "reviews.title": "Review outcomes and friction",
  "reviews.note":
    "Decided cases on the declarations these filters select, by outcome: mean whole days from declaration to decision, and requests for documents sent to the startups.",
  "reviews.chart": "Decided cases by outcome",
  "reviews.empty": "No decided case on these declarations.",
  "reviews.outcome": "Outcome",
  "reviews.cases": "Decided cases",
  "reviews.participants": "Participants",
  "reviews.meanDays": "Mean days to decision",
  "reviews.documents": "Documents requested",
  "outcome.allowed_under_sandbox": "Allowed under the sandbox",
  "outcome.breach_confirmed": "Breach confirmed",
  "outcome.cleared": "Cleared",
  "outcome.escalated": "Escalated",
  "outcome.TOTAL": "All decided cases",
  "breakdowns.title": "Breakdowns",
  "breakdowns.note":
    "Each cell gives the volume in MAD, then the number of declarations and of distinct participants, for each verdict pair.",
  "breakdowns.category": "By payment category",
  "breakdowns.cluster": "By cluster",
  "breakdowns.sector": "By sector",
  "breakdowns.country": "By counterparty country",
  "breakdowns.total": "All",
  "breakdowns.counts": "{declarations} decl. · {participants} part.",
  "breakdowns.countsFull": "{declarations} declaration(s), {participants} participant(s)",
  "breakdowns.empty": "No declarations for these filters.",
  "basis.law": "of which law-backed (official or press rules)",
  "basis.illustrative": "of which on illustrative values only",
  "disclosure.primary":
    "A cell built from fewer than {k} participants is suppressed, and so is a cell where one participant makes up more than half of the MAD.",
  "disclosure.complementary":
    "The further cells hidden to protect them are chosen once for every possible answer (a whole calendar year, at most one filter at a time), totals and law-backed or illustrative parts included: no suppressed cell can be recovered by adding or subtracting published cells, or by comparing two answers.",
  "conversions.title": "Conversion to dirhams",
  "conversions.note":
    "Amounts are in MAD at Bank Al-Maghrib's mid rate (cours moyen) of the value date, or of the last publication before it when none is published that day. Declarations in this scope, by how their MAD amount was obtained:",
  "conversions.method.official": "At the rate published on the value date",
  "conversions.method.carried_forward": "At the rate of the last publication before it (no publication that day)",
  "conversions.method.derived": "Derived through the euro with the ECB reference rate",
  "conversions.method.estimate": "Provisional estimate, labelled as such",
  "conversions.method.in_dirhams": "No conversion (amount declared in dirhams)",
  "conversions.method.pending": "Awaiting the rate of their date",
  "conversions.method.TOTAL": "All declarations",
  "conversions.declarations": "Declarations",
  "conversions.participants": "Participants",
  "conversions.method": "Conversion",
};

export const EVIDENCE_DICTIONARIES: Readonly<Record<Language, Record<EvidenceMessageKey, string>>> = { fr, en };

export type EvidenceTranslate = (key: EvidenceMessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** Fills `{name}` placeholders; unknown ones stay visible, never blank. */
export function evidenceText(
  language: Language,
  key: EvidenceMessageKey,
  values?: Readonly<Record<string, string | number>>,
): string {
  const template = EVIDENCE_DICTIONARIES[language][key];
  return fillPlaceholders(template, values);
}

/** An outcome's name in words; an outcome this page does not know yet reads as its code. */
export function outcomeText(language: Language, outcome: string): string {
  const key = `outcome.${outcome}`;
  return key in EVIDENCE_DICTIONARIES[language] ? evidenceText(language, key as EvidenceMessageKey) : outcome;
}

/** How an amount got to dirhams, in words; a method this page does not know yet reads as its code. */
export function methodText(language: Language, method: string): string {
  const key = `conversions.method.${method}`;
  return key in EVIDENCE_DICTIONARIES[language] ? evidenceText(language, key as EvidenceMessageKey) : method;
}

/** `e` for this feature's own strings, in the shell's current language. */
export function useEvidenceT(): { e: EvidenceTranslate; language: Language } {
  const { language } = useI18n();
  const e = useCallback<EvidenceTranslate>((key, values) => evidenceText(language, key, values), [language]);
  return { e, language };
}
