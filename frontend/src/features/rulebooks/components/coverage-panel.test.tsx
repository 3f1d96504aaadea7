import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { AppProvider } from "@/app/provider";
import { createQueryClient } from "@/app/query-client";
import { jsonResponse, mockApi, problemResponse } from "@/testing/mock-api";

import { CoveragePanel } from "./coverage-panel";

const VERSION = "6a0c1a52-0000-4000-8000-000000000001";
const ZERO = { compliant: 0, breach: 0, needs_review: 0, pending_rate: 0, open: 0 };

function rule(id: string, fr: string, extra: Record<string, unknown>) {
  return {
    rule_id: id,
    kind: "period_cap",
    title_fr: fr,
    title_en: `${fr} (en)`,
    confidence: "press",
    citation: "IGOC 2026",
    ...extra,
  };
}

const REPORT = {
  version: { id: VERSION, number: 1, rulebook: { id: VERSION, name: "IGOC 2026", kind: "in_force" } },
  date_from: "2026-01-01",
  date_to: "2026-12-31",
  participant: null,
  as_of: "2026-12-05",
  counts_withheld: false,
  declarations: 983,
  participants: 52,
  rules_evaluated: 1,
  rules: [
    rule("ECOM_COMPANY_ANNUAL_CAP", "Dotation e-commerce des sociétés", {
      status: "evaluated",
      in_scope: 393,
      evaluated: 390,
      not_evaluable: 3,
      outcomes: { ...ZERO, compliant: 122, breach: 268, needs_review: 3 },
      missing: [{ fact: "tax_paid_last_fy", declarations: 3 }],
    }),
    rule("BIZ_TRAVEL_ANNUAL_CAP", "Dotation voyages d'affaires", {
      status: "not_evaluated",
      in_scope: 0,
      evaluated: 0,
      not_evaluable: 0,
      outcomes: ZERO,
      missing: [],
    }),
  ],
};

function renderPanel() {
  render(
    <AppProvider queryClient={createQueryClient()}>
      <CoveragePanel versionId={VERSION} />
    </AppProvider>,
  );
}

describe("rule coverage", () => {
  it("labels each rule by its title, marks the rules not evaluated and says what was missing in words", async () => {
    mockApi([
      {
        method: "GET",
        path: `/api/v1/rulebook-versions/${VERSION}/coverage/`,
        respond: () => jsonResponse(200, REPORT),
      },
    ]);
    renderPanel();
    const company = await screen.findByTestId("coverage-ECOM_COMPANY_ANNUAL_CAP");
    expect(within(company).getByRole("rowheader")).toHaveTextContent("Dotation e-commerce des sociétés");
    expect(company).toHaveTextContent("impôt payé au dernier exercice : 3 paiements");
    expect(company).toHaveTextContent("Dépassement : 268");
    expect(company).not.toHaveTextContent("ECOM_COMPANY_ANNUAL_CAP");
    const travel = screen.getByTestId("coverage-BIZ_TRAVEL_ANNUAL_CAP");
    expect(travel).toHaveTextContent("Non évaluée");
    expect(travel).toHaveTextContent("Aucun paiement de la période dans son champ.");
    expect(screen.getByTestId("coverage-summary")).toHaveTextContent(
      "1 règle sur 2 a évalué au moins un paiement (1 janvier 2026 – 31 décembre 2026). " +
        "983 paiements de 52 participants contrôlés par cette version.",
    );
  });

  it("asks for the period chosen and says a refused one in words", async () => {
    const { requests } = mockApi([
      {
        method: "GET",
        path: `/api/v1/rulebook-versions/${VERSION}/coverage/`,
        respond: (request) =>
          new URL(request.url).searchParams.get("date_from") === "2030-01-01"
            ? problemResponse(400, {
                title: "Invalid input",
                detail: "The period ends before it starts.",
                code: "period_reversed",
                errors: [{ pointer: "/date_to", code: "period_reversed", detail: "The period ends before it starts." }],
              })
            : jsonResponse(200, REPORT),
      },
    ]);
    renderPanel();
    await screen.findByTestId("coverage-table");
    await userEvent.type(screen.getByLabelText("Dates de valeur du"), "2030-01-01");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "La période se termine avant de commencer : corrigez les dates.",
    );
    const asked = requests.map((r) => new URL(r.url).search);
    expect(asked).toContain("?date_from=2030-01-01");
  });
});
