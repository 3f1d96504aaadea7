import { describe, expect, it } from "vitest";

import { activeFilters, defaultFilters, optionsOf, periodError, periodQuery, toQuery } from "./filters";

describe("evidence filters", () => {
  it("default to the calendar year of today with every population filter open", () => {
    const filters = defaultFilters("2026-03-25");
    expect(toQuery(filters)).toEqual({ date_from: "2026-01-01", date_to: "2026-12-31" });
    expect(activeFilters(filters)).toEqual([]);
  });

  it("send only the chosen filters, trimmed, with the country upper-cased", () => {
    const filters = { ...defaultFilters("2026-05-01"), cluster: "MNC", country: " fr ", labelled: "false" as const, region: "  " };
    expect(toQuery(filters)).toEqual({
      date_from: "2026-01-01",
      date_to: "2026-12-31",
      cluster: "MNC",
      country: "FR",
      labelled: "false",
    });
    expect(activeFilters(filters)).toEqual([
      ["cluster", "MNC"],
      ["country", "FR"],
      ["labelled", "false"],
    ]);
    expect(periodQuery(filters)).toEqual({ date_from: "2026-01-01", date_to: "2026-12-31" });
  });

  it("refuse a period ending before it starts, and accept a one-day period", () => {
    const base = defaultFilters("2026-01-01");
    expect(periodError({ ...base, date_from: "2026-04-02", date_to: "2026-04-01" })).toBe(true);
    expect(periodError({ ...base, date_from: "2026-04-01", date_to: "2026-04-01" })).toBe(false);
  });

  it("offer the values of a breakdown without its margin or 'none', keeping the current choice", () => {
    const rows = [
      { sector: "Logiciel", pair: "unlocked" },
      { sector: "Fintech", pair: "unlocked" },
      { sector: "Logiciel", pair: "TOTAL" },
      { sector: "TOTAL", pair: "TOTAL" },
      { sector: "none", pair: "TOTAL" },
    ];
    expect(optionsOf(rows, "sector", "")).toEqual(["Fintech", "Logiciel"]);
    expect(optionsOf(rows, "sector", "Agritech")).toEqual(["Agritech", "Fintech", "Logiciel"]);
  });
});
