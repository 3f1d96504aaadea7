import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { signedInHome } from "@/testing/home-api";
import { mockApi } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";
import { replaceWorkspace } from "@/testing/workspaces";

import { LANGUAGES, translate } from "@/lib/i18n";

import {
  areaLabel,
  availableSections,
  navigationSections,
  navLabel,
  plannedSections,
  WORKSPACES,
  type Section,
  type Workspace,
} from "./workspaces";

const REAL_STARTUP = WORKSPACES.startup;

function DeclarationsPage() {
  return <h1>Declarations page</h1>;
}

const UNBUILT: readonly Section[] = [
  { area: "declarations", path: "/startup/declarations" },
  { area: "imports", path: "/startup/imports" },
  { area: "headroom", path: "/startup/headroom" },
];

/** A test-local startup workspace where nothing is built yet, or only declarations. */
function startupWorkspace(declarationsBuilt: boolean): Workspace {
  return {
    ...WORKSPACES.startup,
    sections: UNBUILT.map((section) =>
      declarationsBuilt && section.area === "declarations" ? { ...section, page: DeclarationsPage } : section,
    ),
  };
}

describe("switching a section on in WORKSPACES", () => {
  it("leaves an unbuilt section unrouted, out of the navigation and on the coming list", async () => {
    replaceWorkspace("startup", startupWorkspace(false));
    mockApi(signedInHome("startup"));
    renderApp("/startup");

    const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
    expect(within(nav).getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual(["/startup"]);
    expect(within(await screen.findByTestId("coming-soon")).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Déclarations de paiements",
      "Import de déclarations (CSV, XLSX)",
      "Plafonds annuels restants",
    ]);
    expect(availableSections("startup")).toEqual([]);
    expect(plannedSections("startup")).toEqual(UNBUILT);
  });

  it("routes it, links it in the navigation and drops it from the coming list", async () => {
    replaceWorkspace("startup", startupWorkspace(true));
    mockApi(signedInHome("startup"));
    renderApp("/startup");

    const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
    expect(within(nav).getAllByRole("link").map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
      ["Accueil", "/startup"],
      ["Déclarations", "/startup/declarations"],
    ]);
    expect(within(nav).getByRole("link", { name: "Déclarations de paiements" })).toHaveAttribute("href", "/startup/declarations");
    const coming = within(await screen.findByTestId("coming-soon")).getAllByRole("listitem").map((item) => item.textContent);
    expect(coming).toEqual(["Import de déclarations (CSV, XLSX)", "Plafonds annuels restants"]);

    await userEvent.setup().click(within(nav).getByRole("link", { name: "Déclarations de paiements" }));

    expect(await screen.findByRole("heading", { name: "Declarations page" })).toBeInTheDocument();
  });

  it("keeps it out of other roles' reach", async () => {
    replaceWorkspace("startup", startupWorkspace(true));
    mockApi(signedInHome("regulator"));
    const { router } = renderApp("/startup/declarations");

    expect(await screen.findByTestId("home-regulator")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/regulator");
    expect(screen.queryByRole("heading", { name: "Declarations page" })).not.toBeInTheDocument();
  });

  it("puts the real workspace back after a test replaced it", () => {
    // Runs after the tests above swapped in a local definition of the startup workspace.
    expect(WORKSPACES.startup).toBe(REAL_STARTUP);
  });
});

describe("the navigation bar's short names", () => {
  const roles = ["startup", "regulator", "advocate"] as const;

  it.each(LANGUAGES)("are part of each section's full name in %s, which screen readers say", (language) => {
    for (const role of roles) {
      for (const section of navigationSections(role)) {
        const short = translate(language, navLabel(section.area)).toLocaleLowerCase(language);
        const full = translate(language, areaLabel(section.area)).toLocaleLowerCase(language);
        expect(full).toContain(short);
      }
    }
  });

  it.each(LANGUAGES)("keep the regulator's bar short enough for one line at 1440 px in %s", (language) => {
    // About 1,200 px of text at the bar's font: a budget of characters, gaps included.
    const names = ["nav.home" as const, ...navigationSections("regulator").map((section) => navLabel(section.area))];
    const characters = names.reduce((sum, key) => sum + translate(language, key).length + 3, 0);
    expect(characters).toBeLessThanOrEqual(140);
  });
});
