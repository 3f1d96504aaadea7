/**
 * French, the default language: the reference dictionary whose keys every other language must
 * provide exactly (see `Messages`). Placeholders are written `{name}`.
 */
export const fr = {
  "app.name": "FX Sandbox Tracker",
  "app.skipToContent": "Aller au contenu",
  "app.loading": "Chargement…",
  "app.retry": "Réessayer",
  "app.sessionError": "Impossible de vérifier votre session.",
  "app.pageTitle": "{page} · FX Sandbox Tracker",

  "language.label": "Langue",
  "language.fr.short": "FR",
  "language.fr.name": "Français",
  "language.en.short": "EN",
  "language.en.name": "English",

  "auth.login.title": "Connexion",
  "auth.login.intro":
    "Suivi des paiements transfrontaliers des startups dans le bac à sable réglementaire des changes.",
  "auth.login.username": "Nom d'utilisateur",
  "auth.login.password": "Mot de passe",
  "auth.login.submit": "Se connecter",
  "auth.login.submitting": "Connexion…",
  "auth.login.failed": "La connexion a échoué.",
  "auth.logout": "Se déconnecter",
  "auth.logout.pending": "Déconnexion…",
  "auth.logout.failed": "La déconnexion a échoué. Réessayez.",

  "errors.required": "Ce champ est obligatoire.",
  "errors.network": "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.",
  "errors.unexpected": "Une erreur inattendue est survenue (HTTP {status}).",

  "header.organisation": "Organisation",
  "header.user": "Utilisateur",
  "header.userWithRole": "{username} ({role})",

  "roles.startup": "Startup",
  "roles.regulator": "Régulateur",
  "roles.advocate": "Plaidoyer",
  "roles.admin": "Administrateur",

  "nav.label": "Navigation principale",
  "nav.home": "Accueil",

  "home.welcome": "Bienvenue, {username}.",
  "home.startup.title": "Espace startup",
  "home.startup.intro":
    "L'espace de {organisation} pour déclarer ses paiements transfrontaliers et suivre leur conformité aux deux référentiels : les règles en vigueur et la proposition du bac à sable.",
  "home.regulator.title": "Espace régulateur",
  "home.regulator.intro":
    "L'espace de {organisation} pour examiner les paiements signalés et faire évoluer les référentiels de règles.",
  "home.advocate.title": "Espace plaidoyer",
  "home.advocate.intro":
    "L'espace de {organisation} pour constituer des indicateurs d'impact agrégés et anonymisés.",
  "home.admin.title": "Administration",
  "home.admin.intro":
    "Les organisations, les utilisateurs et leurs rôles se gèrent dans l'administration Django.",
  "home.admin.link": "Ouvrir l'administration Django",
  "home.coming.title": "Prochainement dans cet espace",
  "home.coming.intro": "Ces fonctionnalités sont en préparation et ne sont pas encore disponibles :",

  "areas.declarations": "Déclarations de paiements",
  "areas.imports": "Import de déclarations (CSV, XLSX)",
  "areas.headroom": "Plafonds annuels restants",
  "areas.apiTokens": "Jetons d'accès à l'API",
  "areas.cases": "Dossiers à examiner",
  "areas.rulebooks": "Référentiels de règles et simulations",
  "areas.rates": "Cours de change officiels",
  "areas.cohorts": "Cohortes du bac à sable",
  "areas.evidence": "Indicateurs d'impact",
  "areas.exports": "Exports (CSV, XLSX, PDF)",

  "notFound.title": "Page introuvable",
  "notFound.body": "Cette adresse ne correspond à aucune page.",
  "notFound.back": "Retour à l'accueil",
} as const;

/** Every message key; a key missing from any dictionary is a type error. */
export type MessageKey = keyof typeof fr;

/** The shape every language's dictionary must have: exactly the keys of the French one. */
export type Messages = Readonly<Record<MessageKey, string>>;
