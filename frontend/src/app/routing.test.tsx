import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Role } from "@/features/auth";
import { translate } from "@/lib/i18n";
import { HOME_ROUTES, signedInHome } from "@/testing/home-api";
import { DEMO_USERS, jsonResponse, mockApi, noContent, NOT_SIGNED_IN, problemResponse } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";
import { replaceWorkspace } from "@/testing/workspaces";

import { areaLabel, navLabel, WORKSPACES, type Workspace } from "./workspaces";

function DeclarationsPage() {
  return <h1>Declarations page</h1>;
}

/** A startup workspace with one built section and two announced ones, whatever the real one holds. */
const STARTUP_HALF_BUILT: Workspace = {
  ...WORKSPACES.startup,
  sections: [
    { area: "declarations", path: "/startup/declarations", page: DeclarationsPage },
    { area: "imports", path: "/startup/imports" },
    { area: "headroom", path: "/startup/headroom" },
  ],
};

const HOMES: [Role, string, string][] = [
  ["startup", "/startup", "Espace startup"],
  ["regulator", "/regulator", "Espace régulateur"],
  ["advocate", "/advocate", "Espace plaidoyer"],
  ["admin", "/administration", "Administration"],
];

describe("role routing", () => {
  it.each(HOMES)("sends a %s from / to %s", async (role, path, title) => {
    mockApi(signedInHome(role));
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
    mockApi(signedInHome("startup"));
    const { router } = renderApp("/regulator");

    expect(await screen.findByTestId("home-startup")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/startup");
    expect(screen.queryByTestId("home-regulator")).not.toBeInTheDocument();
  });

  it("keeps an announced but unbuilt section unreachable", async () => {
    replaceWorkspace("startup", STARTUP_HALF_BUILT);
    mockApi(signedInHome("startup"));
    renderApp("/startup/imports");

    expect(await screen.findByTestId("not-found")).toHaveTextContent("Page introuvable");
  });

  it("lists only built sections in the navigation and the rest as coming", async () => {
    replaceWorkspace("startup", STARTUP_HALF_BUILT);
    mockApi(signedInHome("startup"));
    renderApp("/startup");

    const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
      ["Accueil", "/startup"],
      ["Déclarations", "/startup/declarations"],
    ]);
    expect(links[1]).toHaveAccessibleName("Déclarations de paiements");
    expect(links[0]).toHaveAttribute("aria-current", "page");

    const coming = await screen.findByTestId("coming-soon");
    expect(within(coming).getByRole("heading", { level: 2 })).toHaveTextContent("Prochainement dans cet espace");
    expect(within(coming).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Import de déclarations (CSV, XLSX)",
      "Plafonds annuels restants",
    ]);
  });

  it.each(["startup", "regulator", "advocate"] as const)(
    "links every built section of the real %s workspace and lists the others as coming",
    async (role) => {
      const workspace = WORKSPACES[role];
      mockApi(signedInHome(role));
      renderApp(workspace.homePath);

      const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
      const built = workspace.sections.filter((section) => section.page !== undefined && section.hidden !== true);
      expect(within(nav).getAllByRole("link").map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
        ["Accueil", workspace.homePath],
        ...built.map((section) => [translate("fr", navLabel(section.area)), section.path]),
      ]);
      // The bar shows the short names; each link is still named in full.
      for (const section of built) {
        expect(within(nav).getByRole("link", { name: translate("fr", areaLabel(section.area)) })).toHaveAttribute(
          "href",
          section.path,
        );
      }

      const unbuilt = workspace.sections.filter((section) => section.page === undefined);
      if (unbuilt.length === 0) {
        expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
      } else {
        expect(within(await screen.findByTestId("coming-soon")).getAllByRole("listitem").map((item) => item.textContent)).toEqual(
          unbuilt.map((section) => translate("fr", areaLabel(section.area))),
        );
      }
    },
  );

  it("gives admins a link to the Django admin and no coming-soon list", async () => {
    mockApi(signedInHome("admin"));
    renderApp("/");

    const link = await screen.findByRole("link", { name: "Ouvrir l'administration Django" });
    expect(link).toHaveAttribute("href", "/admin/");
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
  });

  it("signs out with the CSRF token, forgets the user and returns to sign in", async () => {
    document.cookie = "csrftoken=csrf-after-login; path=/";
    const { requests } = mockApi([
      ...signedInHome("advocate"),
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
    expect(requests.filter((request) => request.method === "GET" && new URL(request.url).pathname === "/api/v1/auth/me/")).toHaveLength(1);
  });

  it("stays signed in and explains when sign-out fails", async () => {
    mockApi([
      ...signedInHome("startup"),
      {
        method: "POST",
        path: "/api/v1/auth/logout/",
        respond: () => problemResponse(403, { title: "Forbidden", detail: "CSRF Failed: CSRF token missing.", code: "csrf_failed" }),
      },
    ]);
    const { router } = renderApp("/startup");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Se déconnecter" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "La déconnexion a échoué. Réessayez. La session de sécurité a expiré : rechargez la page puis réessayez.",
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
      ...HOME_ROUTES,
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

    expect(await screen.findByRole("alert")).toHaveTextContent("Votre rôle n'est pas connu de cette version de l'application.");
  });
});
