import { describe, expect, it } from "vitest";

import { dayTicks, mergeSeries } from "./chart";

describe("mergeSeries", () => {
  it("gives one row per date in date order, each series' value where it has one", () => {
    const rows = mergeSeries([
      { key: "EUR", points: [{ date: "2026-03-05", value: "10.9000" }, { date: "2026-03-01", value: "10.8057" }] },
      { key: "USD", points: [{ date: "2026-03-01", value: "9.9500" }] },
    ]);

    expect(rows.map((row) => [row.date, row.EUR, row.USD])).toEqual([
      ["2026-03-01", 10.8057, 9.95],
      ["2026-03-05", 10.9, undefined],
    ]);
    // Four days apart on the axis: a weekend keeps its width.
    expect(rows[1]!.day - rows[0]!.day).toBe(4);
    // The exact strings stay for the data table.
    expect(rows[0]!.raw).toEqual({ EUR: "10.8057", USD: "9.9500" });
  });

  it("has no row without data", () => {
    expect(mergeSeries([{ key: "EUR", points: [] }])).toEqual([]);
  });
});

describe("dayTicks", () => {
  const rows = (...dates: string[]) => mergeSeries([{ key: "EUR", points: dates.map((date) => ({ date, value: "10.8" })) }]);

  it("marks each of two consecutive days once, never a day twice", () => {
    const ticks = dayTicks(rows("2026-03-25", "2026-03-26"));
    expect(ticks).toEqual([rows("2026-03-25")[0]!.day, rows("2026-03-26")[0]!.day]);
  });

  it("spreads at most six whole days over a month, the first and the last included", () => {
    const month = rows("2026-03-02", "2026-03-16", "2026-03-31");
    const ticks = dayTicks(month);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every(Number.isInteger)).toBe(true);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect([ticks[0], ticks.at(-1)]).toEqual([month[0]!.day, month[2]!.day]);
  });

  it("has no tick without data", () => {
    expect(dayTicks([])).toEqual([]);
  });
});
