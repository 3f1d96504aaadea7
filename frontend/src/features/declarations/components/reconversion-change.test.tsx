import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AppProvider } from "@/app/provider";
import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";

import type { Reconversion } from "../api/declarations";
import { ReconversionChange } from "./reconversion-change";

const IN_FORCE = { name_fr: "IGOC 2026 — règles en vigueur", name_en: "IGOC 2026 — rules in force", kind: "in_force" };
const PROPOSAL = { name_fr: "Proposition sandbox 2026", name_en: "Sandbox proposal 2026", kind: "proposed" };

// A Saturday payment carried forward from Thursday, re-converted with Friday's late rate.
const LATE_FRIDAY: Reconversion = {
  cause: "rates_published",
  before: {
    conversion: { amount_mad: "1995785.40", rate: "9.3261", rate_date: "2026-03-26", source: "bam", method: "carried_forward" },
    verdicts: [
      { rulebook: IN_FORCE, version: 1, verdict: "compliant" },
      { rulebook: PROPOSAL, version: 1, verdict: "compliant" },
    ],
  },
  after: {
    conversion: { amount_mad: "2015743.25", rate: "9.419361", rate_date: "2026-03-27", source: "bam", method: "carried_forward" },
    verdicts: [
      { rulebook: IN_FORCE, version: 1, verdict: "breach" },
      { rulebook: PROPOSAL, version: 1, verdict: "compliant" },
    ],
  },
};

function renderChange(change: Reconversion, language: "fr" | "en") {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  render(
    <AppProvider>
      <ReconversionChange change={change} currency="USD" />
    </AppProvider>,
  );
  const rows = within(screen.getByTestId("reconversion-change")).getAllByRole("row");
  // Each row's header and cells as read, spaces of every kind as plain ones.
  return rows.map((row) => Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent.replace(/\s/g, " ")));
}

describe("ReconversionChange", () => {
  it("shows the old and new rate, amount and verdicts side by side, in French", () => {
    const rows = renderChange(LATE_FRIDAY, "fr");
    expect(screen.getByTestId("reconversion-change")).toHaveTextContent(
      "Un cours publié en retard ou révisé a changé la conversion de ce paiement, puis il a été contrôlé à nouveau.",
    );
    expect(rows).toEqual([
      ["", "Avant", "Après"],
      [
        "Cours",
        "1 USD = 9,3261 MAD (Reporté du dernier jour publié, 26 mars 2026)",
        "1 USD = 9,419361 MAD (Reporté du dernier jour publié, 27 mars 2026)",
      ],
      ["Montant en dirhams", "1 995 785,40 MAD", "2 015 743,25 MAD"],
      ["Verdict : IGOC 2026 — règles en vigueur", "Conforme", "Dépassement"],
      ["Verdict : Proposition sandbox 2026", "Conforme", "Conforme"],
    ]);
  });

  it("says it in English, a payment that waited for its rate, and a regulator's marked day", () => {
    const waited: Reconversion = {
      cause: "non_publication_day_marked",
      before: { conversion: null, verdicts: [{ rulebook: IN_FORCE, version: 1, verdict: "pending_rate" }] },
      after: { ...LATE_FRIDAY.after, verdicts: [{ rulebook: IN_FORCE, version: 1, verdict: "breach" }] },
    };
    const rows = renderChange(waited, "en");
    expect(screen.getByTestId("reconversion-change")).toHaveTextContent(
      "A day without publication, confirmed by the regulator, changed this payment's conversion; it was then screened again.",
    );
    expect(rows).toEqual([
      ["", "Before", "After"],
      ["Rate", "Waiting for its rate", "1 USD = 9.419361 MAD (Carried forward from the last publication, 27 Mar 2026)"],
      ["Amount in dirhams", "Waiting for its rate", "MAD 2,015,743.25"],
      ["Verdict: IGOC 2026 — rules in force", "Waiting for the rate", "Breach"],
    ]);
  });
});
