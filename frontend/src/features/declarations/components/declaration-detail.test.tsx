import { render, screen, within } from "@testing-library/react";
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

function renderDetail(id: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <I18nProvider>
        <MemoryRouter>
          <DeclarationDetailPanel id={id} readOnly={false} onClose={() => undefined} onSelect={() => undefined} />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

const CREATED = { occurred_at: "2026-03-26T09:00:00Z", actor: "demo-startup-1", action: "declaration.create", object_id: "d2", before: null, after: null, reconversion: null };
const CONVERTED = { ...CREATED, occurred_at: "2026-03-26T09:00:01Z", actor: "system:rates", action: "declaration.converted" };

describe("a startup's payment as it settles", () => {
  it("names the payment's category, not only its direction and channel", async () => {
    mockApi([
      { method: "GET", path: "/api/v1/declarations/d2/", respond: () => jsonResponse(200, DECLARATION) },
      { method: "GET", path: "/api/v1/declarations/d2/events/", respond: () => jsonResponse(200, []) },
      { method: "GET", path: "/api/v1/declarations/d2/documents/", respond: () => jsonResponse(200, []) },
      { method: "GET", path: "/api/v1/cases/", respond: () => jsonResponse(200, { next: null, previous: null, results: [] }) },
      {
        method: "GET",
        path: "/api/v1/declaration-categories/",
        respond: () => jsonResponse(200, [{ code: "SAAS_CLOUD", label_fr: "SaaS, hébergement cloud", label_en: "SaaS, cloud hosting", help_fr: "", help_en: "" }]),
      },
    ]);
    renderDetail("d2");

    expect(await screen.findByText("SaaS, hébergement cloud")).toHaveAttribute("data-testid", "declaration-category");
    expect(screen.getByText("Sens et moyen de paiement")).toBeInTheDocument();
  });

  it("reads its history once more when it settles, so the worker's last step is listed", async () => {
    // The first reading of the timeline is slow and answers from before the conversion was
    // written; meanwhile the detail's poll sees the payment settle ("converted", then "screened").
    let settled = false;
    let timelineReads = 0;
    const details = [{ ...DECLARATION, status: "converted" }, DECLARATION];
    mockApi([
      {
        method: "GET",
        path: "/api/v1/declarations/d2/",
        respond: () => {
          const detail = details.length > 1 ? details.shift() : details[0];
          settled = detail?.status === "screened";
          return jsonResponse(200, detail);
        },
      },
      {
        method: "GET",
        path: "/api/v1/declarations/d2/events/",
        respond: async () => {
          timelineReads += 1;
          if (timelineReads === 1) {
            await new Promise((resolve) => setTimeout(resolve, 2500));
            return jsonResponse(200, [CREATED]);
          }
          return jsonResponse(200, settled ? [CREATED, CONVERTED] : [CREATED]);
        },
      },
      { method: "GET", path: "/api/v1/declarations/d2/documents/", respond: () => jsonResponse(200, []) },
      { method: "GET", path: "/api/v1/cases/", respond: () => jsonResponse(200, { next: null, previous: null, results: [] }) },
      { method: "GET", path: "/api/v1/declaration-categories/", respond: () => jsonResponse(200, []) },
    ]);
    renderDetail("d2");

    const timeline = await screen.findByTestId("declaration-timeline");
    // Once settled, the timeline is read again without a reload and lists the conversion.
    expect(await within(timeline).findByText(/Convertie en dirhams/, undefined, { timeout: 4500 })).toBeInTheDocument();
    expect(within(timeline).getAllByRole("listitem")).toHaveLength(2);
    expect(settled).toBe(true);
  });
});
