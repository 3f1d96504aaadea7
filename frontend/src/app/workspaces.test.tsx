import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";

import { DEMO_USERS, jsonResponse, mockApi } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

import { WORKSPACES } from "./workspaces";

function DeclarationsPage() {
  return <h1>Declarations page</h1>;
}

const declarations = WORKSPACES.startup.sections.find((section) => section.area === "declarations")!;

describe("switching a section on in WORKSPACES", () => {
  afterEach(() => {
    delete declarations.component;
  });

  it("routes it, links it in the navigation and drops it from the coming list", async () => {
    declarations.component = DeclarationsPage;
    mockApi([{ method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.startup) }]);
    renderApp("/startup");

    const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
    expect(within(nav).getAllByRole("link").map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
      ["Accueil", "/startup"],
      ["Déclarations de paiements", "/startup/declarations"],
    ]);
    const coming = within(screen.getByTestId("coming-soon")).getAllByRole("listitem").map((item) => item.textContent);
    expect(coming).toEqual(["Import de déclarations (CSV, XLSX)", "Plafonds annuels restants", "Jetons d'accès à l'API"]);

    await userEvent.setup().click(within(nav).getByRole("link", { name: "Déclarations de paiements" }));

    expect(await screen.findByRole("heading", { name: "Declarations page" })).toBeInTheDocument();
  });

  it("keeps it out of other roles' reach", async () => {
    declarations.component = DeclarationsPage;
    mockApi([{ method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) }]);
    const { router } = renderApp("/startup/declarations");

    expect(await screen.findByTestId("home-regulator")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/regulator");
  });
});
