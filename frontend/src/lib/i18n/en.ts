import type { Messages } from "./fr";

/** English; typed as `Messages` so a missing or extra key fails the type check. */
export const en: Messages = {
  "app.name": "FX Sandbox Tracker",
  "app.skipToContent": "Skip to content",
  "app.loading": "Loading…",
  "app.retry": "Try again",
  "app.sessionError": "Your session could not be checked.",
  "app.pageTitle": "{page} · FX Sandbox Tracker",

  "language.label": "Language",
  "language.fr.short": "FR",
  "language.fr.name": "Français",
  "language.en.short": "EN",
  "language.en.name": "English",

  "auth.login.title": "Sign in",
  "auth.login.intro": "Tracking startups' cross-border payments in the foreign-exchange regulatory sandbox.",
  "auth.login.username": "Username",
  "auth.login.password": "Password",
  "auth.login.submit": "Sign in",
  "auth.login.submitting": "Signing in…",
  "auth.login.failed": "Sign-in failed.",
  "auth.logout": "Sign out",
  "auth.logout.pending": "Signing out…",
  "auth.logout.failed": "Sign-out failed. Please try again.",

  "errors.required": "This field is required.",
  "errors.network": "The server cannot be reached. Check your connection and try again.",
  "errors.unexpected": "An unexpected error occurred (HTTP {status}).",

  "header.organisation": "Organisation",
  "header.user": "User",
  "header.userWithRole": "{username} ({role})",

  "roles.startup": "Startup",
  "roles.regulator": "Regulator",
  "roles.advocate": "Advocacy",
  "roles.admin": "Administrator",

  "nav.label": "Main navigation",
  "nav.home": "Home",

  "home.welcome": "Welcome, {username}.",
  "home.startup.title": "Startup workspace",
  "home.startup.intro":
    "{organisation}'s space to declare its cross-border payments and follow their compliance with both rulebooks: the rules in force and the sandbox proposal.",
  "home.regulator.title": "Regulator workspace",
  "home.regulator.intro": "{organisation}'s space to review flagged payments and evolve the rulebooks.",
  "home.advocate.title": "Advocacy workspace",
  "home.advocate.intro": "{organisation}'s space to build aggregated, anonymised impact evidence.",
  "home.admin.title": "Administration",
  "home.admin.intro": "Organisations, users and their roles are managed in the Django administration.",
  "home.admin.link": "Open the Django administration",
  "home.coming.title": "Coming in this area",
  "home.coming.intro": "These features are being prepared and are not available yet:",

  "areas.declarations": "Payment declarations",
  "areas.imports": "Declaration import (CSV, XLSX)",
  "areas.headroom": "Remaining annual allowances",
  "areas.apiTokens": "API access tokens",
  "areas.cases": "Cases to review",
  "areas.rulebooks": "Rulebooks and backtests",
  "areas.rates": "Official exchange rates",
  "areas.cohorts": "Sandbox cohorts",
  "areas.evidence": "Impact evidence",
  "areas.exports": "Exports (CSV, XLSX, PDF)",

  "notFound.title": "Page not found",
  "notFound.body": "This address does not match any page.",
  "notFound.back": "Back to home",
};
