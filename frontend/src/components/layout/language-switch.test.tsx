import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { navigationSections, navLabel } from "@/app/workspaces";
import { LANGUAGE_STORAGE_KEY, translate } from "@/lib/i18n";
import { signedInHome } from "@/testing/home-api";
import { mockApi, NOT_SIGNED_IN, problemResponse } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const signedOut = { method: "GET", path: "/api/v1/auth/me/", respond: () => problemResponse(401, NOT_SIGNED_IN) };

describe("language switch", () => {
  it("defaults to French and sets <html lang>", async () => {
    mockApi([signedOut]);
    renderApp("/login");

    expect(await screen.findByTestId("login-title")).toHaveTextContent("Connexion");
    expect(document.documentElement.lang).toBe("fr");
    expect(screen.getByRole("button", { name: /Français/ })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: /English/ })).toHaveAttribute("aria-pressed", "false");
    expect(document.title).toBe("Connexion · FX Sandbox Tracker");
  });

  it("switches every string to English, updates <html lang> and remembers the choice", async () => {
    mockApi([signedOut]);
    renderApp("/login");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: /English/ }));

    expect(screen.getByTestId("login-title")).toHaveTextContent("Sign in");
    expect(screen.getByLabelText("Username")).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Language" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("en");
    expect(document.title).toBe("Sign in · FX Sandbox Tracker");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
  });

  it("starts in the stored language and ignores an unknown stored value", async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "en");
    mockApi(signedInHome("startup"));
    const first = renderApp("/startup");

    expect(await screen.findByTestId("home-startup")).toHaveTextContent("Startup workspace");
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    expect(within(nav).getAllByRole("link").map((link) => link.textContent)).toEqual([
      "Home",
      ...navigationSections("startup").map((section) => translate("en", navLabel(section.area))),
    ]);
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("en");
    first.unmount();

    localStorage.setItem(LANGUAGE_STORAGE_KEY, "de");
    mockApi([signedOut]);
    renderApp("/login");
    expect(await screen.findByTestId("login-title")).toHaveTextContent("Connexion");
  });
});
