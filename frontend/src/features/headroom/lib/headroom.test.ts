import { describe, expect, it } from "vitest";

import type { HeadroomRow } from "../api/headroom";
import { headroomLine, isOver, missingLine, orderRows, resetLine, toCentimes, usedPercent } from "./headroom";

// French groups thousands with a narrow no-break space.
const NBSP = "\u00a0";
const NNBSP = "\u202f";

function row(overrides: Partial<HeadroomRow>): HeadroomRow {
  return {
    rulebook: {
      id: "rb-1",
      name: "IGOC 2026 — rules in force",
      name_fr: "IGOC 2026 — règles en vigueur",
      name_en: "IGOC 2026 — rules in force",
      kind: "in_force",
    },
    version: { id: "v-1", number: 1 },
    governing: true,
    rule_id: "annual_services_cap",
    title_fr: "Plafond annuel",
    title_en: "Annual cap",
    limit: "2000000.00",
    used: "1240000.00",
    left: "760000.00",
    limit_low: "2000000.00",
    limit_high: "2000000.00",
    left_low: "760000.00",
    left_high: "760000.00",
    missing_facts: [],
    pending_count: 0,
    period_start: "2026-01-01",
    period_end: "2026-12-31",
    resets_on: "2027-01-01",
    confidence: "official",
    illustrative: false,
    citation: "IGOC 2026, art. 1",
    ...overrides,
  };
}

describe("headroom arithmetic", () => {
  it("reads MAD strings as exact centimes", () => {
    expect(toCentimes("1240000.00")).toBe(124000000n);
    expect(toCentimes("0.5")).toBe(50n);
    expect(toCentimes("-12.34")).toBe(-1234n);
    expect(toCentimes("7")).toBe(700n);
  });

  it("gives the used share in whole percent, clamped for the bar", () => {
    expect(usedPercent("1240000.00", "2000000.00")).toBe(62);
    expect(usedPercent("1999999.99", "2000000.00")).toBe(99);
    expect(usedPercent("2500000.00", "2000000.00")).toBe(100);
    expect(usedPercent("0.00", "2000000.00")).toBe(0);
    expect(usedPercent("1.00", "0.00")).toBe(100);
  });

  it("says when the cap is exceeded", () => {
    expect(isOver(row({ used: "2000000.00" }))).toBe(false);
    expect(isOver(row({ used: "2000000.01" }))).toBe(true);
  });
});

describe("headroom sentences", () => {
  it("words the rules in force and the proposal in both languages", () => {
    expect(headroomLine(row({}), "en")).toBe(`MAD${NBSP}1,240,000 of MAD${NBSP}2,000,000 used in 2026 under the rules in force`);
    expect(headroomLine(row({ limit: "4000000.00", rulebook: { id: "rb-2", name: "Sandbox", name_fr: "Sandbox", name_en: "Sandbox", kind: "proposed" } }), "en")).toBe(
      `MAD${NBSP}1,240,000 of MAD${NBSP}4,000,000 used in 2026 under the sandbox proposal`,
    );
    expect(headroomLine(row({ used: "1240000.50" }), "fr")).toBe(
      `1${NNBSP}240${NNBSP}000,50${NBSP}MAD utilisés sur 2${NNBSP}000${NNBSP}000${NBSP}MAD en 2026 selon les règles en vigueur`,
    );
    expect(resetLine(row({}), "en")).toBe(`MAD${NBSP}760,000 left; resets on 1 January 2027.`);
  });

  it("puts the rules in force first, then by rule", () => {
    const proposal = row({ rule_id: "a", rulebook: { id: "rb-2", name: "Sandbox", name_fr: "Sandbox", name_en: "Sandbox", kind: "proposed" } });
    const second = row({ rule_id: "b" });
    const first = row({ rule_id: "a" });
    expect(orderRows([proposal, second, first])).toEqual([first, second, proposal]);
  });
});

describe("a cap that hangs on an unrecorded fact", () => {
  const unknown = row({
    limit: null,
    left: null,
    limit_low: "0.00",
    limit_high: "2000000.00",
    used: "90000.00",
    left_low: "0.00",
    left_high: "1910000.00",
    missing_facts: ["tax_paid_last_fy"],
  });

  it("shows no share and no single figure", () => {
    expect(usedPercent(unknown.used, unknown.limit)).toBeNull();
    expect(headroomLine(unknown, "en")).toBe(
      `MAD${NBSP}90,000 used in 2026 under the rules in force; cap unknown, between MAD${NBSP}0 and MAD${NBSP}2,000,000`,
    );
    expect(resetLine(unknown, "en")).toBe(`Between MAD${NBSP}0 and MAD${NBSP}1,910,000 left; resets on 1 January 2027.`);
  });

  it("names the missing fact in the reader's language", () => {
    expect(missingLine(unknown, "en")).toBe("The cap depends on a fact the regulator has not recorded yet: tax paid last year.");
    expect(missingLine(unknown, "fr")).toBe(
      "Le plafond dépend d'un fait que le régulateur n'a pas encore enregistré : impôt payé au dernier exercice.",
    );
    expect(missingLine(row({}), "en")).toBeNull();
  });

  it("is over only when over the highest the cap can be", () => {
    expect(isOver(unknown)).toBe(false);
    expect(isOver({ ...unknown, used: "2000000.01" })).toBe(true);
  });
});
