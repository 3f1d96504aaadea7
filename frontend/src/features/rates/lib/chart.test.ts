import { describe, expect, it } from "vitest";

import { mergeSeries } from "./chart";

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
