import { render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";

import { I18nProvider } from "@/lib/i18n";
import { jsonResponse, mockApi } from "@/testing/mock-api";

import { DeclarationDetailPanel } from "./declaration-detail";

const DECLARATION = {
  id: "d2",
  reference: "CARD-2",
  version: 1,
  is_current: true,
  organisation: { id: "o1", name: "Atlas Pay" },
  direction: "outgoing",
  category: "SAAS_CLOUD",
  channel: "card",
  amount: { amount: "1200.00", currency: "EUR" },
  value_date: "2026-03-26",
  counterparty: { name: "Example Cloud Ltd", country: "IE" },
  description: "",
  status: "screened",
  awaiting_processing: false,
  created_at: "2026-03-26T09:00:00Z",
  conversion: null,
  verdicts: [],
  versions: [],
};
// The case of the card allowance's breach, opened by an earlier payment (d1) and joined by d2.
const CASE = {
  id: "c1",
  kind: "cumulative",
  rule_id: "CARD_CAP",
  rule_titles: [{ rule_id: "CARD_CAP", fr: "Dotation carte", en: "Card allowance" }],
  window: { start: "2026-01-01", end: "2026-12-31" },
  payment_count: 3,
  state: "open",
  declaration: { id: "d1", reference: "CARD-1", value_date: "2026-03-25", category: "SAAS_CLOUD" },
  amount_mad: { amount: "2525854.96", currency: "MAD" },
  outcome: "",
  decided_at: null,
  decided_by: null,
  opened_at: "2026-03-25T09:00:00Z",
  etag: '"c1.2"',
};

describe("a startup's payment in a case of its allowance's breach", () => {
  it("says which case holds it, how many payments and what total", async () => {
    mockApi([
      { method: "GET", path: "/api/v1/declarations/d2/", respond: () => jsonResponse(200, DECLARATION) },
      { method: "GET", path: "/api/v1/declarations/d2/events/", respond: () => jsonResponse(200, []) },
      { method: "GET", path: "/api/v1/declarations/d2/documents/", respond: () => jsonResponse(200, []) },
      { method: "GET", path: "/api/v1/cases/", respond: () => jsonResponse(200, { next: null, previous: null, results: [CASE] }) },
    ]);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <I18nProvider>
          <MemoryRouter>
            <DeclarationDetailPanel id="d2" readOnly={true} onClose={() => undefined} onSelect={() => undefined} />
          </MemoryRouter>
        </I18nProvider>
      </QueryClientProvider>,
    );

    const grouped = await screen.findByTestId("declaration-case-grouped");
    expect(grouped).toHaveTextContent(
      /rattaché au dossier du dépassement « Dotation carte, 2026 », qui regroupe 3 paiements pour 2\s525\s854,96\sMAD au total/,
    );
    expect(grouped).toHaveTextContent("ouvert par le paiement CARD-1");
    expect(grouped).not.toHaveTextContent("CARD_CAP");
  });
});
