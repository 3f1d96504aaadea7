import { lazy, type ComponentType } from "react";

import type { Role } from "@/features/auth";
import type { MessageKey } from "@/lib/i18n";

/** A feature area of the product; its label is the message `areas.<key>`. */
export type AreaKey =
  | "declarations"
  | "simulator"
  | "imports"
  | "headroom"
  | "apiTokens"
  | "cases"
  | "rulebooks"
  | "rates"
  | "cohorts"
  | "participants"
  | "backtests"
  | "sweeps"
  | "evidence"
  | "exports"
  | "notifications";


export interface Section {
  area: AreaKey;
  path: string;
  /**
   * The page of this area. Leave it out while the area is still being built: the section is then
   * listed under "coming in this area" on the home page instead of in the navigation.
   */
  page?: ComponentType;
  /** Reached from the header (notifications), not listed in the navigation. */
  hidden?: boolean;
}

export interface Workspace {
  homePath: string;
  homeTitle: MessageKey;
  home: ComponentType;
  sections: readonly Section[];
}

// One dynamic import per role: a startup's browser never downloads the regulator's pages.
const startup = () => import("./roles/startup");
const regulator = () => import("./roles/regulator");
const advocate = () => import("./roles/advocate");
const admin = () => import("./roles/admin");

/**
 * A page of a role's chunk, loaded on first visit (`React.lazy`); the router shows it inside
 * `Suspense`, so the frame stays while the page's code arrives.
 */
function pageOf<M>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

/**
 * The one place that decides what each role can reach: the router builds its routes from it and
 * the layout its navigation, so a finished feature is switched on here by giving it a page.
 */
export const WORKSPACES: Readonly<Record<Role, Workspace>> = {
  startup: {
    homePath: "/startup",
    homeTitle: "home.startup.title",
    home: pageOf(startup, "Home"),
    sections: [
      { area: "declarations", path: "/startup/declarations", page: pageOf(startup, "DeclarationsPage") },
      { area: "simulator", path: "/startup/simulator", page: pageOf(startup, "SimulatorPage") },
      { area: "imports", path: "/startup/imports", page: pageOf(startup, "ImportPage") },
      { area: "headroom", path: "/startup/headroom", page: pageOf(startup, "HeadroomPage") },
      { area: "apiTokens", path: "/startup/api-tokens", page: pageOf(startup, "TokensPage") },
      { area: "notifications", path: "/startup/notifications", page: pageOf(startup, "NotificationsPage"), hidden: true },
    ],
  },
  regulator: {
    homePath: "/regulator",
    homeTitle: "home.regulator.title",
    home: pageOf(regulator, "Home"),
    sections: [
      { area: "cases", path: "/regulator/cases", page: pageOf(regulator, "CasesPage") },
      { area: "declarations", path: "/regulator/declarations", page: pageOf(regulator, "RegulatorDeclarationsPage") },
      { area: "rulebooks", path: "/regulator/rulebooks", page: pageOf(regulator, "RulebooksPage") },
      { area: "rates", path: "/regulator/rates", page: pageOf(regulator, "RatesPage") },
      { area: "cohorts", path: "/regulator/cohorts", page: pageOf(regulator, "CohortsPage") },
      { area: "participants", path: "/regulator/participants", page: pageOf(regulator, "ParticipantsPage") },
      { area: "evidence", path: "/regulator/evidence", page: pageOf(regulator, "EvidencePage") },
      { area: "backtests", path: "/regulator/backtests", page: pageOf(regulator, "BacktestsPage") },
      { area: "sweeps", path: "/regulator/sweeps", page: pageOf(regulator, "SweepsPage") },
      { area: "notifications", path: "/regulator/notifications", page: pageOf(regulator, "NotificationsPage"), hidden: true },
    ],
  },
  advocate: {
    homePath: "/advocate",
    homeTitle: "home.advocate.title",
    home: pageOf(advocate, "Home"),
    sections: [
      { area: "evidence", path: "/advocate/evidence", page: pageOf(advocate, "EvidencePage") },
      { area: "exports", path: "/advocate/exports", page: pageOf(advocate, "ExportsPage") },
      { area: "notifications", path: "/advocate/notifications", page: pageOf(advocate, "NotificationsPage"), hidden: true },
    ],
  },
  // Admins work in the Django admin (`/admin/`), which the SPA must not shadow.
  admin: {
    homePath: "/administration",
    homeTitle: "home.admin.title",
    home: pageOf(admin, "Home"),
    sections: [],
  },
};

export function areaLabel(area: AreaKey): MessageKey {
  return `areas.${area}`;
}

/** The area's short name in the navigation bar ("Dossiers" for "Dossiers à examiner"). */
export function navLabel(area: AreaKey): MessageKey {
  return `nav.areas.${area}`;
}

export function roleHomePath(role: Role): string {
  return WORKSPACES[role].homePath;
}

/** Sections of the role that have a page. */
export function availableSections(role: Role): Section[] {
  return WORKSPACES[role].sections.filter((section) => section.page !== undefined);
}

/** Sections listed in the role's navigation. */
export function navigationSections(role: Role): Section[] {
  return availableSections(role).filter((section) => section.hidden !== true);
}

/** Sections of the role that are announced but not built yet. */
export function plannedSections(role: Role): Section[] {
  return WORKSPACES[role].sections.filter((section) => section.page === undefined);
}
