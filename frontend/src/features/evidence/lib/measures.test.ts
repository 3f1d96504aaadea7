import { describe, expect, it } from "vitest";

import type { AllowanceRow, PairRow, ReviewRow } from "../api/types";
import {
  allowanceDistributions,
  BREAKDOWN_COLUMNS,
  breakdownRows,
  formatCount,
  formatMad,
  formatMean,
  HEADLINE_ORDER,
  outcomeSeries,
  basisSeries,
  reviewOutcomes,
  suppressedCount,
} from "./measures";

function row(cluster: string, pair: string, mad: string | null, suppressed = false, basis = "law"): PairRow {
  return {
    cluster,
    pair,
    basis,
    declarations: mad === null ? null : 1,
    participants: mad === null ? null : 5,
    mad,
    suppressed,
  } as PairRow;
}

/** A reviews row: [cases, participants, days_total, documents_requested], or null when hidden. */
function review(outcome: string, figures: [number, number, number, number] | null): ReviewRow {
  const [cases, participants, days, documents] = figures ?? [null, null, null, null];
  return {
    outcome,
    scope: "all",
    cases,
    participants,
    days_total: days,
    documents_requested: documents,
    suppressed: figures === null,
  };
}

describe("evidence measures", () => {
  it("take one pair's MAD per label, law-backed and illustrative apart, the margin left out and suppressed cells kept as gaps", () => {
    const rows = [
      row("MNC", "unlocked", "12000.00"),
      row("MNC", "unlocked", "4000.00", false, "illustrative"),
      row("MNC", "unlocked", "16000.00", false, "TOTAL"),
      row("MNC", "breach_both", "3000.00"),
      row("SOLAIRE", "unlocked", null, true),
      row("TOTAL", "unlocked", "15000.00"),
    ];
    expect(basisSeries(rows, "cluster")).toEqual([
      {
        label: "MNC",
        law: { label: "MNC", value: 12000, exact: "12000.00", suppressed: false },
        illustrative: { label: "MNC", value: 4000, exact: "4000.00", suppressed: false },
      },
      {
        label: "SOLAIRE",
        law: { label: "SOLAIRE", value: null, exact: null, suppressed: true },
        // A part the server did not send is an empty one.
        illustrative: { label: "SOLAIRE", value: 0, exact: "0.00", suppressed: false },
      },
    ]);
    expect(basisSeries(rows, "cluster", "breach_both").map((p) => p.law.exact)).toEqual(["3000.00"]);
  });

  it("show the pair the proposal newly blocks right after the pair it unlocks", () => {
    expect(HEADLINE_ORDER.slice(0, 2)).toEqual(["unlocked", "newly_blocked"]);
    expect(HEADLINE_ORDER).toHaveLength(7);
  });

  it("write MAD exactly, grouped the language's way, cents only when there are some", () => {
    const [NBSP, NNBSP] = ["\u00a0", "\u202f"];
    expect(formatMad("2500000.00", "en")).toBe(`MAD${NBSP}2,500,000`);
    expect(formatMad("2500000.00", "fr")).toBe(`2${NNBSP}500${NNBSP}000${NBSP}MAD`);
    expect(formatMad("12345678901234567.25", "en")).toBe(`MAD${NBSP}12,345,678,901,234,567.25`);
    expect(formatMad("1000.50", "fr")).toBe(`1${NNBSP}000,50${NBSP}MAD`);
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

  it("lay a breakdown out as one row per value, law-backed and illustrative apart, the margin last and hidden cells kept hidden", () => {
    const rows = [
      row("TOTAL", "unlocked", "15000.00", false, "law"),
      row("MNC", "unlocked", "12000.00", false, "TOTAL"),
      row("MNC", "unlocked", "9000.00", false, "law"),
      row("MNC", "unlocked", "3000.00", false, "illustrative"),
      row("SOLAIRE", "unlocked", null, true, "law"),
      row("MNC", "compliant_both", "500.00", false, "TOTAL"),
      row("MNC", "TOTAL", "12500.00", false, "TOTAL"),
    ];
    const table = breakdownRows(rows, "cluster");
    expect(table.map((r) => [r.label, r.total])).toEqual([
      ["MNC", false],
      ["SOLAIRE", false],
      ["TOTAL", true],
    ]);
    expect(Object.keys(table[0]?.cells ?? {})).toEqual([...BREAKDOWN_COLUMNS]);
    // The unlocked cell shows the law-backed 9,000 with the illustrative 3,000 beside it, never 12,000.
    expect(table[0]?.cells.unlocked.main).toEqual({ declarations: 1, participants: 5, mad: "9000.00", suppressed: false });
    expect(table[0]?.cells.unlocked.illustrative?.mad).toBe("3000.00");
    // A pair no rule blocks in force has no illustrative part; the margin column is all declarations.
    expect(table[0]?.cells.compliant_both).toEqual({
      main: { declarations: 1, participants: 5, mad: "500.00", suppressed: false },
      illustrative: null,
    });
    expect(table[0]?.cells.TOTAL.main.mad).toBe("12500.00");
    expect(table[1]?.cells.unlocked.main).toEqual({ declarations: null, participants: null, mad: null, suppressed: true });
    // A pair the server did not send for a row is an empty cell, not a hidden one.
    expect(table[1]?.cells.newly_blocked.main).toEqual({ declarations: 0, participants: 0, mad: "0.00", suppressed: false });
    expect(breakdownRows([], "cluster")).toEqual([]);
  });

  it("list every outcome in order, zero where no case reached it, friction as a mean of days", () => {
    const rows = [
      review("TOTAL", [6, 6, 21, 2]),
      review("allowed_under_sandbox", null),
      review("breach_confirmed", null),
      review("waived_later", [4, 3, 10, 0]),
    ];
    const { outcomes, total } = reviewOutcomes(rows);
    expect(outcomes.map((o) => o.outcome)).toEqual([
      "allowed_under_sandbox",
      "breach_confirmed",
      "cleared",
      "escalated",
      "waived_later",
    ]);
    expect(outcomes[0]).toEqual({
      outcome: "allowed_under_sandbox",
      cases: null,
      participants: null,
      meanDays: null,
      documentsRequested: null,
      suppressed: true,
    });
    expect(outcomes[2]).toEqual({
      outcome: "cleared",
      cases: 0,
      participants: 0,
      meanDays: null,
      documentsRequested: 0,
      suppressed: false,
    });
    expect(outcomes[4]?.meanDays).toBe(2.5);
    expect(total).toEqual({
      outcome: "TOTAL",
      cases: 6,
      participants: 6,
      meanDays: 3.5,
      documentsRequested: 2,
      suppressed: false,
    });
    expect(outcomeSeries(outcomes.slice(1, 3))).toEqual([
      { label: "breach_confirmed", value: null, exact: null, suppressed: true },
      { label: "cleared", value: 0, exact: "0", suppressed: false },
    ]);
  });

  it("have no review figures at all when no case was decided", () => {
    const { outcomes, total } = reviewOutcomes([]);
    expect(total).toBeNull();
    expect(outcomes.every((o) => o.cases === 0 && !o.suppressed)).toBe(true);
  });

  it("write a mean of days with one decimal at most, the language's way", () => {
    expect(formatMean(3.5, "fr")).toBe("3,5");
    expect(formatMean(3.5, "en")).toBe("3.5");
    expect(formatMean(10 / 3, "en")).toBe("3.3");
    expect(formatMean(3, "fr")).toBe("3");
    expect(formatMean(null, "fr")).toBeNull();
  });
});
