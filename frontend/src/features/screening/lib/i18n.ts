import { useCallback } from "react";

import { useI18n, type Language } from "@/lib/i18n";

/**
 * Strings of screening (verdicts), headroom and backtests/sweeps, French and English. Kept beside
 * the features so the shell's dictionary stays small; typed so a key missing in one language
 * fails the type check.
 */
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
  "verdict.compliant": "Conforme",
  "verdict.breach": "Dépassement",
  "verdict.needs_review": "À examiner",
  "verdict.pending_rate": "En attente du cours",
  "verdict.not_screened": "Non contrôlée",
  "outcome.breach": "Dépassement",
  "outcome.needs_review": "À examiner",
  "outcome.pending_rate": "En attente du cours",
  "confidence.official": "officielle",
  "confidence.press": "presse",
  "confidence.secondary": "source secondaire",
  "confidence.illustrative": "illustrative",
  "illustrative.tag": "Valeur illustrative",
  "kind.in_force": "les règles en vigueur",
  "kind.proposed": "la proposition du bac à sable",
  "headroom.title": "Plafonds annuels restants",
  "headroom.intro":
    "Ce que vous avez utilisé de chaque plafond annuel, selon les règles en vigueur et selon la proposition du bac à sable.",
  "headroom.empty": "Aucun plafond annuel ne s'applique à vous aujourd'hui.",
  "headroom.line": "{used} sur {limit} MAD utilisés en {year} selon {rulebook}",
  "headroom.left": "Reste {left} MAD ; remise à zéro le {resets}.",
  "headroom.pending": "{count} paiement(s) en attente de cours non compté(s).",
  "headroom.over": "Plafond dépassé",
  "rescreen.title": "Re-contrôler toutes les déclarations",
  "rescreen.intro":
    "Recalcule les verdicts de tous les participants avec les versions publiées (par lots, en arrière-plan). Une relance qui ne change rien ne crée rien.",
  "rescreen.since": "À partir du (facultatif)",
  "rescreen.submit": "Lancer le re-contrôle",
  "rescreen.progress": "Re-contrôle : {progress} % ({done} lots sur {total})",
  "rescreen.done":
    "Re-contrôle terminé : {participants} participant(s), {written} évaluation(s) écrite(s), {changed} verdict(s) modifié(s).",
  "job.queued": "En file d'attente…",
  "job.running": "En cours : {progress} %",
  "job.failed": "Échec : {detail}",
  "backtest.title": "Backtests",
  "backtest.intro":
    "Appliquez une version (brouillon ou publiée) à l'historique d'une période, sans toucher aux verdicts réels, et comparez avec le référentiel de base.",
  "backtest.version": "Version testée",
  "backtest.baseline": "Comparer avec",
  "backtest.baselineDefault": "Les règles en vigueur à chaque date de valeur",
  "backtest.periodStart": "Début de période",
  "backtest.periodEnd": "Fin de période",
  "backtest.submit": "Lancer le backtest",
  "backtest.history": "Backtests récents",
  "backtest.open": "Voir",
  "backtest.report": "Rapport du backtest",
  "backtest.declarations": "Déclarations contrôlées",
  "backtest.participants": "Participants",
  "backtest.affected": "Participants touchés",
  "backtest.transitions": "Changements de verdict",
  "backtest.volume": "Volume concerné (MAD)",
  "backtest.matrix": "Verdicts avant → après",
  "backtest.before": "Avant",
  "backtest.after": "Après",
  "backtest.count": "Nombre",
  "backtest.perRule": "Par règle",
  "backtest.rule": "Règle",
  "backtest.breachesBefore": "Dépassements avant",
  "backtest.breachesAfter": "Dépassements après",
  "backtest.new": "Nouveaux",
  "backtest.gone": "Disparus",
  "backtest.transitionTable": "Déclarations dont le verdict change",
  "backtest.noTransition": "Aucun verdict ne change.",
  "backtest.reference": "Référence",
  "backtest.valueDate": "Date de valeur",
  "backtest.amount": "Montant (MAD)",
  "backtest.rulesAfter": "Règles enfreintes après",
  "backtest.csv": "Exporter en CSV",
  "backtest.more": "Afficher plus",
  "version.label": "{rulebook} — v{number} ({status})",
  "sweep.title": "Balayage d'un paramètre",
  "sweep.intro":
    "Faites varier un paramètre numérique d'une règle sur une plage de valeurs : combien de dépassements, de participants et de volume bloqué pour chaque valeur ?",
  "sweep.version": "Version",
  "sweep.rule": "Règle",
  "sweep.parameter": "Paramètre",
  "sweep.from": "De",
  "sweep.to": "À",
  "sweep.points": "Nombre de valeurs",
  "sweep.submit": "Lancer le balayage",
  "sweep.noParameter": "Cette règle n'a pas de paramètre numérique.",
  "sweep.badRange": "Indiquez deux nombres et entre 2 et 50 valeurs.",
  "sweep.curve": "Courbe",
  "sweep.metric": "Mesure",
  "sweep.breaches": "Dépassements",
  "sweep.participants": "Participants bloqués",
  "sweep.volume": "Volume bloqué (MAD)",
  "sweep.value": "Valeur",
  "sweep.csv": "Exporter en CSV",
  "sweep.history": "Balayages récents",
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
  "verdict.compliant": "Compliant",
  "verdict.breach": "Breach",
  "verdict.needs_review": "Needs review",
  "verdict.pending_rate": "Pending rate",
  "verdict.not_screened": "Not screened",
  "outcome.breach": "Breach",
  "outcome.needs_review": "Needs review",
  "outcome.pending_rate": "Pending rate",
  "confidence.official": "official",
  "confidence.press": "press",
  "confidence.secondary": "secondary source",
  "confidence.illustrative": "illustrative",
  "illustrative.tag": "Illustrative value",
  "kind.in_force": "the rules in force",
  "kind.proposed": "the sandbox proposal",
  "headroom.title": "Remaining annual allowances",
  "headroom.intro":
    "How much of each annual cap you have used, under the rules in force and under the sandbox proposal.",
  "headroom.empty": "No annual cap applies to you today.",
  "headroom.line": "{used} of {limit} MAD used in {year} under {rulebook}",
  "headroom.left": "{left} MAD left; resets on {resets}.",
  "headroom.pending": "{count} payment(s) awaiting a rate not counted.",
  "headroom.over": "Cap exceeded",
  "rescreen.title": "Re-screen every declaration",
  "rescreen.intro":
    "Recomputes every participant's verdicts with the published versions (in chunks, in the background). A re-run that changes nothing creates nothing.",
  "rescreen.since": "From (optional)",
  "rescreen.submit": "Start re-screening",
  "rescreen.progress": "Re-screening: {progress}% ({done} of {total} chunks)",
  "rescreen.done":
    "Re-screening finished: {participants} participant(s), {written} evaluation(s) written, {changed} verdict(s) changed.",
  "job.queued": "Queued…",
  "job.running": "Running: {progress}%",
  "job.failed": "Failed: {detail}",
  "backtest.title": "Backtests",
  "backtest.intro":
    "Run a version (draft or published) over a period of history without touching live verdicts, and compare it with the baseline.",
  "backtest.version": "Version under test",
  "backtest.baseline": "Compare with",
  "backtest.baselineDefault": "The rules in force on each value date",
  "backtest.periodStart": "Period start",
  "backtest.periodEnd": "Period end",
  "backtest.submit": "Run the backtest",
  "backtest.history": "Recent backtests",
  "backtest.open": "View",
  "backtest.report": "Backtest report",
  "backtest.declarations": "Declarations screened",
  "backtest.participants": "Participants",
  "backtest.affected": "Participants affected",
  "backtest.transitions": "Verdict transitions",
  "backtest.volume": "Volume affected (MAD)",
  "backtest.matrix": "Verdicts before → after",
  "backtest.before": "Before",
  "backtest.after": "After",
  "backtest.count": "Count",
  "backtest.perRule": "Per rule",
  "backtest.rule": "Rule",
  "backtest.breachesBefore": "Breaches before",
  "backtest.breachesAfter": "Breaches after",
  "backtest.new": "New",
  "backtest.gone": "Gone",
  "backtest.transitionTable": "Declarations whose verdict changes",
  "backtest.noTransition": "No verdict changes.",
  "backtest.reference": "Reference",
  "backtest.valueDate": "Value date",
  "backtest.amount": "Amount (MAD)",
  "backtest.rulesAfter": "Rules breached after",
  "backtest.csv": "Export as CSV",
  "backtest.more": "Show more",
  "version.label": "{rulebook} — v{number} ({status})",
  "sweep.title": "Parameter sweep",
  "sweep.intro":
    "Vary one numeric parameter of one rule over a range: how many breaches, participants and MAD volume blocked at each value?",
  "sweep.version": "Version",
  "sweep.rule": "Rule",
  "sweep.parameter": "Parameter",
  "sweep.from": "From",
  "sweep.to": "To",
  "sweep.points": "Number of values",
  "sweep.submit": "Run the sweep",
  "sweep.noParameter": "This rule has no numeric parameter.",
  "sweep.badRange": "Give two numbers and between 2 and 50 values.",
  "sweep.curve": "Curve",
  "sweep.metric": "Measure",
  "sweep.breaches": "Breaches",
  "sweep.participants": "Participants blocked",
  "sweep.volume": "Volume blocked (MAD)",
  "sweep.value": "Value",
  "sweep.csv": "Export as CSV",
  "sweep.history": "Recent sweeps",
};

const DICTIONARIES: Readonly<Record<Language, Record<ScreeningMessageKey, string>>> = { fr, en };

export type ScreeningTranslate = (
  key: ScreeningMessageKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

/** Fills `{name}` placeholders; an unknown key (e.g. a new verdict) shows as itself, never blank. */
export function screeningText(
  language: Language,
  key: ScreeningMessageKey,
  values?: Readonly<Record<string, string | number>>,
): string {
  const template = (DICTIONARIES[language][key] as string | undefined) ?? key;
  if (values === undefined) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** `s` for these features' strings, in the shell's current language. */
export function useScreeningT(): { s: ScreeningTranslate; language: Language } {
  const { language } = useI18n();
  const s = useCallback<ScreeningTranslate>((key, values) => screeningText(language, key, values), [language]);
  return { s, language };
}
