import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { DEMO_USERS, jsonResponse, mockApi, NOT_SIGNED_IN, problemResponse } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const signedOut = { method: "GET", path: "/api/v1/auth/me/", respond: () => problemResponse(403, NOT_SIGNED_IN) };

async function fillAndSubmit(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Nom d'utilisateur"), username);
  await user.type(screen.getByLabelText("Mot de passe"), password);
  await user.click(screen.getByRole("button", { name: "Se connecter" }));
}

describe("login form", () => {
  it("says in French why the server refused the credentials (not its English detail) and stays on the page", async () => {
    const { requests } = mockApi([
      signedOut,
      {
        method: "POST",
        path: "/api/v1/auth/login/",
        respond: () =>
          problemResponse(400, {
            type: "about:blank",
            title: "Bad Request",
            detail: "Unknown username or wrong password.",
            code: "invalid_credentials",
          }),
      },
    ]);
    const { router } = renderApp("/login");

    await fillAndSubmit("demo-startup-1", "wrong");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("La connexion a échoué.");
    expect(alert).toHaveTextContent("Identifiant inconnu ou mot de passe erroné.");
    expect(alert).not.toHaveTextContent("Unknown username");
    expect(alert).toHaveFocus();
    expect(router.state.location.pathname).toBe("/login");
    const login = requests.find((request) => request.method === "POST")!;
    expect(await login.json()).toEqual({ username: "demo-startup-1", password: "wrong" });
  });

  it("shows per-field messages from a 400 next to their inputs", async () => {
    mockApi([
      signedOut,
      {
        method: "POST",
        path: "/api/v1/auth/login/",
        respond: () =>
          problemResponse(400, {
            title: "Invalid input",
            detail: "The request has errors.",
            code: "validation_error",
            errors: [{ pointer: "/password", code: "max_length", detail: "128 caractères au plus." }],
          }),
      },
    ]);
    renderApp("/login");

    await fillAndSubmit("demo-startup-1", "x");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Certaines valeurs ne sont pas valables : voyez les champs signalés.",
    );
    const password = screen.getByLabelText("Mot de passe");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription("128 caractères au plus.");
  });

  it("says the server is unreachable when the request fails without an answer", async () => {
    mockApi([
      signedOut,
      {
        method: "POST",
        path: "/api/v1/auth/login/",
        respond: () => {
          throw new TypeError("Failed to fetch");
        },
      },
    ]);
    renderApp("/login");

    await fillAndSubmit("demo-startup-1", "secret");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.",
    );
  });

  it("requires both fields before calling the server", async () => {
    const { requests } = mockApi([signedOut]);
    renderApp("/login");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Se connecter" }));

    expect(screen.getByLabelText("Nom d'utilisateur")).toHaveAccessibleDescription("Ce champ est obligatoire.");
    expect(screen.getByLabelText("Mot de passe")).toHaveAccessibleDescription("Ce champ est obligatoire.");
    expect(requests.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  it("lands on the role's home after a successful sign-in", async () => {
    mockApi([
      signedOut,
      { method: "POST", path: "/api/v1/auth/login/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
    ]);
    const { router } = renderApp("/login");

    await fillAndSubmit("demo-regulator", "secret");

    expect(await screen.findByTestId("home-regulator")).toHaveTextContent("Espace régulateur");
    expect(router.state.location.pathname).toBe("/regulator");
    expect(screen.getByTestId("current-organisation")).toHaveTextContent("Office des Changes");
    expect(screen.getByTestId("current-user")).toHaveTextContent("demo-regulator (Régulateur)");
  });

  it("skips the form when a session already exists", async () => {
    mockApi([{ method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.advocate) }]);
    const { router } = renderApp("/login");

    expect(await screen.findByTestId("home-advocate")).toBeInTheDocument();
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/advocate");
    });
  });
});
