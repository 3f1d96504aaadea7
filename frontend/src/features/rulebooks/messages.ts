import { createNamespace } from "@/lib/i18n";

/** The rulebooks pages' messages (regulators). */
const fr = {
  "rulebooks.intro":
    "Chaque version est un document validé par le schéma publié ; une version publiée ne change plus.",
  "rulebooks.empty": "Aucun référentiel. Chargez les référentiels fournis (load_rulebooks).",
  "rulebooks.rules.title": "Règles ({count})",
  "rulebooks.rules.rule": "Règle",
  "rulebooks.rules.params": "Paramètres",
  "rulebooks.rules.citation": "Référence",
  "rulebooks.rules.confidence": "Fiabilité",
  "rulebooks.rules.severity": "gravité",
  "rulebooks.version.number": "Version",
  "rulebooks.version.status": "Statut",
  "rulebooks.version.effectiveFrom": "En vigueur le",
  "rulebooks.version.lastEditedBy": "Dernière modification",
  "rulebooks.version.open": "Ouvrir",
  "rulebooks.version.meta":
    "En vigueur le {effective} · dernière modification : {editor} · publiée par : {publisher}",
  "rulebooks.version.newDraft": "Nouveau brouillon à partir de cette version",
  "rulebooks.version.retire": "Retirer cette version",
  "rulebooks.editor.title": "Modifier le brouillon",
  "rulebooks.editor.label": "Document (YAML ou JSON)",
  "rulebooks.editor.checking": "Vérification…",
  "rulebooks.editor.valid": "Le document est valide.",
  "rulebooks.editor.invalid":
    "{count, plural, one {# erreur dans le document :} other {# erreurs dans le document :}}",
  "rulebooks.editor.save": "Enregistrer le brouillon",
  "rulebooks.editor.saving": "Enregistrement…",
  "rulebooks.editor.saved": "Brouillon enregistré.",
  "rulebooks.publish.title": "Publier",
  "rulebooks.publish.fourEyes":
    "Principe des quatre yeux : la personne qui a modifié le brouillon en dernier ({editor}) ne peut pas le publier.",
  "rulebooks.publish.effectiveFrom": "Date d'entrée en vigueur",
  "rulebooks.publish.submit": "Publier cette version",
  "rulebooks.publish.fourEyesRefused": "Publication refusée (quatre yeux)",
  "rulebooks.diff.title": "Différences",
  "rulebooks.diff.against": "Comparer avec",
  "rulebooks.diff.none": "Aucune différence.",
  "rulebooks.diff.summary":
    "{added, plural, one {# règle ajoutée} other {# règles ajoutées}}, {removed, plural, one {# supprimée} other {# supprimées}}, {changed, plural, one {# modifiée} other {# modifiées}}",
} as const;

export type RulebooksMessageKey = keyof typeof fr;

const en: Record<RulebooksMessageKey, string> = {
  "rulebooks.intro":
    "Each version is a document validated by the published schema; a published version never changes.",
  "rulebooks.empty": "No rulebook yet. Load the shipped rulebooks (load_rulebooks).",
  "rulebooks.rules.title": "Rules ({count})",
  "rulebooks.rules.rule": "Rule",
  "rulebooks.rules.params": "Parameters",
  "rulebooks.rules.citation": "Reference",
  "rulebooks.rules.confidence": "Confidence",
  "rulebooks.rules.severity": "severity",
  "rulebooks.version.number": "Version",
  "rulebooks.version.status": "Status",
  "rulebooks.version.effectiveFrom": "Effective from",
  "rulebooks.version.lastEditedBy": "Last edited by",
  "rulebooks.version.open": "Open",
  "rulebooks.version.meta": "Effective from {effective} · last edited by {editor} · published by {publisher}",
  "rulebooks.version.newDraft": "New draft from this version",
  "rulebooks.version.retire": "Retire this version",
  "rulebooks.editor.title": "Edit the draft",
  "rulebooks.editor.label": "Document (YAML or JSON)",
  "rulebooks.editor.checking": "Checking…",
  "rulebooks.editor.valid": "The document is valid.",
  "rulebooks.editor.invalid":
    "{count, plural, one {# error in the document:} other {# errors in the document:}}",
  "rulebooks.editor.save": "Save the draft",
  "rulebooks.editor.saving": "Saving…",
  "rulebooks.editor.saved": "Draft saved.",
  "rulebooks.publish.title": "Publish",
  "rulebooks.publish.fourEyes": "Four eyes: whoever edited the draft last ({editor}) cannot publish it.",
  "rulebooks.publish.effectiveFrom": "Effective date",
  "rulebooks.publish.submit": "Publish this version",
  "rulebooks.publish.fourEyesRefused": "Publication refused (four eyes)",
  "rulebooks.diff.title": "Differences",
  "rulebooks.diff.against": "Compare with",
  "rulebooks.diff.none": "No difference.",
  "rulebooks.diff.summary":
    "{added, plural, one {# rule added} other {# rules added}}, {removed} removed, {changed} changed",
};

export const rulebooksMessages = createNamespace("rulebooks", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useRulebooksT = rulebooksMessages.useT;
