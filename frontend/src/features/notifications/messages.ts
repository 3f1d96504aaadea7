import { createNamespace } from "@/lib/i18n";

/** Messages of notifications: the badge, the list (one wording per kind) and e-mail choices. */
const fr = {
  "bell.label": "{count, plural, =0 {Notifications, aucune non lue} one {Notifications, # non lue} other {Notifications, # non lues}}",
  "page.title": "Notifications",
  "page.intro": "Ce qui vous concerne : demandes et décisions du régulateur, verdicts modifiés, plafonds presque atteints, dossiers et relectures.",
  "page.empty": "Aucune notification pour l'instant.",
  "page.loading": "Chargement des notifications…",
  "page.markAll": "Tout marquer comme lu",
  "page.more": "Afficher les plus anciennes",
  "item.unread": "Non lue",
  "item.open": "Ouvrir",
  "item.markRead": "Marquer comme lue",
  "kind.request_created":
    "Le régulateur vous demande {requestKind, select, documents {des documents} other {une explication}} sur le paiement {reference} : « {message} »",
  "kind.decision_taken": "Décision sur le paiement {reference} : {outcome}, par {user}.",
  "kind.verdict_changed": "Le paiement {reference} est désormais « {after} » selon {rulebook} (avant : « {before} »).",
  "kind.allowance_crossed": "Plafond « {rule} » ({rulebook}) : {threshold} % utilisés ({used} sur {limit}).",
  "kind.case_assigned": "Le dossier du paiement {reference} ({participant}) vous est attribué ; échéance {due}.",
  "kind.review_requested": "{user} demande votre relecture du brouillon {rulebook}, version {number}.",
  "kind.sla_due_soon": "Le dossier du paiement {reference} ({participant}) arrive à échéance {due}.",
  "prefs.title": "E-mails",
  "prefs.intro": "Chaque notification apparaît ici ; cochez celles que vous voulez aussi recevoir par e-mail.",
  "prefs.language": "Langue des e-mails",
  "prefs.save": "Enregistrer mes choix",
  "prefs.saved": "Vos choix sont enregistrés.",
  "prefs.kind.request_created": "Demandes du régulateur",
  "prefs.kind.decision_taken": "Décisions sur vos paiements",
  "prefs.kind.verdict_changed": "Verdicts modifiés",
  "prefs.kind.allowance_crossed": "Plafonds annuels à 80 % et 100 %",
  "prefs.kind.case_assigned": "Dossiers qui vous sont attribués",
  "prefs.kind.review_requested": "Brouillons à relire",
  "prefs.kind.sla_due_soon": "Échéances proches",
} as const;

export type NotificationsMessageKey = keyof typeof fr;

const en: Record<NotificationsMessageKey, string> = {
  "bell.label": "{count, plural, =0 {Notifications, none unread} one {Notifications, # unread} other {Notifications, # unread}}",
  "page.title": "Notifications",
  "page.intro": "What concerns you: the regulator's requests and decisions, changed verdicts, allowances nearly used, cases and reviews.",
  "page.empty": "No notification yet.",
  "page.loading": "Loading the notifications…",
  "page.markAll": "Mark all as read",
  "page.more": "Show older ones",
  "item.unread": "Unread",
  "item.open": "Open",
  "item.markRead": "Mark as read",
  "kind.request_created":
    "The regulator asks you for {requestKind, select, documents {documents} other {an explanation}} about payment {reference}: \"{message}\"",
  "kind.decision_taken": "Decision on payment {reference}: {outcome}, by {user}.",
  "kind.verdict_changed": "Payment {reference} is now \"{after}\" under {rulebook} (before: \"{before}\").",
  "kind.allowance_crossed": "Allowance \"{rule}\" ({rulebook}): {threshold}% used ({used} of {limit}).",
  "kind.case_assigned": "The case of payment {reference} ({participant}) is assigned to you; due {due}.",
  "kind.review_requested": "{user} asks you to review the draft {rulebook}, version {number}.",
  "kind.sla_due_soon": "The case of payment {reference} ({participant}) falls due {due}.",
  "prefs.title": "E-mails",
  "prefs.intro": "Every notification shows here; tick the ones you also want by e-mail.",
  "prefs.language": "Language of the e-mails",
  "prefs.save": "Save my choices",
  "prefs.saved": "Your choices are saved.",
  "prefs.kind.request_created": "Requests from the regulator",
  "prefs.kind.decision_taken": "Decisions on your payments",
  "prefs.kind.verdict_changed": "Changed verdicts",
  "prefs.kind.allowance_crossed": "Annual allowances at 80% and 100%",
  "prefs.kind.case_assigned": "Cases assigned to you",
  "prefs.kind.review_requested": "Drafts to review",
  "prefs.kind.sla_due_soon": "Due dates coming up",
};

export const notificationsMessages = createNamespace("notifications", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useNotificationsT = notificationsMessages.useT;
