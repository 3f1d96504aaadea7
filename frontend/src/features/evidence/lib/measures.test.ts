import { describe, expect, it } from "vitest";

import type { AllowanceRow, PairRow } from "../api/types";
import { allowanceDistributions, formatCount, formatMad, HEADLINE_ORDER, pairSeries, suppressedCount } from "./measures";

function row(cluster: string, pair: string, mad: string | null, suppressed = false): PairRow {
  return { cluster, pair, declarations: mad === null ? null : 1, participants: mad === null ? null : 5, mad, suppressed } as PairRow;
}

describe("evidence measures", () => {
  it("take one pair's MAD per label, the margin left out and suppressed cells kept as gaps", () => {
    const rows = [
      row("MNC", "unlocked", "12000.00"),
      row("MNC", "breach_both", "3000.00"),
      row("SOLAIRE", "unlocked", null, true),
      row("TOTAL", "unlocked", "15000.00"),
    ];
    expect(pairSeries(rows, "cluster")).toEqual([
      { label: "MNC", value: 12000, mad: "12000.00", suppressed: false },
      { label: "SOLAIRE", value: null, mad: null, suppressed: true },
    ]);
    expect(pairSeries(rows, "cluster", "breach_both")).toEqual([
      { label: "MNC", value: 3000, mad: "3000.00", suppressed: false },
    ]);
  });

  it("show the pair the proposal newly blocks right after the pair it unlocks", () => {
    expect(HEADLINE_ORDER.slice(0, 2)).toEqual(["unlocked", "newly_blocked"]);
    expect(HEADLINE_ORDER).toHaveLength(7);
  });

  it("write MAD exactly, grouped the language's way, cents only when there are some", () => {
    expect(formatMad("2500000.00", "en")).toBe("2,500,000 MAD");
    expect(formatMad("2500000.00", "fr")).toBe("2\u202f500\u202f000 MAD");
    expect(formatMad("12345678901234567.25", "en")).toBe("12,345,678,901,234,567.25 MAD");
    expect(formatMad("1000.50", "fr")).toBe("1\u202f000,50 MAD");
    expect(formatMad(null, "fr")).toBeNull();
    expect(formatCount(1234, "en")).toBe("1,234");
    expect(formatCount(null, "en")).toBeNull();
  });

  it("group allowance buckets per allowance, rules in force first", () => {
    const rows: AllowanceRow[] = [
      { bucket: "80-100", allowance: "proposed:CARD_CAP", participants: 6, used_mad: "1.00", suppressed: false },
      { bucket: "100+", allowance: "in_force:CARD_CAP", participants: null, used_mad: null, suppressed: true },
      { bucket: "TOTAL", allowance: "in_force:CARD_CAP", participants: 9, used_mad: "1.00", suppressed: false },
      { bucket: "TOTAL", allowance: "TOTAL", participants: 15, used_mad: "2.00", suppressed: false },
    ];
    const [inForce, proposed] = allowanceDistributions(rows);
    expect([inForce?.kind, inForce?.ruleId, inForce?.total]).toEqual(["in_force", "CARD_CAP", 9]);
    expect(inForce?.buckets.at(-1)).toEqual({ bucket: "100+", participants: null, suppressed: true });
    expect(inForce?.buckets[0]).toEqual({ bucket: "0-20", participants: 0, suppressed: false });
    expect(proposed?.buckets[4]).toEqual({ bucket: "80-100", participants: 6, suppressed: false });
    expect(proposed?.total).toBeNull();
  });

  it("count the suppressed cells of every table", () => {
    expect(suppressedCount({ a: [row("MNC", "unlocked", null, true), row("X", "unlocked", "1.00")], b: [], disclosure: null })).toBe(1);
  });
});
