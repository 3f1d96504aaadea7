import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AppProvider } from "@/app/provider";
import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";

import type { Verdict } from "../api/screening";
import { VerdictsPanel } from "./verdicts-panel";

const PROPOSAL: Verdict = {
  rulebook: {
    id: "rb-2",
    name: "Sandbox proposal 2026",
    name_fr: "Proposition sandbox 2026",
    name_en: "Sandbox proposal 2026",
    kind: "proposed",
  },
  version: { id: "v-2", number: 1 },
  verdict: "breach",
  governing: true,
  evaluated_at: "2026-03-02T10:00:00Z",
  engine_version: "1",
  findings: [
    {
      rule_id: "annual_cap",
      rule_kind: "period_cap",
      outcome: "breach",
      measured: "4100000.00",
      limit: "4000000.00",
      unit: "MAD",
      window: { start: "2026-01-01", end: "2026-12-31" },
      contributing: [],
      contributing_count: 0,
      missing_facts: [],
      explanation: "Annual total 4,100,000 MAD exceeds 4,000,000 MAD.",
      explanation_fr: "Le total annuel de 4 100 000 MAD dépasse 4 000 000 MAD.",
      explanation_en: "Annual total 4,100,000 MAD exceeds 4,000,000 MAD.",
      citation: "Sandbox proposal, §2",
      confidence: "illustrative",
      illustrative: true,
      severity: "high",
    },
  ],
};

const IN_FORCE: Verdict = {
  rulebook: {
    id: "rb-1",
    name: "IGOC 2026 — rules in force",
    name_fr: "IGOC 2026 — règles en vigueur",
    name_en: "IGOC 2026 — rules in force",
    kind: "in_force",
  },
  version: { id: "v-1", number: 3 },
  verdict: "compliant",
  governing: false,
  evaluated_at: "2026-03-02T10:00:00Z",
  engine_version: "1",
  findings: [],
};

function renderPanel(verdicts: Verdict[], language: "fr" | "en") {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  return render(
    <AppProvider>
      <VerdictsPanel verdicts={verdicts} />
    </AppProvider>,
  );
}

describe("VerdictsPanel", () => {
  it("shows both rulebooks side by side, rules in force first, in French", () => {
    renderPanel([PROPOSAL, IN_FORCE], "fr");
    const cards = within(screen.getByTestId("verdicts")).getAllByRole("article");
    expect(cards.map((card) => card.getAttribute("data-testid"))).toEqual(["verdict-in_force", "verdict-proposed"]);
    expect(within(cards[0]!).getByTestId("verdict-badge")).toHaveTextContent("Conforme");
    expect(cards[0]).toHaveTextContent("Aucune règle enfreinte.");
    expect(within(cards[1]!).getByTestId("verdict-badge")).toHaveTextContent("Dépassement");
    const finding = within(cards[1]!).getByTestId("finding");
    expect(finding).toHaveTextContent("Le total annuel de 4 100 000 MAD dépasse 4 000 000 MAD.");
    expect(finding).toHaveTextContent("Source : Sandbox proposal, §2 · Fiabilité : illustrative");
    expect(within(finding).getByTestId("illustrative")).toHaveTextContent("Valeur illustrative");
    expect(cards[1]).toHaveTextContent("référentiel applicable");
  });

  it("uses the English explanation in English", () => {
    renderPanel([PROPOSAL], "en");
    const finding = screen.getByTestId("finding");
    expect(finding).toHaveTextContent("Annual total 4,100,000 MAD exceeds 4,000,000 MAD.");
    expect(finding).toHaveTextContent("Source: Sandbox proposal, §2 · Confidence: illustrative");
  });

  it("names an unknown fact and shows an open deadline's due date, in both languages", () => {
    const unknown: Verdict = {
      ...IN_FORCE,
      verdict: "needs_review",
      findings: [
        {
          ...PROPOSAL.findings[0]!,
          rule_id: "ECOM_COMPANY_ANNUAL_CAP",
          rule_kind: "tax_linked_cap",
          outcome: "needs_review",
          limit: null,
          missing_facts: ["tax_paid_last_fy"],
          confidence: "press",
          illustrative: false,
        },
        {
          ...PROPOSAL.findings[0]!,
          rule_id: "SVC_EXPORT_REPATRIATION_DAYS",
          rule_kind: "deadline",
          outcome: "open",
          measured: null,
          window: { start: "2026-01-10", end: "2026-04-10" },
          confidence: "official",
          illustrative: false,
        },
      ],
    };
    renderPanel([unknown], "fr");
    const [cap, deadline] = screen.getAllByTestId("finding");
    expect(within(cap!).getByTestId("missing-facts")).toHaveTextContent(
      "Fait inconnu, à renseigner par le régulateur : impôt payé au dernier exercice",
    );
    expect(deadline).toHaveTextContent("En cours");
    expect(within(deadline!).getByTestId("due-by")).toHaveTextContent("Échéance : 10 avr. 2026");
    expect(within(deadline!).queryByTestId("missing-facts")).toBeNull();
  });

  it("says when nothing is screened yet", () => {
    renderPanel([], "en");
    expect(screen.getByTestId("verdicts")).toHaveTextContent("Not screened yet");
    expect(screen.queryByTestId("verdict-badge")).toBeNull();
  });
});
