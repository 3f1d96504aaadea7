import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Role } from "@/features/auth";
import { DEMO_USERS, jsonResponse, mockApi, noContent, NOT_SIGNED_IN, problemResponse } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

import { plannedSections, WORKSPACES } from "./workspaces";

function signedInAs(role: Role) {
  return { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS[role]) };
}

const HOMES: [Role, string, string][] = [
  ["startup", "/startup", "Espace startup"],
  ["regulator", "/regulator", "Espace régulateur"],
  ["advocate", "/advocate", "Espace plaidoyer"],
  ["admin", "/administration", "Administration"],
];

describe("role routing", () => {
  it.each(HOMES)("sends a %s from / to %s", async (role, path, title) => {
    mockApi([signedInAs(role)]);
    const { router } = renderApp("/");

    expect(await screen.findByTestId(`home-${role}`)).toHaveTextContent(title);
    expect(router.state.location.pathname).toBe(path);
  });

  it.each(["/", "/startup", "/regulator", "/somewhere"])("sends a visitor without a session from %s to sign in", async (path) => {
    mockApi([{ method: "GET", path: "/api/v1/auth/me/", respond: () => problemResponse(401, NOT_SIGNED_IN) }]);
    const { router } = renderApp(path);

    expect(await screen.findByTestId("login-title")).toHaveTextContent("Connexion");
    expect(router.state.location.pathname).toBe("/login");
  });

  it("keeps a startup out of the regulator workspace", async () => {
    mockApi([signedInAs("startup")]);
    const { router } = renderApp("/regulator");

    expect(await screen.findByTestId("home-startup")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/startup");
    expect(screen.queryByTestId("home-regulator")).not.toBeInTheDocument();
  });

  it("keeps an announced but unbuilt section unreachable", async () => {
    mockApi([signedInAs("startup")]);
    renderApp("/startup/declarations");

    expect(await screen.findByTestId("not-found")).toHaveTextContent("Page introuvable");
  });

  it("lists only built sections in the navigation and the rest as coming", async () => {
    mockApi([signedInAs("startup")]);
    renderApp("/startup");

    const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => [link.textContent, link.getAttribute("href")])).toEqual([["Accueil", "/startup"]]);
    expect(links[0]).toHaveAttribute("aria-current", "page");

    const coming = screen.getByTestId("coming-soon");
    expect(within(coming).getByRole("heading", { level: 2 })).toHaveTextContent("Prochainement dans cet espace");
    expect(within(coming).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Déclarations de paiements",
      "Import de déclarations (CSV, XLSX)",
      "Plafonds annuels restants",
      "Jetons d'accès à l'API",
    ]);
    expect(plannedSections("startup")).toHaveLength(WORKSPACES.startup.sections.length);
  });

  it("gives admins a link to the Django admin and no coming-soon list", async () => {
    mockApi([signedInAs("admin")]);
    renderApp("/");

    const link = await screen.findByRole("link", { name: "Ouvrir l'administration Django" });
    expect(link).toHaveAttribute("href", "/admin/");
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
  });

  it("signs out with the CSRF token, forgets the user and returns to sign in", async () => {
    document.cookie = "csrftoken=csrf-after-login; path=/";
    const { requests } = mockApi([
      signedInAs("advocate"),
      { method: "POST", path: "/api/v1/auth/logout/", respond: () => noContent() },
    ]);
    const { router, queryClient } = renderApp("/advocate");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Se déconnecter" }));

    expect(await screen.findByTestId("login-title")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    const logout = requests.find((request) => request.method === "POST")!;
    expect(new URL(logout.url).pathname).toBe("/api/v1/auth/logout/");
    expect(logout.headers.get("X-CSRFToken")).toBe("csrf-after-login");
    expect(queryClient.getQueryData(["auth", "me"])).toBeNull();
    // The sign-in page trusts the cleared cache instead of asking the server again.
    expect(requests.filter((request) => request.method === "GET")).toHaveLength(1);
  });

  it("stays signed in and explains when sign-out fails", async () => {
    mockApi([
      signedInAs("startup"),
      {
        method: "POST",
        path: "/api/v1/auth/logout/",
        respond: () => problemResponse(403, { title: "Forbidden", detail: "CSRF Failed: CSRF token missing.", code: "csrf" }),
      },
    ]);
    const { router } = renderApp("/startup");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Se déconnecter" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "La déconnexion a échoué. Réessayez. CSRF Failed: CSRF token missing.",
    );
    expect(router.state.location.pathname).toBe("/startup");
    expect(screen.getByTestId("home-startup")).toBeInTheDocument();
  });

  it("offers a retry when the session cannot be checked", async () => {
    let calls = 0;
    mockApi([
      {
        method: "GET",
        path: "/api/v1/auth/me/",
        respond: () => {
          calls += 1;
          return calls === 1 ? new Response("<h1>Bad Gateway</h1>", { status: 502 }) : jsonResponse(200, DEMO_USERS.startup);
        },
      },
    ]);
    renderApp("/");

    expect(await screen.findByRole("alert")).toHaveTextContent("Une erreur inattendue est survenue (HTTP 502).");
    await userEvent.setup().click(screen.getByRole("button", { name: "Réessayer" }));

    await waitFor(() => {
      expect(screen.getByTestId("home-startup")).toBeInTheDocument();
    });
    expect(calls).toBe(2);
  });
});

describe("unknown roles", () => {
  it("reports a role this build does not know instead of routing nowhere", async () => {
    mockApi([
      {
        method: "GET",
        path: "/api/v1/auth/me/",
        respond: () => jsonResponse(200, { ...DEMO_USERS.startup, role: "auditor" }),
      },
    ]);
    renderApp("/");

    expect(await screen.findByRole("alert")).toHaveTextContent('Unknown role "auditor".');
  });
});
