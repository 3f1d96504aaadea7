import { describe, expect, it } from "vitest";

import { buildChart, type ChartBox } from "./chart";

const BOX: ChartBox = { width: 200, height: 120, top: 10, right: 10, bottom: 10, left: 10 };

describe("buildChart", () => {
  it("places dates by elapsed time and values on one shared axis", () => {
    // Values 9 to 11 pad by 5 % of their spread to 8.9–11.1; the plot is 180 × 100.
    const chart = buildChart(
      [
        { key: "EUR", points: [{ date: "2026-03-05", value: 11 }, { date: "2026-03-01", value: 10 }] },
        { key: "USD", points: [{ date: "2026-03-02", value: 9 }] },
      ],
      BOX,
    );

    const eur = chart.lines[0]!;
    // Sorted by date; 4 days over a 4-day span is the full width.
    expect(eur.dots.map(({ x, y, date }) => ({ x, y, date }))).toEqual([
      { x: 10, y: 60, date: "2026-03-01" },
      { x: 190, y: 14.5, date: "2026-03-05" },
    ]);
    expect(eur.path).toBe("M10 60 L190 14.5");
    expect(chart.lines[1]!.path).toBe("M55 105.5");
    expect(chart.xTicks).toEqual([
      { x: 10, date: "2026-03-01" },
      { x: 190, date: "2026-03-05" },
    ]);
    expect(chart.yTicks.map((tick) => tick.y)).toEqual([110, 76.7, 43.3, 10]);
    expect(chart.yTicks[0]!.value).toBeCloseTo(8.9, 10);
    expect(chart.yTicks[3]!.value).toBeCloseTo(11.1, 10);
  });

  it("centres a single day and gives a flat series some height", () => {
    const chart = buildChart([{ key: "EUR", points: [{ date: "2026-03-25", value: 10 }] }], BOX);

    expect(chart.lines[0]!.dots[0]).toMatchObject({ x: 100, y: 60 });
    expect(chart.xTicks).toEqual([{ x: 100, date: "2026-03-25" }]);
    expect(chart.yTicks[0]!.value).toBeCloseTo(9.89, 10);
  });

  it("draws nothing without points", () => {
    expect(buildChart([{ key: "EUR", points: [] }], BOX)).toEqual({ lines: [], yTicks: [], xTicks: [] });
  });
});
