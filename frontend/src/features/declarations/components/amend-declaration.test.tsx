import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { signedInHome } from "@/testing/home-api";
import { jsonResponse, mockApi, problemResponse, type MockRoute } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const V1 = "0b6c9d1e-0000-4000-8000-00000000000a";
const V2 = "0b6c9d1e-0000-4000-8000-00000000000b";
const CATEGORY = {
  code: "SAAS_CLOUD",
  label_fr: "Cloud et logiciels",
  label_en: "Cloud and software",
  help_fr: "Abonnements.",
  help_en: "Subscriptions.",
  direction: "outgoing",
  ebops: "SI",
};
const VERSION_1 = {
  id: V1,
  reference: "INV-7",
  version: 1,
  supersedes: null,
  is_current: true,
  organisation: { id: "o1", name: "Atlas Pay" },
  direction: "outgoing",
  category: "SAAS_CLOUD",
  channel: "card",
  amount: { amount: "1250.00", currency: "EUR" },
  value_date: "2026-03-25",
  counterparty: { name: "Example Cloud Ltd", country: "IE" },
  description: "Hosting, March",
  service_performance_date: null,
  expected_repatriation_date: null,
  status: "received",
  awaiting_processing: true,
  withdrawal_reason: "",
  withdrawn_at: null,
  submitted_with_token: false,
  created_by: "demo-startup-1",
  created_at: "2026-03-25T09:00:00Z",
  updated_at: "2026-03-25T09:00:00Z",
  conversion: null,
  verdicts: [],
  versions: [{ id: V1, version: 1, status: "received", is_current: true, created_at: "2026-03-25T09:00:00Z", created_by: "demo-startup-1" }],
};
const VERSION_2 = {
  ...VERSION_1,
  id: V2,
  version: 2,
  supersedes: V1,
  amount: { amount: "1300.00", currency: "EUR" },
  versions: [
    { ...VERSION_1.versions[0], is_current: false },
    { id: V2, version: 2, status: "received", is_current: true, created_at: "2026-03-26T09:00:00Z", created_by: "demo-startup-1" },
  ],
};

/** The startup's declarations page, reading `detail(id)` for each version id. */
function declarationsApi(amend: MockRoute["respond"]): MockRoute[] {
  const page = (results: unknown[]) => jsonResponse(200, { next: null, previous: null, results });
  const versionRoutes = [VERSION_1, VERSION_2].flatMap((version): MockRoute[] => [
    { method: "GET", path: `/api/v1/declarations/${version.id}/`, respond: () => jsonResponse(200, version) },
    { method: "GET", path: `/api/v1/declarations/${version.id}/events/`, respond: () => jsonResponse(200, []) },
    { method: "GET", path: `/api/v1/declarations/${version.id}/documents/`, respond: () => jsonResponse(200, []) },
  ]);
  return [
    ...signedInHome("startup"),
    { method: "GET", path: "/api/v1/declaration-categories/", respond: () => jsonResponse(200, [CATEGORY]) },
    { method: "GET", path: "/api/v1/declarations/", respond: () => page([VERSION_1]) },
    ...versionRoutes,
    { method: "POST", path: `/api/v1/declarations/${V1}/amend/`, respond: amend },
  ];
}

async function openAmendForm() {
  const user = userEvent.setup();
  const detail = await screen.findByTestId("declaration-detail");
  await user.click(await within(detail).findByRole("link", { name: "Modifier" }));
  return { user, form: await screen.findByTestId("amend-form") };
}

