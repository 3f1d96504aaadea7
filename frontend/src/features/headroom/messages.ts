import { createNamespace } from "@/lib/i18n";

/** Messages of the headroom panel (what is left of each annual allowance). */
const fr = {
  "kind.in_force": "les règles en vigueur",
  "kind.proposed": "la proposition du bac à sable",
  "headroom.title": "Plafonds annuels restants",
  "headroom.intro":
    "Ce que vous avez utilisé de chaque plafond annuel, selon les règles en vigueur et selon la proposition du bac à sable.",
  "headroom.empty": "Aucun plafond annuel ne s'applique à vous aujourd'hui.",
  "headroom.line": "{used} utilisés sur {limit} en {year} selon {rulebook}",
  "headroom.left": "Reste {left} ; remise à zéro le {resets}.",
  "headroom.lineUnknown": "{used} utilisés en {year} selon {rulebook} ; plafond inconnu, entre {low} et {high}",
  "headroom.leftUnknown": "Reste entre {low} et {high} ; remise à zéro le {resets}.",
  "headroom.missing": "Le plafond dépend d'un fait que le régulateur n'a pas encore enregistré : {facts}.",
  "headroom.loading": "Calcul des plafonds restants…",
  "headroom.pending":
    "{count, plural, one {# paiement en attente de son cours n'est pas compté.} other {# paiements en attente de leur cours ne sont pas comptés.}}",
  "headroom.over": "Plafond dépassé",
} as const;

export type HeadroomMessageKey = keyof typeof fr;

const en: Record<HeadroomMessageKey, string> = {
  "kind.in_force": "the rules in force",
  "kind.proposed": "the sandbox proposal",
  "headroom.title": "Remaining annual allowances",
  "headroom.intro":
    "How much of each annual cap you have used, under the rules in force and under the sandbox proposal.",
  "headroom.empty": "No annual cap applies to you today.",
  "headroom.line": "{used} of {limit} used in {year} under {rulebook}",
  "headroom.left": "{left} left; resets on {resets}.",
  "headroom.lineUnknown": "{used} used in {year} under {rulebook}; cap unknown, between {low} and {high}",
  "headroom.leftUnknown": "Between {low} and {high} left; resets on {resets}.",
  "headroom.missing": "The cap depends on a fact the regulator has not recorded yet: {facts}.",
  "headroom.loading": "Working out the allowances left…",
  "headroom.pending":
    "{count, plural, one {# payment waiting for its rate is not counted.} other {# payments waiting for their rate are not counted.}}",
  "headroom.over": "Cap exceeded",
};

export const headroomMessages = createNamespace("headroom", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useHeadroomT = headroomMessages.useT;
