import { describe, expect, it } from "vitest";

import { compactAxisFormatter, valueAxisTicks } from "./axis-ticks";

// Intl writes a no-break (or narrow no-break) space in French figures; compare on plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("valueAxisTicks", () => {
  it("steps by round amounts, from zero past the largest value", () => {
    expect(valueAxisTicks(1_350_000, false)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
    expect(valueAxisTicks(870_000, false)).toEqual([0, 250_000, 500_000, 750_000, 1_000_000]);
    expect(valueAxisTicks(42, false)).toEqual([0, 20, 40, 60, 80]);
  });

  it("still draws an axis when every value is zero", () => {
    const ticks = valueAxisTicks(0, false);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(0);
  });
});

describe("compactAxisFormatter", () => {
  it("writes every tick of a million-range axis in M with one decimal, in French", () => {
    const ticks = valueAxisTicks(1_350_000, false);
    const format = compactAxisFormatter(ticks, "fr");
    expect(ticks.map((tick) => plain(format(tick)))).toEqual(["0", "0,5 M", "1,0 M", "1,5 M", "2,0 M"]);
  });

  it("writes the same axis in English with the English separator and unit", () => {
    const ticks = valueAxisTicks(1_350_000, false);
    const format = compactAxisFormatter(ticks, "en");
    // The locale's own abbreviation for a million ("M", or "m" in British usage, by ICU version).
    const million = new Intl.NumberFormat("en-GB", { notation: "compact" }).format(1_000_000).replace("1", "");
    expect(ticks.map(format)).toEqual(["0", `0.5${million}`, `1.0${million}`, `1.5${million}`, `2.0${million}`]);
  });

  it("keeps the unit of the largest tick and as many decimals as the step needs", () => {
    const ticks = valueAxisTicks(870_000, false);
    const format = compactAxisFormatter(ticks, "fr");
    expect(ticks.map((tick) => plain(format(tick)))).toEqual(["0", "0,25 M", "0,50 M", "0,75 M", "1,00 M"]);
  });

  it("writes thousands in k and small amounts as plain figures", () => {
    expect(valueAxisTicks(1_200, false).map(compactAxisFormatter(valueAxisTicks(1_200, false), "fr")).map(plain)).toEqual([
      "0",
      "0,5 k",
      "1,0 k",
      "1,5 k",
      "2,0 k",
    ]);
    const small = valueAxisTicks(42, false);
    expect(small.map(compactAxisFormatter(small, "en"))).toEqual(["0", "20", "40", "60", "80"]);
  });
});
