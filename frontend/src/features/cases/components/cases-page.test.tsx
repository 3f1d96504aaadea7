import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { DEMO_USERS, jsonResponse, mockApi, problemResponse } from "@/testing/mock-api";
import { renderApp } from "@/testing/render-app";

import { exportUrl } from "../api/cases";

const ROW = {
  id: "0b6c9d1e-0000-4000-8000-000000000001",
  state: "open",
  priority: 1,
  severity: "high",
  amount_mad: { amount: "2500000.00", currency: "MAD" },
  declaration: { id: "d1", reference: "INV-42", value_date: "2026-03-02", category: "SAAS_CLOUD" },
  participant: { id: "p1", name: "Atlas Cloud", cluster: "MNC" },
  rules: ["CARD_CAP"],
  kind: "cumulative",
  rule_id: "CARD_CAP",
  rule_titles: [{ rule_id: "CARD_CAP", fr: "Dotation carte", en: "Card allowance" }],
  window: { start: "2026-01-01", end: "2026-12-31" },
  payment_count: 3,
  assignee: null,
  due_at: "2026-03-06T09:00:00Z",
  overdue: true,
  outcome: "",
  opened_at: "2026-03-03T09:00:00Z",
  updated_at: "2026-03-03T09:00:00Z",
  version: 1,
  etag: '"0b6c9d1e-0000-4000-8000-000000000001.1"',
};
const REVIEWERS = [{ id: "r1", username: "amina", name: "Amina", available: true, open_cases: 0 }];

describe("the case queue", () => {
  it("shows priority and overdue badges and bulk-assigns the selection with its ETags", async () => {
    const sent: unknown[] = [];
    mockApi([
      { method: "GET", path: "/api/v1/auth/me/", respond: () => jsonResponse(200, DEMO_USERS.regulator) },
      { method: "GET", path: "/api/v1/cases/", respond: () => jsonResponse(200, { next: null, previous: null, results: [ROW] }) },
      { method: "GET", path: "/api/v1/case-reviewers/", respond: () => jsonResponse(200, REVIEWERS) },
      {
        method: "POST",
        path: "/api/v1/cases/bulk-assign/",
        respond: async (request) => {
          sent.push(await request.json());
          return problemResponse(412, { status: 412, code: "stale_case", detail: "The case changed since you read it." });
        },
      },
    ]);
    renderApp("/regulator/cases");

    const row = await screen.findByTestId("case-row-INV-42");
    expect(within(row).getByTestId("case-priority")).toHaveTextContent("Urgente");
    expect(within(row).getByTestId("case-overdue")).toHaveTextContent("En retard");
    expect(within(row).getByTestId("case-state")).toHaveTextContent("Ouvert");
    // The breach's payments are counted and its rule is named, never written as its id.
    expect(within(row).getByTestId("case-row-payments")).toHaveTextContent("3 paiements");
    expect(row).toHaveTextContent("Dotation carte");
    expect(row).not.toHaveTextContent("CARD_CAP");

    const user = userEvent.setup();
    await user.click(within(row).getByRole("checkbox", { name: "Sélectionner INV-42" }));
    await user.selectOptions(screen.getByTestId("bulk-assignee"), "r1");
    await user.click(screen.getByRole("button", { name: "Attribuer (1)" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Le dossier a changé depuis votre lecture : rechargez-le puis réessayez.");
    expect(sent).toEqual([{ assignee: "r1", cases: [{ id: ROW.id, etag: ROW.etag }] }]);
  });
});

describe("exportUrl", () => {
  it("repeats list filters and leaves out empty ones", () => {
    expect(exportUrl({ state: ["open", "in_review"], overdue: "true", rule_id: "" })).toBe(
      "/api/v1/cases/export/?state=open&state=in_review&overdue=true",
    );
    expect(exportUrl({})).toBe("/api/v1/cases/export/");
  });
});