describe("amending a declaration", () => {
  it("opens the form filled in, sends the changes without the reference and lands on the new version", async () => {
    const sent: { body: unknown; key: string | null }[] = [];
    mockApi(
      declarationsApi(async (request) => {
        sent.push({ body: await request.json(), key: request.headers.get("Idempotency-Key") });
        return jsonResponse(201, VERSION_2);
      }),
    );
    const { router } = renderApp(`/startup/declarations?declaration=${V1}`);

    // Given the amend form of version 1, filled in with what it says
    const { user, form } = await openAmendForm();
    expect(router.state.location.search).toBe(`?amend=${V1}`);
    expect(within(form).getByRole("heading", { name: "Modifier la déclaration INV-7" })).toBeInTheDocument();
    const reference = within(form).getByLabelText("Référence (n° de facture)");
    expect(reference).toHaveValue("INV-7");
    expect(reference).toHaveAttribute("readonly");
    expect(within(form).getByLabelText("Montant")).toHaveValue("1250,00");
    expect(within(form).getByLabelText("Contrepartie")).toHaveValue("Example Cloud Ltd");

    // When it is sent unchanged, nothing is sent and the form says why
    await user.click(within(form).getByRole("button", { name: "Enregistrer la version 2" }));
    expect(within(form).getByTestId("amend-unchanged")).toHaveTextContent("Rien n'a changé : modifiez au moins un champ.");
    expect(sent).toEqual([]);

    // When the amount is changed and the form sent
    await user.clear(within(form).getByLabelText("Montant"));
    await user.type(within(form).getByLabelText("Montant"), "1 300,00");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la version 2" }));

    // Then the changes go to the amend endpoint, without the reference
    const detail = await screen.findByTestId("declaration-notice");
    expect(sent.map(({ body }) => body)).toEqual([
      {
        direction: "outgoing",
        category: "SAAS_CLOUD",
        channel: "card",
        amount: { amount: "1300.00", currency: "EUR" },
        value_date: "2026-03-25",
        counterparty: { name: "Example Cloud Ltd", country: "IE" },
        description: "Hosting, March",
        service_performance_date: null,
        expected_repatriation_date: null,
        payment_kind: "settlement",
        contract_amount: null,
        subscription_months: null,
      },
    ]);
    // (with an idempotency key, as a creation has)
    expect(sent[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    // And the page shows version 2, says so, and lists version 1 as superseded
    expect(router.state.location.search).toBe(`?declaration=${V2}`);
    expect(detail).toHaveTextContent(
      "Déclaration INV-7 modifiée : la version 2 remplace la précédente et attend sa conversion et son contrôle.",
    );
    const panel = screen.getByTestId("declaration-detail");
    expect(within(panel).getByRole("heading", { name: "Déclaration INV-7" })).toHaveFocus();
    expect(panel).toHaveTextContent(/Montant1\s300,00\s€/);
    const versions = within(panel).getAllByRole("listitem").filter((item) => item.textContent.startsWith("v"));
    expect(versions.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^v1 · Reçue · .* \(remplacée\)$/),
      expect.stringMatching(/^v2 · Reçue · .* \(actuelle\)$/),
    ]);
  });

  it("says the server's field problems next to the field, and a refused amendment in the page's language", async () => {
    const answers = [
      problemResponse(400, {
        code: "invalid",
        detail: "Invalid input.",
        errors: [{ pointer: "/amount/amount", code: "amount_too_large", detail: "Too large." }],
      }),
      problemResponse(409, { code: "declaration_superseded", detail: "This version was amended since." }),
    ];
    mockApi(declarationsApi(() => answers.shift() ?? jsonResponse(500, {})));
    renderApp(`/startup/declarations?declaration=${V1}`);
    const { user, form } = await openAmendForm();

    await user.clear(within(form).getByLabelText("Montant"));
    await user.type(within(form).getByLabelText("Montant"), "999999999999");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la version 2" }));
    expect(await within(form).findByText("Le montant dépasse la limite autorisée.")).toBeInTheDocument();
    expect(within(form).getByLabelText("Montant")).toHaveAttribute("aria-invalid", "true");

    await user.click(within(form).getByRole("button", { name: "Enregistrer la version 2" }));
    const alert = await within(form).findByRole("alert");
    expect(alert).toHaveTextContent("La modification n'a pas été enregistrée.");
    expect(alert).toHaveTextContent("Cette version a été remplacée entre-temps : ouvrez la version actuelle pour la modifier.");
  });

  it("goes back to the declaration when the amendment is cancelled", async () => {
    mockApi(declarationsApi(() => jsonResponse(500, {})));
    const { router } = renderApp(`/startup/declarations?amend=${V1}`);
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Annuler" }));

    expect(router.state.location.search).toBe(`?declaration=${V1}`);
    expect(await screen.findByTestId("declaration-detail")).toHaveTextContent("Déclaration INV-7");
    expect(screen.queryByTestId("amend-form")).not.toBeInTheDocument();
  });
});
