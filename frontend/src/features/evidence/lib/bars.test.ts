import { describe, expect, it } from "vitest";

import { layoutBars } from "./bars";

const BOX = { width: 220, height: 120, top: 10, right: 10, bottom: 10, left: 10 };

describe("bar layout", () => {
  it("scales bars from zero to the largest value and keeps a suppressed slot empty", () => {
    const layout = layoutBars(
      [
        { label: "a", value: 100 },
        { label: "b", value: null },
        { label: "c", value: 50 },
      ],
      BOX,
    );
    expect(layout.baseline).toBe(110);
    expect(layout.bars.map((bar) => [bar.x, bar.width, bar.y, bar.height, bar.suppressed])).toEqual([
      [16.7, 53.3, 10, 100, false],
      [83.3, 53.3, 110, 0, true],
      [150, 53.3, 60, 50, false],
    ]);
    expect(layout.ticks.map((tick) => tick.value)).toEqual([0, 100 / 3, 200 / 3, 100]);
  });

  it("puts a count axis on whole numbers, the top raised to the next multiple of the intervals", () => {
    const layout = layoutBars(
      [
        { label: "a", value: 5 },
        { label: "b", value: null },
      ],
      BOX,
      { integers: true },
    );
    expect(layout.ticks.map((tick) => tick.value)).toEqual([0, 2, 4, 6]);
    // 5 of a 6-high scale over a 100-unit plot.
    expect(layout.bars[0]?.height).toBe(83.3);
    expect(layoutBars([{ label: "a", value: 0 }], BOX, { integers: true }).ticks.map((tick) => tick.value)).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it("draws nothing without points and a flat baseline when every value is hidden", () => {
    expect(layoutBars([], BOX).bars).toEqual([]);
    const hidden = layoutBars([{ label: "a", value: null }], BOX);
    expect(hidden.bars[0]?.height).toBe(0);
    expect(hidden.ticks.at(-1)?.value).toBe(1);
  });
});
