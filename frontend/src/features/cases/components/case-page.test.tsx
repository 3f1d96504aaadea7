import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";
import { DEMO_USERS, jsonResponse, mockApi } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

const CASE_ID = "0b6c9d1e-0000-4000-8000-00000000000c";

function payment(n: number, attachedAt: string) {
  return {
    declaration: { id: `d${n}`, reference: `CARD-${n}`, value_date: `2026-03-2${n}`, category: "SAAS_CLOUD" },
    amount_mad: { amount: n === 1 ? "2500000.00" : "12927.48", currency: "MAD" },
    attached_at: attachedAt,
    covered_by_decision: attachedAt < "2026-03-27T00:00:00Z",
  };
}

// A cumulative case of three payments, decided after the first two joined it.
const CASE = {
  id: CASE_ID,
  kind: "cumulative",
  rule_id: "CARD_CAP",
  rule_titles: [{ rule_id: "CARD_CAP", fr: "Dotation carte", en: "Card allowance" }],
  window: { start: "2026-01-01", end: "2026-12-31" },
  payment_count: 3,
  payments: [payment(1, "2026-03-21T09:00:00Z"), payment(2, "2026-03-22T09:00:00Z"), payment(3, "2026-03-28T09:00:00Z")],
  state: "reopened",
  priority: 1,
  severity: "high",
  amount_mad: { amount: "2525854.96", currency: "MAD" },
  declaration: {
    id: "d1",
    reference: "CARD-1",
    amount: { amount: "2500000.00", currency: "MAD" },
    value_date: "2026-03-21",
    category: "SAAS_CLOUD",
    channel: "card",
    counterparty: { name: "Example Cloud Ltd", country: "IE" },
    conversion: null,
    verdicts: [],
  },
  participant: { id: "p1", name: "Atlas Cloud", cluster: "MNC" },
  rules: ["CARD_CAP"],
  assignee: null,
  due_at: "2026-04-06T09:00:00Z",
  overdue: false,
  outcome: "breach_confirmed",
  opened_at: "2026-03-21T09:00:00Z",
  updated_at: "2026-03-28T09:00:00Z",
  version: 4,
  etag: `"${CASE_ID}.4"`,
  rate_rows: [],
  flags: [],
  requests: [],
  notes: [],
  timeline: [
    { occurred_at: "2026-03-21T09:00:00Z", actor: "system:reviews", action: "case.open" },
    { occurred_at: "2026-03-22T09:00:00Z", actor: "system:reviews", action: "case.payments_attach" },
  ],
  rationale: "Allowance exceeded.",
  waiver_evidence: "",
  decided_by: { id: "r1", username: "amina" },
  decided_at: "2026-03-27T09:00:00Z",
  reopen_reason: "",
  allowed_actions: [],
};

describe("a cumulative case", () => {
  it("lists the payments it holds, says which the decision covers and loads every payment of the total", async () => {
    mockApi([
      { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
      { method: "GET", path: `/api/v1/cases/${CASE_ID}/`, respond: () => jsonResponse(200, CASE) },
      { method: "GET", path: "/api/v1/case-reviewers/", respond: () => jsonResponse(200, []) },
      {
        method: "GET",
        path: `/api/v1/cases/${CASE_ID}/contributing/`,
        respond: () =>
          jsonResponse(200, {
            next: null,
            previous: null,
            results: [
              {
                declaration: { id: "d0", reference: "EARLY-0", value_date: "2026-02-01", category: "SAAS_CLOUD" },
                amount: { amount: "900.00", currency: "EUR" },
                amount_mad: { amount: "9725.13", currency: "MAD" },
                in_case: false,
              },
            ],
          }),
      },
    ]);
    renderApp(`/regulator/cases?case=${CASE_ID}`);

    expect(await screen.findByTestId("case-breach")).toHaveTextContent(
      /Dotation carte, 2026 — 3 paiements, 2\s525\s854,96\sMAD au total/,
    );
    const table = screen.getByTestId("case-payments");
    expect(table).not.toHaveTextContent("CARD_CAP");
    const first = within(table).getByTestId("case-payment-CARD-1");
    expect(first).toHaveTextContent(/2\s500\s000,00\sMAD/);
    expect(within(first).getByTestId("case-payment-covered")).toHaveTextContent("Oui");
    expect(within(within(table).getByTestId("case-payment-CARD-3")).getByTestId("case-payment-covered")).toHaveTextContent(
      "Non, rattaché après",
    );
    expect(screen.queryByTestId("case-payments-undecided")).not.toBeInTheDocument();
    // Decided: the deadline is said to be past business, not as a dash beside a date.
    expect(screen.getByTestId("case-due")).toHaveTextContent(/^décidé ; l'échéance était le 6 avr\. 2026, 10:00$/);
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("traitement automatique");
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("Paiement rattaché au dossier du dépassement");

    await userEvent.setup().click(screen.getByText("Tous les paiements du cumul"));
    const contributing = screen.getByTestId("case-contributing");
    expect(await within(contributing).findByText("EARLY-0")).toBeInTheDocument();
    expect(contributing).toHaveTextContent(/9\s725,13\sMAD/);
  });

  it("says so when no decision covers its payments yet, in the reader's language", async () => {
    const open = {
      ...CASE,
      state: "open",
      outcome: "",
      rationale: "",
      decided_by: null,
      decided_at: null,
      payments: CASE.payments.map((row) => ({ ...row, covered_by_decision: false })),
    };
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "en");
    mockApi([
      { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
      { method: "GET", path: `/api/v1/cases/${CASE_ID}/`, respond: () => jsonResponse(200, open) },
      { method: "GET", path: "/api/v1/case-reviewers/", respond: () => jsonResponse(200, []) },
    ]);
    renderApp(`/regulator/cases?case=${CASE_ID}`);

    expect(await screen.findByTestId("case-payments-undecided")).toHaveTextContent("No decision covers these payments yet.");
    expect(screen.queryByTestId("case-payment-covered")).not.toBeInTheDocument();
  });
});

describe("the payment that opened a case", () => {
  it("says a payment in dirhams was not converted instead of a rate of 1 MAD = 1 MAD", async () => {
    const inDirhams = {
      ...CASE,
      declaration: {
        ...CASE.declaration,
        conversion: {
          amount_mad: "2500000.00",
          rate: "1.0000000000",
          rate_date: "2026-03-21",
          source: "none",
          method: "official",
          explanation: { fr: "Paiement en dirhams", en: "Paid in dirhams" },
        },
      },
    };
    mockApi([
      { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
      { method: "GET", path: `/api/v1/cases/${CASE_ID}/`, respond: () => jsonResponse(200, inDirhams) },
      { method: "GET", path: "/api/v1/case-reviewers/", respond: () => jsonResponse(200, []) },
    ]);
    renderApp(`/regulator/cases?case=${CASE_ID}`);

    const conversion = await screen.findByTestId("case-conversion");
    expect(conversion).toHaveTextContent(/^2\s500\s000,00\sMAD : paiement en dirhams, sans conversion$/);
    expect(conversion).not.toHaveTextContent("1 MAD = 1");
    expect(conversion).not.toHaveTextContent("Aucune");
  });
});
