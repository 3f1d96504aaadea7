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

  // Rates page (regulators): features/rates
  "rates.coverage.sample":
    "Ces cours proviennent d'un échantillon de réponses enregistrées, fourni avec l'application, et non des sources en direct : {sources}.",
  "rates.coverage.stored": "Cours enregistrés : {sources}.",
  "rates.coverage.empty": "Aucun cours n'est encore enregistré. Importez un fichier de cours ci-dessous.",
  "rates.coverage.bam": "Bank Al-Maghrib du {dates}",
  "rates.coverage.bamMany": "Bank Al-Maghrib, {count} jours de publication du {first} au {last}",
  "rates.coverage.ecb": "BCE du {dates}",
  "rates.coverage.separator": " ; ",
  "rates.method.official": "Officiel",
  "rates.method.carried_forward": "Reporté",
  "rates.method.derived": "Dérivé via l'euro",
  "rates.method.estimate": "Estimation",
  "rates.source.bam": "Bank Al-Maghrib",
  "rates.source.bamEcb": "Bank Al-Maghrib et BCE",
  "rates.source.ecb": "BCE",
  "rates.source.none": "Aucune (dirham)",
  "rates.table.title": "Cours d'une date",
  "rates.table.date": "Date de valeur",
  "rates.table.currency": "Devise",
  "rates.table.rateDate": "Date du cours",
  "rates.table.madPerUnit": "MAD pour une unité",
  "rates.table.source": "Source",
  "rates.table.method": "Méthode",
  "rates.table.noRate": "Aucun cours utilisable à cette date : une déclaration de cette date attendrait un cours.",
  "rates.chart.title": "EUR/MAD et USD/MAD, {period}",
  "rates.chart.label": "Évolution des cours EUR/MAD et USD/MAD, {period}",
  "rates.chart.legend": "{currency}/MAD ({count} points)",
  "rates.chart.point": "{currency} le {date} : {value} MAD",
  "rates.chart.empty": "Aucun cours EUR ni USD enregistré sur cette période.",
  "rates.providers.title": "Sources de cours",
  "rates.providers.status.ok": "Opérationnelle",
  "rates.providers.status.failing": "En échec",
  "rates.providers.status.not_configured": "Non configurée",
  "rates.providers.status.never_run": "Jamais interrogée",
  "rates.providers.notConfiguredHint":
    "Aucune clé d'abonnement n'est configurée : les cours de cette source ne peuvent venir que d'un fichier importé.",
  "rates.providers.never": "Jamais",
  "rates.providers.lastSuccess": "Dernier succès",
  "rates.providers.lastError": "Dernière erreur",
  "rates.providers.nextRun": "Prochaine interrogation",
  "rates.providers.noRun": "Aucune (non configurée)",
  "rates.providers.latestPublication": "Dernière publication reçue",
  "rates.import.title": "Importer un fichier de cours",
  "rates.import.intro":
    "Une réponse enregistrée d'une source, pour un déploiement sans réseau ou pour combler un manque. Le fichier est contrôlé avant d'être enregistré ; un fichier invraisemblable est mis en quarantaine.",
  "rates.import.source": "Format",
  "rates.import.source.bam": "Bank Al-Maghrib (JSON CoursVirement)",
  "rates.import.source.ecbXml": "BCE (XML eurofxref)",
  "rates.import.source.ecbCsv": "BCE (CSV SDMX)",
  "rates.import.file": "Fichier",
  "rates.import.submit": "Importer",
  "rates.import.submitting": "Import…",
  "rates.import.stored":
    "{filename} importé ({period}) : {new} nouveaux cours, {revised} révisés, {unchanged} inchangés.",
  "rates.import.duplicate": "{filename} avait déjà été importé : rien n'a changé.",
  "rates.import.converted": "Déclarations converties grâce à ces cours : {count}.",
  "rates.import.quarantined": "Fichier mis en quarantaine",
  "rates.import.failed": "L'import a échoué.",
  "rates.quarantine.title": "Quarantaine",
  "rates.quarantine.intro":
    "Réponses refusées comme mal formées ou invraisemblables ; les cours précédents sont restés en usage.",
  "rates.quarantine.empty": "Aucune réponse en quarantaine.",
  "rates.quarantine.receivedAt": "Reçue le",
  "rates.quarantine.format": "Format",
  "rates.quarantine.file": "Fichier",
  "rates.quarantine.reason": "Motif",
} as const;

/** Every message key; a key missing from any dictionary is a type error. */
export type MessageKey = keyof typeof fr;

/** The shape every language's dictionary must have: exactly the keys of the French one. */
export type Messages = Readonly<Record<MessageKey, string>>;
