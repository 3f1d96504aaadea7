import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { DEMO_USERS, jsonResponse, mockApi, problemResponse } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const ID = "5b0f3f1e-0000-4000-8000-000000000002";
const TISSAGE = {
  id: ID,
  name: "Tissage Numérique SARL",
  labelled: false,
  labelled_on: null,
  incorporated_on: "2019-03-01",
  has_fx_account: false,
  categorised_operator: false,
  certified_accounts: true,
  tax_paid_last_fy: null,
  pre_revenue: false,
  cluster: "C2TM",
  sources: { certified_accounts: { as_of: "2026-01-15", source: "Dossier d'admission" } },
  unknown: ["tax_paid_last_fy"],
};

function routes(patch: (body: unknown) => Response, lists: string[]) {
  return [
    { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
    {
      method: "GET",
      path: "/api/v1/participants/",
      respond: (request: Request) => {
        lists.push(new URL(request.url).search);
        return jsonResponse(200, { next: null, previous: null, results: [TISSAGE] });
      },
    },
    { method: "GET", path: `/api/v1/participants/${ID}/facts/`, respond: () => jsonResponse(200, TISSAGE) },
    {
      method: "PATCH",
      path: `/api/v1/participants/${ID}/facts/`,
      respond: async (request: Request) => patch(await request.json()),
    },
  ];
}

// The first render loads the role's lazy chunk; on a busy machine that outlasts five seconds.
const PAGE_TEST_TIMEOUT_MS = 15_000;

describe("the participants page", { timeout: PAGE_TEST_TIMEOUT_MS }, () => {
  it("lists participants with their unknown facts and filters on the server", async () => {
    const lists: string[] = [];
    mockApi(routes(() => jsonResponse(200, TISSAGE), lists));
    renderApp("/regulator/participants");

    const row = await screen.findByTestId("participant-row-Tissage Numérique SARL");
    expect(row).toHaveTextContent("C2TM (textiles techniques)");
    expect(within(row).getByTestId("unknown-count")).toHaveTextContent("1 fait inconnu");
    await userEvent.setup().click(screen.getByLabelText("Seulement ceux dont un fait est inconnu"));
    await screen.findByTestId("participant-row-Tissage Numérique SARL");
    expect(lists).toEqual(["?page_size=25", "?unknown=true&page_size=25"]);
  });

  it("says the server's refusals beside their field, in the page's language", async () => {
    const sent: unknown[] = [];
    mockApi(
      routes((body) => {
        sent.push(body);
        return problemResponse(400, {
          status: 400,
          code: "invalid",
          detail: "/sources/tax_paid_last_fy/as_of: A fact cannot be known as of a day still to come.",
          errors: [
            {
              pointer: "/sources/tax_paid_last_fy/as_of",
              code: "as_of_in_future",
              detail: "A fact cannot be known as of a day still to come.",
            },
            { pointer: "/sources/tax_paid_last_fy/source", code: "odd_source", detail: "Not a register we know." },
          ],
        });
      }, []),
    );
    renderApp(`/regulator/participants?participant=${ID}`);
    const user = userEvent.setup();

    const tax = await screen.findByTestId("fact-tax_paid_last_fy");
    expect(within(tax).getByTestId("fact-value")).toHaveTextContent("Inconnu");
    await user.click(within(tax).getByRole("button", { name: "Modifier : Impôt payé au dernier exercice" }));
    await user.click(within(tax).getByLabelText("Connu"));
    await user.type(within(tax).getByLabelText("Montant payé (MAD)"), "45 000,50");
    await user.type(within(tax).getByLabelText("Connu au"), "2026-03-01");
    await user.type(within(tax).getByLabelText("Source"), "Attestation fiscale 2025");
    await user.click(within(tax).getByRole("button", { name: "Enregistrer" }));

    expect(await within(tax).findByText("Un fait ne peut être connu qu'à une date passée ou aujourd'hui.")).toBeInTheDocument();
    expect(within(tax).getByText("Not a register we know.")).toBeInTheDocument();
    expect(within(tax).getByLabelText("Connu au")).toHaveAttribute("aria-invalid", "true");
    expect(sent).toEqual([
      {
        tax_paid_last_fy: "45000.50",
        sources: { tax_paid_last_fy: { as_of: "2026-03-01", source: "Attestation fiscale 2025" } },
      },
    ]);
  });
});
