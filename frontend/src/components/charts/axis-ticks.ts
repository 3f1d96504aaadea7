import { getNiceTickValues } from "recharts";

import { LOCALES, type Language } from "@/lib/i18n";

/** How many ticks a value axis asks for (recharts may return one or two fewer or more). */
const TICK_COUNT = 5;
const MAX_DECIMALS = 2;
const SCALES = [1e9, 1e6, 1e3] as const;

/**
 * Round ticks for a value axis drawn from zero: recharts' own "snap to 1, 2, 2.5, 5 × 10ⁿ"
 * algorithm, so steps read 0.5 M, 1 M, 1.5 M rather than 450 k, 900 k, 1.35 M.
 */
export function valueAxisTicks(max: number, allowDecimals: boolean): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  return getNiceTickValues([0, top], TICK_COUNT, allowDecimals, "snap125");
}

function decimalsOf(value: number): number {
  const text = value.toFixed(MAX_DECIMALS).replace(/0+$/, "");
  const dot = text.indexOf(".");
  return dot === -1 ? 0 : text.length - dot - 1;
}

/**
 * One compact format for every tick of an axis: the unit of the largest tick (k, M, Md in French;
 * K, M, B in English) and the same number of decimals on each, so an axis reads "0,5 M · 1,0 M ·
 * 1,5 M" and never mixes "900 k" with "1,4 M". Zero is written "0".
 */
export function compactAxisFormatter(ticks: readonly number[], language: Language): (value: number) => string {
  const locale = LOCALES[language];
  const largest = Math.max(0, ...ticks.map(Math.abs));
  const scale = SCALES.find((candidate) => largest >= candidate) ?? 1;
  const decimals = Math.max(0, ...ticks.map((tick) => decimalsOf(tick / scale)));
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  // The locale's own unit and spacing ("1 M", "1M"), with the scaled figure put in place of the 1.
  const unitParts = scale === 1 ? [] : new Intl.NumberFormat(locale, { notation: "compact" }).formatToParts(scale);
  return (value: number) => {
    if (value === 0) {
      return new Intl.NumberFormat(locale).format(0);
    }
    const figure = number.format(value / scale);
    if (unitParts.length === 0) {
      return figure;
    }
    return unitParts.map((part) => (part.type === "integer" ? figure : part.value)).join("");
  };
}
