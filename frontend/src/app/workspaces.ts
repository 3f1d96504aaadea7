import type { ComponentType } from "react";

import type { Role } from "@/features/auth";
import { BacktestsPage, SweepsPage } from "@/features/backtests";
// Cases (issue 6): the regulators' review queue and case page.
import { CasesPage } from "@/features/cases";
import { CohortsPage } from "@/features/cohorts";
import { DeclarationsPage, ImportPage, RegulatorDeclarationsPage } from "@/features/declarations";
import { EvidencePage, ExportsPage } from "@/features/evidence";
import { HeadroomPage } from "@/features/headroom";
import { RatesPage } from "@/features/rates";
import { RulebooksPage } from "@/features/rulebooks";
import { TokensPage } from "@/features/tokens";
import type { MessageKey } from "@/lib/i18n";

/** A feature area of the product; its label is the message `areas.<key>`. */
export type AreaKey =
  | "declarations"
  | "imports"
  | "headroom"
  | "apiTokens"
  | "cases"
  | "rulebooks"
  | "rates"
  | "cohorts"
  | "backtests"
  | "sweeps"
  | "evidence"
  | "exports";

export interface Section {
  area: AreaKey;
  path: string;
  /**
   * The page of this area. Leave it out while the area is still being built: the section is then
   * listed under "coming in this area" on the home page instead of in the navigation.
   */
  component?: ComponentType;
}

export interface Workspace {
  homePath: string;
  homeTitle: MessageKey;
  sections: readonly Section[];
}

/**
 * The one place that decides what each role can reach: the router builds its routes from it and
 * the layout its navigation, so a finished feature is switched on here by giving it a component.
 */
export const WORKSPACES: Readonly<Record<Role, Workspace>> = {
  startup: {
    homePath: "/startup",
    homeTitle: "home.startup.title",
    sections: [
      { area: "declarations", path: "/startup/declarations", component: DeclarationsPage },
      { area: "imports", path: "/startup/imports", component: ImportPage },
      { area: "headroom", path: "/startup/headroom", component: HeadroomPage },
      { area: "apiTokens", path: "/startup/api-tokens", component: TokensPage },
    ],
  },
  regulator: {
    homePath: "/regulator",
    homeTitle: "home.regulator.title",
    sections: [
      { area: "cases", path: "/regulator/cases", component: CasesPage },
      {
        area: "declarations",
        path: "/regulator/declarations",
        component: RegulatorDeclarationsPage,
      },
      { area: "rulebooks", path: "/regulator/rulebooks", component: RulebooksPage },
      { area: "rates", path: "/regulator/rates", component: RatesPage },
      { area: "cohorts", path: "/regulator/cohorts", component: CohortsPage },
      { area: "evidence", path: "/regulator/evidence", component: EvidencePage },
      { area: "backtests", path: "/regulator/backtests", component: BacktestsPage },
      { area: "sweeps", path: "/regulator/sweeps", component: SweepsPage },
    ],
  },
  advocate: {
    homePath: "/advocate",
    homeTitle: "home.advocate.title",
    sections: [
      { area: "evidence", path: "/advocate/evidence", component: EvidencePage },
      { area: "exports", path: "/advocate/exports", component: ExportsPage },
    ],
  },
  // Admins work in the Django admin (`/admin/`), which the SPA must not shadow.
  admin: {
    homePath: "/administration",
    homeTitle: "home.admin.title",
    sections: [],
  },
};

export function areaLabel(area: AreaKey): MessageKey {
  return `areas.${area}`;
}

export function roleHomePath(role: Role): string {
  return WORKSPACES[role].homePath;
}

/** Sections of the role that have a page. */
export function availableSections(role: Role): Section[] {
  return WORKSPACES[role].sections.filter((section) => section.component !== undefined);
}

/** Sections of the role that are announced but not built yet. */
export function plannedSections(role: Role): Section[] {
  return WORKSPACES[role].sections.filter((section) => section.component === undefined);
}
